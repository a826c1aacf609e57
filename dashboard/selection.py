"""Pick the rows a view shows and turn them into labelled tables; shared by every page."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from dashboard import labels
from dashboard.i18n import metric_name, metric_unit, region_label, t
from extract import paths

CATEGORIES = ("firms", "output", "platforms", "talent", "innovation")
# The headline figures officials ask for first; revenue and output stay two metrics.
HEADLINE = (
    "high_tech_enterprises",
    "high_tech_industry_revenue",
    "high_tech_enterprise_output",
    "innovation_platforms",
)
KINDS = ("value", "increment", "growth", "share", "rank", "target")


def metrics_by_category(catalogue: pd.DataFrame, present: Sequence[str]) -> dict[str, list[str]]:
    """Catalogue order within each category, keeping only metrics that have figures."""
    grouped: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for row in catalogue.itertuples(index=False):
        if row.metric_id in present:
            grouped.setdefault(row.category, []).append(row.metric_id)
    return {c: ids for c, ids in grouped.items() if ids}


def latest(
    wide: pd.DataFrame, regions: Sequence[str], metrics: Sequence[str], kind: str, levels: dict
) -> pd.DataFrame:
    """One row per region × metric: the latest year of `kind`, or a row without value (未报道)."""
    rows = wide[
        wide["region"].isin(regions) & wide["metric_id"].isin(metrics) & (wide["kind"] == kind)
    ]
    rows = rows.sort_values(["year", "period"], na_position="first")
    chosen = rows.groupby(["region", "metric_id"], sort=False).tail(1)
    grid = pd.DataFrame([(r, m) for m in metrics for r in regions], columns=["region", "metric_id"])
    out = grid.merge(chosen, on=["region", "metric_id"], how="left")
    out["kind"] = kind
    out["region_level"] = out["region"].map(levels).fillna(out["region_level"])
    out["unit"] = out["unit"].fillna(out["metric_id"].map(metric_unit))
    if kind in ("growth", "share"):
        out["unit"] = out["unit"].where(out["value"].notna(), "%")
    return out


@functools.cache
def overview_cards() -> dict[str, list[str]]:
    """Card → the metrics that may fill it, headline first, then the same family in order
    (data/dashboard/overview_cards.csv, read once: callers only read the result)."""
    table = pd.read_csv(paths.DATA / "dashboard" / "overview_cards.csv", dtype=str)
    cards: dict[str, list[str]] = {}
    for card, metric in zip(table["card"], table["metric_id"], strict=True):
        cards.setdefault(card, []).append(metric)
    return cards


def card_rows(
    rows: pd.DataFrame, cards: dict[str, list[str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """(region, card) → the first metric of the card's family the region reports.

    A card missing from the result reads 未报道. One pass over the rows: the overview shows
    a card per region and family, and filtering the frame for each would cost more than all.
    """
    reported = {
        (r["region"], r["metric_id"]): r
        for r in rows.to_dict("records")
        if not labels.is_missing(r.get("value"))
    }
    out = {}
    for region in dict.fromkeys(rows["region"]):
        for card, metric_ids in cards.items():
            found = next((reported[region, m] for m in metric_ids if (region, m) in reported), None)
            if found is not None:
                out[region, card] = found
    return out


def series(wide: pd.DataFrame, regions: Sequence[str], metric: str, kind: str) -> pd.DataFrame:
    """All years of one metric for the regions that report it in at least two years.

    A figure without a year (an undated article) has no place on a time axis: left out.
    """
    rows = wide[
        wide["region"].isin(regions) & (wide["metric_id"] == metric) & (wide["kind"] == kind)
    ]
    rows = rows[rows["year"].notna() & rows["value"].notna()]
    years = rows.groupby("region")["year"].nunique()
    return rows[rows["region"].isin(years[years >= 2].index)].sort_values(["region", "year"])


def source_link(doc_id: str, fact_id: str = "") -> str:
    """The relative link the 来源 page answers: ?page=sources&doc=…&fact=…"""
    params = {"page": "sources", "doc": doc_id}
    if fact_id:
        params["fact"] = fact_id
    return "?" + urlencode(params)


def first_id(joined: object) -> str:
    """metrics_wide joins several ids with ';' — the first is the one to open."""
    return "" if labels.is_missing(joined) else str(joined).split(";")[0]


def source_notes(rows: pd.DataFrame, documents: pd.DataFrame) -> list[str]:
    """'标题（来源，日期）' for the article each row's value stands on, in the rows' order:
    its fact's ``doc_id`` (figures.chosen_facts), else every article of the cell (``doc_ids``).
    Not every article that stated the cell: at a province's scale a map would cite hundreds."""
    doc_ids: list[str] = []
    own = rows["doc_id"] if "doc_id" in rows.columns else pd.Series(None, index=rows.index)
    cell = rows["doc_ids"] if "doc_ids" in rows.columns else pd.Series(None, index=rows.index)
    for joined in own.where(own.notna() & (own != ""), cell).dropna():
        doc_ids += [d for d in str(joined).split(";") if d and d not in doc_ids]
    docs = documents.set_index("doc_id")
    notes = []
    for doc_id in doc_ids:
        if doc_id in docs.index:
            d = docs.loc[doc_id]
            notes.append(f"{d['title']}（{d['source']}，{d['published']}）")
        else:
            notes.append(doc_id)
    return notes


def display_table(rows: pd.DataFrame, lang: str, with_quote: bool = False) -> pd.DataFrame:
    """The labelled twin of a chart: figure text with qualifier, unit, year, and a source link."""
    ids = rows["fact_ids"] if "fact_ids" in rows.columns else rows["fact_id"]
    docs = rows["doc_ids"] if "doc_ids" in rows.columns else rows["doc_id"]
    table = pd.DataFrame(
        {
            t("common.region", lang): [
                region_label(r, lv, lang)
                for r, lv in zip(rows["region"], rows["region_level"], strict=True)
            ],
            t("common.metric", lang): [metric_name(m, lang) for m in rows["metric_id"]],
            t("common.value", lang): [
                labels.format_row(r, lang, with_year=False) for r in _records(rows)
            ],
            t("common.year", lang): [labels.format_row_year(r, lang) for r in _records(rows)],
            t("common.kind", lang): [t(f"kind.{k}", lang) for k in rows["kind"]],
            # The short cell words of the exports (≥ 下限); the cue words are the tooltips'.
            t("common.qualifier", lang): [
                "" if labels.is_missing(q) else t(f"qualifier_cell.{q}", lang)
                for q in rows["qualifier"]
            ],
        }
    )
    table[t("common.source", lang)] = [
        source_link(first_id(d), first_id(f)) if first_id(d) else ""
        for d, f in zip(docs, ids, strict=True)
    ]
    if with_quote:  # last: a long sentence runs past the table's edge, the link stays in view
        table[t("common.quote", lang)] = rows["quote"].to_numpy()
    return table


def _records(rows: pd.DataFrame) -> list[dict]:
    return rows.to_dict("records")
