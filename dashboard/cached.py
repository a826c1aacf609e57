"""The page layer's caches: a rerun that changes nothing rebuilds nothing.

Everything derived from the tables is keyed by `data.revision()` (the tables' stamp and
the review store's revision) and the few ids of the selection, so a rerun neither copies
nor hashes the tables. Chart builders are keyed by the (small) rows they draw: building a
Plotly figure costs far more than hashing them. Results are shared, not copied
(``cache_resource``): callers only read them, and Streamlit serialises a figure without
changing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import pandas as pd
import streamlit as st

from dashboard import charts, data, figures, maps, selection

F = TypeVar("F", bound=Callable)
ENTRIES = 64  # per function: every view of a meeting's worth of selections
Revision = tuple[str, float, str]


def _shared(builder: F) -> F:
    return st.cache_resource(show_spinner=False, max_entries=ENTRIES)(builder)  # type: ignore[return-value]


@st.cache_resource(show_spinner=False, max_entries=2)
def tables(revision: Revision) -> dict[str, pd.DataFrame]:
    """data.load(), once per revision and shared: no copy of the tables on each rerun."""
    return data.load()


@_shared
def levels(revision: Revision) -> dict[str, str]:
    loaded = tables(revision)
    return data.region_levels(loaded["regions"], loaded["facts"])


@_shared
def regions_with_figures(revision: Revision) -> list[str]:
    loaded = tables(revision)
    return data.regions_with_facts(loaded["metrics_wide"], loaded["regions"])


@_shared
def latest(
    revision: Revision, regions: Sequence[str], metrics: Sequence[str], kind: str
) -> pd.DataFrame:
    """selection.latest, each row with the fact it stands on (article, sentence, year source)."""
    loaded = tables(revision)
    rows = selection.latest(loaded["metrics_wide"], regions, metrics, kind, levels(revision))
    return figures.chosen_facts(rows, loaded["facts"])


@_shared
def series(revision: Revision, regions: Sequence[str], metric: str, kind: str) -> pd.DataFrame:
    loaded = tables(revision)
    rows = selection.series(loaded["metrics_wide"], regions, metric, kind)
    return figures.chosen_facts(rows, loaded["facts"])


@_shared
def source_notes(revision: Revision, rows: pd.DataFrame) -> list[str]:
    return selection.source_notes(rows, tables(revision)["documents"])


@_shared
def figure_rows(revision: Revision, which: str, filters: tuple) -> pd.DataFrame:
    """The Data page's rows: facts or the comparison table, filtered, with their facts."""
    loaded = tables(revision)
    rows = loaded[which]
    for column, chosen in filters:
        if chosen:
            rows = rows[rows[column].isin(chosen)]
    return figures.chosen_facts(rows, loaded["facts"]) if which == "metrics_wide" else rows


bar_chart = _shared(charts.bar_chart)
ranking_chart = _shared(charts.ranking_chart)
trend_chart = _shared(charts.trend_chart)
map_figure = _shared(maps.map_figure)
display_table = _shared(selection.display_table)
readable = _shared(figures.readable)


@_shared
def figure_table(revision: Revision, which: str, filters: tuple, lang: str) -> pd.DataFrame:
    """The Data page's table as the reader reads it (figures.readable of figure_rows)."""
    rows = figure_rows(revision, which, filters)
    return figures.readable(rows, tables(revision)["documents"], lang)


@_shared
def review_rows(revision: Revision) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(extracted facts, every fact with its review state, documents) for the review page."""
    from dashboard import review_ui
    from extract import tables as extracted

    loaded = extracted.read_tables(data.processed_dir())
    facts = loaded["facts"]
    return facts, review_ui.review_rows(facts, data.review_db()), loaded["documents"]


@_shared
def filter_options(revision: Revision, which: str) -> dict[str, list]:
    """What the Data page's filters offer: the regions, metrics, years and kinds present."""
    loaded = tables(revision)
    rows = loaded[which]
    return {
        "region": data.regions_with_facts(rows, loaded["regions"]),
        "metric_id": sorted(rows["metric_id"].unique()),
        "year": sorted(int(y) for y in rows["year"].dropna().unique()),
        "kind": sorted(rows["kind"].unique()),
    }


@_shared
def review_labels(revision: Revision, lang: str) -> dict[str, str]:
    """The review picker's label of every fact, by its id."""
    from dashboard import review_ui

    _, rows, documents = review_rows(revision)
    titles = dict(zip(documents["doc_id"], documents["title"], strict=True))
    return {
        review_ui.fact_id(r): review_ui.fact_label(r, titles, lang) for r in rows.to_dict("records")
    }
