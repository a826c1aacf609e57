"""One row per figure, readable as it is: the table the Data page shows and every export holds.

Region, level, metric, kind, value, unit, qualifier, year and how the year was found, and the
article it comes from (title, date, source, sentence), each in the reader's language. The
field names stay stable (they key the JSON); `headed` gives the headers a person reads.
"""

from __future__ import annotations

import pandas as pd

from dashboard import labels
from dashboard.i18n import level_name, metric_name, region_name, t, unit_name

FIELDS = (
    "region", "level", "metric", "kind", "value", "unit", "qualifier", "estimated", "year",
    "year_text", "year_found", "chosen", "title", "published", "source", "quote", "url",
)  # fmt: skip
PROVENANCE = ("fact_id", "doc_id", "quote", "year_source", "published")


def chosen_facts(wide: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Comparison rows with the fact each value stands on: its article, sentence and year source.

    Of a row's facts, the one stating the chosen value in the latest article; the first
    otherwise (a value never comes from nowhere, but a correction may have changed it).
    """
    rows = wide.reset_index(drop=True)
    ids = rows["fact_ids"].fillna("").astype(str).str.split(";").explode()
    ids = ids[ids != ""]
    cols = [c for c in PROVENANCE if c in facts.columns]
    candidates = pd.DataFrame({"row": ids.index, "fact_id": ids.to_numpy()}).merge(
        facts[[*cols, "value"]].rename(columns={"value": "fact_value"}), on="fact_id"
    )
    if len(candidates):
        wanted = rows["value"].reindex(candidates["row"]).to_numpy()
        candidates["same"] = (candidates["fact_value"] - wanted).abs() <= 1e-9
        candidates = candidates.sort_values(["row", "same", "published"], ascending=False)
    picked = candidates.drop_duplicates("row").set_index("row")
    out = rows.drop(columns=[c for c in PROVENANCE if c in rows.columns])
    for column in cols:
        out[column] = picked[column].reindex(out.index)
    return out


def readable(rows: pd.DataFrame, documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Facts (or comparison rows after `chosen_facts`) as the reader reads them."""
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")
    records = rows.to_dict("records")

    def doc(column: str) -> list[object]:
        if column not in docs.columns:
            return [""] * len(records)
        return [docs[column].get(r.get("doc_id"), "") if r.get("doc_id") else "" for r in records]

    def text(column: str) -> list[object]:
        return ["" if labels.is_missing(r.get(column)) else r.get(column) for r in records]

    table = pd.DataFrame(
        {
            "region": [region_name(r["region"], lang) for r in records],
            "level": [level_name(r.get("region_level"), lang) for r in records],
            "metric": [metric_name(r["metric_id"], lang) for r in records],
            "kind": [labels.kind_name(r["kind"], r.get("rank_of"), lang) for r in records],
            "value": [labels.in_reader_unit(r.get("value"), r.get("unit"), lang) for r in records],
            "unit": [_unit(r.get("unit"), lang) for r in records],
            "qualifier": [_qualifier(r, lang) for r in records],
            "estimated": [
                t("common.yes", lang) if labels.as_bool(r.get("estimated")) else "" for r in records
            ],
            "year": pd.array([_year(r.get("year")) for r in records], dtype="Int64"),
            "year_text": [labels.format_row_year(r, lang) for r in records],
            "year_found": [
                ""
                if labels.is_missing(r.get("year"))
                else labels.year_found(r.get("year_source"), lang)
                for r in records
            ],
            "chosen": [
                ""
                if labels.is_missing(r.get("chosen_by")) or not r.get("chosen_by")
                else t(f"chosen.{r['chosen_by']}", lang)
                for r in records
            ],
            "title": doc("title"),
            "published": text("published") if "published" in rows.columns else doc("published"),
            "source": doc("source"),
            "quote": text("quote"),
            "url": doc("url"),
        },
        columns=list(FIELDS),
    )
    if "chosen_by" not in rows.columns:
        table = table.drop(columns="chosen")
    return table


def headed(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The same table with the headers a person reads (地区, 指标 …)."""
    return table.rename(columns={f: t(f"figure.{f}", lang) for f in table.columns})


def _year(year: object) -> int | None:
    return None if labels.is_missing(year) or str(year) == "" else int(float(str(year)))


def _unit(unit: object, lang: str) -> str:
    return "" if labels.is_missing(unit) else unit_name(str(unit), lang)


def _qualifier(row: dict, lang: str) -> str:
    if labels.is_missing(row.get("value")):
        return t("common.not_reported", lang)
    qualifier = row.get("qualifier") or "exact"
    return t(f"qualifier_cell.{qualifier}", lang)
