"""What a page shows, built once per selection: charts with their PNG options, labelled
tables and the review list (the overview's cards are dashboard.cards').

Each is keyed by the data's revision and the selection's ids and words (regions, metrics,
kind, language), never by a DataFrame: hashing a frame to look it up costs more than a
whole rerun of a one-chart page. Tables come as Arrow tables, the form st.dataframe sends,
so a rerun does not convert them again. Results are shared, not copied; callers only read
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

import review
from dashboard import cached, charts, data, figures, highlight, labels, maps, review_ui, selection
from dashboard.data import Revision
from dashboard.i18n import metric_name, t

Chart = tuple[go.Figure, dict]  # the figure and its Plotly config (PNG name, locale)
shared = cached.shared


def arrow(table: pd.DataFrame) -> pa.Table:
    """A labelled table as st.dataframe sends it; cells of mixed types are shown as text."""
    mixed = [c for c in table.columns if table[c].dtype == object]
    table = table.astype({c: "string" for c in mixed})
    return pa.Table.from_pandas(table, preserve_index=False)


def _sources(revision: Revision, rows: pd.DataFrame) -> list[str]:
    return selection.source_notes(rows, data.documents_of(revision, rows))


@shared
def colors(revision: Revision) -> dict[str, str]:
    """One colour per region with figures, whatever the selection (screen, PNG, deck)."""
    return charts.region_colors(cached.regions_with_figures(revision))


@shared
def compare_chart(
    revision: Revision,
    view: str,
    regions: Sequence[str],
    metrics: Sequence[str],
    kind: str,
    lang: str,
    log: bool,
    present: bool,
) -> Chart | None:
    """The compare page's chart: bars of every metric, or the ranking or trend of the first;
    None for a trend no region reports in two years."""
    palette = colors(revision)
    if view == "trend":
        rows = cached.series(revision, regions, metrics[0], kind)
        if rows.empty:
            return None
        fig = charts.trend_chart(rows, metrics[0], palette, _sources(revision, rows), lang, present)
    else:
        rows = cached.latest(revision, regions, metrics, kind)
        notes = _sources(revision, rows)
        if view == "rank":
            fig = charts.ranking_chart(rows, metrics[0], palette, notes, lang, log, present)
        else:
            fig = charts.bar_chart(rows, metrics, palette, notes, lang, log, present)
    return fig, charts.image_config(metrics, rows, lang, present)


@shared
def comparison_table(
    revision: Revision, regions: Sequence[str], metrics: Sequence[str], kind: str, lang: str
) -> pa.Table:
    """The compare page's table view: the chart's rows, labelled, each with its source link."""
    return arrow(selection.display_table(cached.latest(revision, regions, metrics, kind), lang))


@shared
def data_table(
    revision: Revision, which: str, filters: cached.Filters, lang: str, limit: int
) -> pa.Table:
    """The Data page's first ``limit`` rows under the headers a person reads."""
    table = cached.figure_table(revision, which, filters, lang, limit)
    return arrow(figures.headed(table, lang))


@shared
def map_chart(revision: Revision, metric: str, level: str, kind: str, lang: str) -> Chart:
    rows = cached.latest(revision, maps.regions_at(level), [metric], kind)
    sources = _sources(revision, rows[rows["value"].notna()])
    fig = maps.map_figure(rows, metric, level, sources, lang)
    return fig, charts.image_config([metric], rows, lang, present=False)


@shared
def region_tables(
    revision: Revision, region: str, lang: str, limit: int
) -> list[tuple[str, pa.Table, int]]:
    """(heading, table, figures in all) of every category with region-wide figures, then of
    the figures of a part of the region (zones, parks), the part named in the first column.
    A table holds the latest ``limit`` figures (a province's worth is longer)."""
    mine = cached.region_facts(revision, region).sort_values(["metric_id", "kind", "year"])
    category = mine["metric_id"].map(data.metrics().set_index("metric_id")["category"])
    region_column = t("common.region", lang)
    out = []
    wide = mine["scope"] == ""
    for name in selection.CATEGORIES:
        part = mine[wide & (category == name)]
        if len(part):
            table = selection.display_table(data.recent(part, limit), lang, with_quote=True)
            table = arrow(table.drop(columns=[region_column]))
            out.append((t(f"category.{name}", lang), table, len(part)))
    scoped = mine[~wide]
    if len(scoped):
        recent = data.recent(scoped, limit)
        table = selection.display_table(recent, lang, with_quote=True)
        table[region_column] = recent["scope"].to_numpy()
        table = table.rename(columns={region_column: t("common.scope", lang)})
        out.append((t("region.scoped", lang), arrow(table), len(scoped)))
    return out


