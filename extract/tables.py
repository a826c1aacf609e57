"""Tables for the dashboard: documents, regions and the wide table of chosen values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from extract import catalogue, paths
from extract.facts import FACT_COLUMNS
from extract.vocabulary import same_value

WIDE_COLUMNS = [
    "region", "region_code", "region_level", "metric_id", "kind", "year", "year_source", "value",
    "unit",
    "qualifier", "estimated", "period", "chosen_by", "conflict", "n_facts", "fact_ids", "doc_ids",
]  # fmt: skip
DOCUMENT_COLUMNS = [
    "doc_id", "title", "published", "source", "url", "region", "content_hash", "n_facts",
    "warnings", "path", "encoding", "chars",
]  # fmt: skip
REGION_COLUMNS = ["code", "name", "short", "level", "parent_code", "parent", "aliases"]


def wide_table(facts: pd.DataFrame) -> pd.DataFrame:
    """One chosen value per region × metric × kind × year, from region-wide facts.

    Exact beats approximate or bounded, a later article beats an earlier one; when the
    candidates disagree the choice is kept and ``conflict`` flags it.
    """
    if facts.empty:
        return pd.DataFrame(columns=WIDE_COLUMNS)
    df = facts[facts["scope"].fillna("").astype(str) == ""].copy()
    if df.empty:
        return pd.DataFrame(columns=WIDE_COLUMNS)
    df["year"] = df["year"].map(_year_text)
    df["_inexact"] = (df["qualifier"] != "exact").astype(int)
    df["_published"] = df["published"].fillna("").astype(str)
    df = df.sort_values(
        ["_inexact", "_published", "doc_id", "figure_start"], ascending=[True, False, True, True]
    )
    rows = []
    keys = ["region", "metric_id", "kind", "year"]
    for _, group in df.groupby(keys, sort=True, dropna=False):
        best = group.iloc[0]
        values = group["value"].astype(float).tolist()
        rows.append(
            {
                **{c: best[c] for c in ("region", "region_code", "region_level", "metric_id")},
                "kind": best["kind"],
                "year": best["year"],
                "year_source": best["year_source"],
                "value": best["value"],
                "unit": best["unit"],
                "qualifier": best["qualifier"],
                "estimated": best["estimated"],
                "period": best["period"],
                "chosen_by": _chosen_by(group),
                "conflict": not all(same_value(values[0], v) for v in values[1:]),
                "n_facts": len(group),
                "fact_ids": ";".join(sorted(group["fact_id"])),
                "doc_ids": ";".join(sorted(set(group["doc_id"]))),
            }
        )
    return pd.DataFrame(rows, columns=WIDE_COLUMNS)


def _chosen_by(group: pd.DataFrame) -> str:
    if len(group) == 1:
        return "only"
    if group["_inexact"].iloc[0] < group["_inexact"].max():
        return "exact_over_approx"
    if group["_published"].nunique() > 1:
        return "later_article"
    return "first_stated"


def _year_text(year: object) -> str:
    if year is None or year is pd.NA or (isinstance(year, float) and pd.isna(year)):
        return ""
    if year == "":
        return ""
    return str(int(float(year)))


def read_tables(out: Path = paths.PROCESSED) -> dict[str, pd.DataFrame]:
    """The tables one run wrote, plus the catalogue.

    Keys: facts, metrics_wide, documents, regions, metrics.
    """
    read = lambda name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    facts = read("facts")
    for col in ("value",):
        facts[col] = pd.to_numeric(facts[col])
    for col in ("quote_start", "quote_end", "figure_start", "figure_end"):
        facts[col] = pd.to_numeric(facts[col]).astype(int)
    facts["estimated"] = facts["estimated"].str.lower() == "true"
    wide = read("metrics_wide")
    wide["value"] = pd.to_numeric(wide["value"])
    wide["conflict"] = wide["conflict"].str.lower() == "true"
    wide["estimated"] = wide["estimated"].str.lower() == "true"
    wide["n_facts"] = pd.to_numeric(wide["n_facts"]).astype(int)
    documents = read("documents")
    documents["n_facts"] = pd.to_numeric(documents["n_facts"]).astype(int)
    return {
        "facts": facts[FACT_COLUMNS],
        "metrics_wide": wide,
        "documents": documents,
        "regions": read("regions"),
        "metrics": catalogue.load_metrics(),
    }
