"""The page layer's caches: a rerun that changes nothing rebuilds nothing.

Everything read from the tables is keyed by `data.revision()` (the tables' stamp and the
review store's revision) and the few ids of the selection, so a rerun neither queries nor
hashes the tables again; what a page draws from these rows is cached the same way in
`dashboard.shown`. Results are shared, not copied: callers only read them, and Streamlit
serialises a figure without changing it.

They are memoised with functools, not Streamlit: Streamlit's cache reads the function's
signature and hashes every argument on each call (about 0.15 ms a call, as much as a chart
page's own rerun work), while these arguments (a revision stamp, ids, words) are hashable
as they are. The revision is in every key, so new tables or reviews are new entries.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard import data, figures, selection
from dashboard.data import Revision

F = TypeVar("F", bound=Callable)
ENTRIES = 64  # per function: every view of a meeting's worth of selections
STRIPES = 16  # locks per function: different selections rarely wait for each other
Filters = tuple[tuple[str, tuple], ...]  # (column, chosen values) pairs


def shared(builder: F) -> F:
    """One result per revision and selection, shared by every session; a widget's list of
    choices is keyed as the tuple it holds. Sessions asking for the same result at once
    wait for one build, as with Streamlit's cache (the server's read-ahead and a first
    page run among them): a lock per stripe of keys, few and bounded."""
    memo = functools.lru_cache(maxsize=ENTRIES)(builder)
    stripes = [threading.RLock() for _ in range(STRIPES)]

    def key(value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    @functools.wraps(builder)
    def call(*args: Any, **kwargs: Any) -> Any:
        args, kwargs = tuple(map(key, args)), {k: key(v) for k, v in kwargs.items()}
        with stripes[hash((args, *kwargs.items())) % STRIPES]:
            return memo(*args, **kwargs)

    return call  # type: ignore[return-value]


@shared
def levels(revision: Revision) -> dict[str, str]:
    return data.levels(revision)


@shared
def regions(revision: Revision) -> pd.DataFrame:
    return data.regions(revision)


@shared
def regions_with_figures(revision: Revision, table: str = "metrics_wide") -> list[str]:
    present = pd.DataFrame({"region": data.present(revision, "region", table)})
    return data.regions_with_facts(present, regions(revision))


@shared
def metric_groups(revision: Revision) -> dict[str, list[str]]:
    """The metrics that have figures, by category in catalogue order."""
    return selection.metrics_by_category(data.metrics(), data.present(revision, "metric_id"))


@shared
def latest(
    revision: Revision, regions: Sequence[str], metrics: Sequence[str], kind: str
) -> pd.DataFrame:
    """selection.latest, each row with the fact it stands on (article, sentence, year source)."""
    wide = data.wide_rows(revision, regions, metrics, kind)
    rows = selection.latest(wide, regions, metrics, kind, levels(revision))
    return figures.chosen_facts(rows, data.facts_of(revision, rows))


@shared
def series(revision: Revision, regions: Sequence[str], metric: str, kind: str) -> pd.DataFrame:
    wide = data.wide_rows(revision, regions, [metric], kind)
    rows = selection.series(wide, regions, metric, kind)
    return figures.chosen_facts(rows, data.facts_of(revision, rows))


@st.cache_resource(show_spinner=False, max_entries=ENTRIES)  # keyed by a frame: hashed
def documents_of(revision: Revision, rows: pd.DataFrame) -> pd.DataFrame:
    return data.documents_of(revision, rows)


@shared
def figure_rows(
    revision: Revision, which: str, filters: Filters, limit: int | None
) -> pd.DataFrame:
    """The Data page's rows: facts or the comparison table, filtered, with their facts;
    the first ``limit`` (None: all, for a download)."""
    rows = data.rows_of(revision, which, filters, limit)
    if which == "metrics_wide":
        rows = figures.chosen_facts(rows, data.facts_of(revision, rows))
    return rows


@shared
def figure_count(revision: Revision, which: str, filters: Filters) -> int:
    return data.count_of(revision, which, filters)


@shared
def figure_table(
    revision: Revision, which: str, filters: Filters, lang: str, limit: int | None
) -> pd.DataFrame:
    """The Data page's table as the reader reads it (figures.readable of figure_rows)."""
    rows = figure_rows(revision, which, filters, limit)
    return figures.readable(rows, documents_of(revision, rows), lang)