@shared
def article_table(revision: Revision, doc_id: str, lang: str) -> pa.Table:
    """Every figure of one article, labelled, with its sentence (the page is its source)."""
    facts = cached.article(revision, doc_id)[1]
    table = selection.display_table(facts, lang, with_quote=True)
    return arrow(table.drop(columns=[t("common.source", lang)]))


@shared
def article_html(revision: Revision, doc_id: str, focus: str, lang: str) -> str:
    """The article's text, escaped, every figure marked with what it was read as; the
    focused one (an id of this article's, or "") marked more strongly."""

    def tip(row: dict) -> str:
        return f"{metric_name(str(row['metric_id']), lang)} · {labels.format_row(row, lang)}"

    facts = cached.article(revision, doc_id)[1]
    text = data.read_text(doc_id)
    return highlight.highlight(text, highlight.spans_of(facts, tip), focus)


class ReviewFilters(NamedTuple):
    regions: list[str]  # of every figure under review, rejected ones included
    metrics: list[str]
    docs: list[str]  # the articles with figures of the chosen regions and metrics
    doc_names: dict[str, str]  # each by its title ("" is every article)
    orphans: pa.Table  # reviews whose figure no extraction gives any more


@shared
def review_filters(
    revision: Revision,
    regions: Sequence[str],
    metrics: Sequence[str],
    lang: str,
    timezone: str,
    limit: int,
) -> ReviewFilters:
    """What the review page offers for the regions and metrics chosen: the first ``limit``
    articles (a province's are a few thousand at most: narrowed by region first)."""
    present_regions, present_metrics = cached.review_options(revision)
    docs, titles = cached.review_docs(revision, tuple(regions), tuple(metrics), limit)
    names = {d: review_ui.article(d, titles, lang) for d in docs} | {"": t("review.all", lang)}
    lost = orphans(revision, lang, timezone)
    return ReviewFilters(present_regions, present_metrics, ["", *docs], names, lost)


@shared
def review_list(
    revision: Revision,
    doc: str,
    regions: Sequence[str],
    metrics: Sequence[str],
    lang: str,
    limit: int,
) -> tuple[dict[str, dict[str, Any]], pa.Table, int, dict[str, str]]:
    """(the first ``limit`` figures under review matching the filters, each a dict by
    review_ui.fact_id in the table's order; the same as the reader reads them; how many
    match; the picker's label of each). Dicts, not a frame: a rerun picks one row without
    pandas indexing it."""
    rows, total = cached.review_rows(revision, doc, tuple(regions), tuple(metrics), limit)
    titles = cached.titles(revision, tuple(dict.fromkeys(rows["doc_id"])))
    records = {review_ui.fact_id(r): r for r in rows.to_dict("records")}
    labels = {i: review_ui.fact_label(r, titles, lang) for i, r in records.items()}
    return records, arrow(review_ui.review_table(rows, titles, lang)), total, labels


@shared
def review_history(
    revision: Revision, key: review.FactKey | None, lang: str, timezone: str
) -> pa.Table:
    """The changes made to one figure (every change for None), in words and local times."""
    changes = review.history(data.review_db(), key)
    titles = cached.titles(revision, tuple(dict.fromkeys(changes["doc_id"])))
    return arrow(review_ui.history_table(changes, titles, lang, timezone))


@shared
def orphans(revision: Revision, lang: str, timezone: str) -> pa.Table:
    """Reviews whose figure no extraction gives any more, in words and local times."""
    lost = data.orphans(revision)
    titles = cached.titles(revision, tuple(dict.fromkeys(lost["doc_id"])))
    return arrow(review_ui.history_table(lost, titles, lang, timezone))