@shared
def filter_options(revision: Revision, which: str) -> dict[str, list]:
    """What the Data page's filters offer: the regions, metrics, years and kinds present."""
    return {
        "region": regions_with_figures(revision, which),
        "metric_id": data.present(revision, "metric_id", which),
        "year": [int(y) for y in data.present(revision, "year", which)],
        "kind": data.present(revision, "kind", which),
    }


@shared
def region_facts(revision: Revision, region: str) -> pd.DataFrame:
    """Every reviewed figure about one region."""
    return data.rows_of(revision, "facts", [("region", [region])])


@shared
def article(revision: Revision, doc_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the article's document row, its reviewed facts)."""
    only = [("doc_id", [doc_id])]
    return data.rows_of(revision, "documents", only), data.rows_of(revision, "facts", only)


@shared
def articles(revision: Revision, region: str | None) -> pd.DataFrame:
    """doc_id and title of the articles about a region (all for None), in doc_id order."""
    chosen = "" if region is None else f" WHERE {data.among('region', [region])}"
    sql = f"SELECT doc_id, title, region FROM documents{chosen} ORDER BY doc_id"
    return data.query(revision, sql)


@shared
def article_count(revision: Revision) -> int:
    return data.count_of(revision, "documents")


@shared
def article_regions(revision: Revision) -> list[str]:
    """The main regions articles are about, in gazetteer order."""
    present = pd.DataFrame({"region": data.present(revision, "region", "documents")})
    return data.regions_with_facts(present, regions(revision))


@shared
def comparison(
    revision: Revision, regions: Sequence[str], metrics: Sequence[str], kind: str
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """What the compare page's downloads hold: the comparison rows, and the articles and
    facts they cite with the catalogue."""
    rows = latest(revision, regions, metrics, kind)
    cited = {
        "documents": documents_of(revision, rows),
        "facts": data.facts_of(revision, rows),
        "metrics": data.metrics(),
    }
    return rows, cited


@shared
def everything(revision: Revision, which: str, filters: Filters, lang: str) -> tuple:
    """Every figure of a Data page selection, readable, and the articles it cites."""
    # Imported with the first download: it brings the chart and spreadsheet writers.
    from dashboard import downloads

    rows = figure_rows(revision, which, filters, None)
    table = figure_table(revision, which, filters, lang, None)
    return table, downloads.cited(documents_of(revision, rows), rows)


@shared
def titles(revision: Revision, doc_ids: tuple[str, ...]) -> dict[str, str]:
    """doc_id → title of these articles."""
    found = data.rows_of(revision, "documents", [("doc_id", doc_ids)])
    return dict(zip(found["doc_id"], found["title"], strict=True))


@shared
def review_options(revision: Revision) -> tuple[list[str], list[str]]:
    """The regions and metrics of every figure under review, rejected ones included."""
    return data.present(revision, "region", "facts_all"), data.present(
        revision, "metric_id", "facts_all"
    )


@shared
def review_docs(
    revision: Revision, regions: tuple[str, ...], metrics: tuple[str, ...], limit: int
) -> tuple[list[str], dict[str, str]]:
    """(doc_ids, their titles) of the articles, hand entries included, with figures of
    these regions and metrics: the first ``limit`` in doc_id order."""
    chosen = data.where([("region", regions), ("metric_id", metrics)])
    ids = data.query(
        revision,
        f"SELECT DISTINCT doc_id FROM facts_all{chosen} ORDER BY doc_id LIMIT {int(limit)}",
    )["doc_id"].tolist()
    return ids, titles(revision, tuple(ids))


@shared
def review_rows(
    revision: Revision, doc: str, regions: tuple[str, ...], metrics: tuple[str, ...], limit: int
) -> tuple[pd.DataFrame, int]:
    """(the first ``limit`` figures under review matching the filters, how many match)."""
    chosen = [("doc_id", (doc,) if doc else ()), ("region", regions), ("metric_id", metrics)]
    rows = data.rows_of(revision, "facts_all", chosen, limit)
    return rows, data.count_of(revision, "facts_all", chosen)


@shared
def extracted_fact(revision: Revision, key: tuple[str, int, str]) -> pd.DataFrame:
    """The fact as the extractor read it, before any review (for the history's old values)."""
    doc_id, start, metric_id = key
    same = f"doc_id = {data.literal(doc_id)} AND figure_start = {int(start)}"
    return data.query(
        revision,
        f"SELECT * FROM extracted_facts WHERE {same} AND metric_id = {data.literal(metric_id)}",
    )
