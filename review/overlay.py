"""The facts as people reviewed them: corrections laid over what the extractor read."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from extract import paths
from review.store import (
    CORRECTABLE,
    MANUAL_PREFIX,
    FactKey,
    Store,
    as_text,
    exists,
    manual_facts,
    reviews,
)


@lru_cache(maxsize=4)
def _gazetteer(path: Path, mtime: float) -> dict[str, tuple[str, str]]:
    table = pd.read_csv(path, dtype=str).fillna("")
    return {r["name"]: (r.get("code", ""), r.get("level", "")) for _, r in table.iterrows()}


def _region_info(region: str) -> tuple[str, str]:
    """GB/T 2260 code and level of a region name, blank when the gazetteer lacks it."""
    path = paths.GAZETTEER
    if not path.exists():
        return "", ""
    return _gazetteer(path, path.stat().st_mtime).get(region, ("", ""))


def _manual_rows(manual: pd.DataFrame) -> pd.DataFrame:
    """Hand-entered figures as facts.csv rows; the source note stands in for the quote."""
    rows = []
    for _, m in manual.iterrows():
        doc_id = MANUAL_PREFIX + str(m["id"])
        code, level = _region_info(m["region"])
        rows.append(
            {
                "fact_id": doc_id,
                "doc_id": doc_id,
                "region": m["region"],
                "region_code": code,
                "region_level": level,
                "scope": m["scope"],
                "metric_id": m["metric_id"],
                "kind": m["kind"],
                "value": float(m["value"]),
                "unit": m["unit"],
                "qualifier": "exact",
                "estimated": False,
                "rank_of": "value" if m["kind"] == "rank" else "",
                "year": int(m["year"]),
                "year_source": "stated",  # entered by hand with its year
                "period": m["period"],
                "quote": m["source_note"],
                "quote_start": 0,
                "quote_end": 0,
                "figure_text": f"{as_text(m['value'])}{m['unit']}",
                "figure_start": 0,
                "figure_end": 0,
                "published": str(m["created_at"])[:10],
                "extractor_version": "manual",
            }
        )
    return pd.DataFrame(rows)


def _keys(facts: pd.DataFrame) -> list[FactKey]:
    starts = pd.to_numeric(facts["figure_start"], errors="coerce").fillna(-1).astype(int)
    return [
        FactKey(str(d), int(s), str(m))
        for d, s, m in zip(facts["doc_id"], starts, facts["metric_id"], strict=True)
    ]


def apply_corrections(
    facts: pd.DataFrame, db: Store | None = None, *, keep_rejected: bool = False
) -> pd.DataFrame:
    """The facts as a person has reviewed them.

    Rejected facts are dropped, corrected fields replace the extracted ones, hand-entered
    figures are appended, and ``review`` says "" | confirmed | corrected | manual.
    Without a store the facts come back unchanged with an empty ``review`` column.
    ``keep_rejected`` keeps rejected facts, marked "rejected", for the review page.
    """
    out = facts.copy()
    if not exists(db):
        out["review"] = ""
        return out
    manual = _manual_rows(manual_facts(db))
    if not manual.empty:
        out = pd.concat([out, manual], ignore_index=True)
    out = out.reset_index(drop=True)
    if out.empty:
        out["review"] = pd.Series(dtype=str)
        return out
    out["review"] = ["manual" if str(d).startswith(MANUAL_PREFIX) else "" for d in out["doc_id"]]
    position = {k: i for i, k in enumerate(_keys(out))}
    drop: list[int] = []
    edited = {c: out[c].astype(object) for c in CORRECTABLE if c in out}
    region_codes: dict[int, tuple[str, str]] = {}
    for _, r in reviews(db).iterrows():
        i = position.get(FactKey(str(r["doc_id"]), int(r["figure_start"]), str(r["metric_id"])))
        if i is None:
            continue  # an orphan: kept in the store, reported by orphans()
        if r["status"] == "rejected":
            drop.append(i)
            out.at[i, "review"] = "rejected"
            continue
        fields = json.loads(r["fields"])
        for field, value in fields.items():
            edited.setdefault(field, pd.Series([""] * len(out), dtype=object))[i] = value
        if "region" in fields:
            region_codes[i] = _region_info(fields["region"])
        if out.at[i, "review"] != "manual":
            out.at[i, "review"] = "corrected" if fields else "confirmed"
    for field, column in edited.items():
        out[field] = column
    for i, (code, level) in region_codes.items():
        for col, val in (("region_code", code), ("region_level", level)):
            if col in out:
                out[col] = out[col].astype(object)
                out.at[i, col] = val
    if "value" in out:
        out["value"] = pd.to_numeric(out["value"], errors="coerce")
    if "year" in out:
        year = pd.to_numeric(out["year"], errors="coerce")
        out["year"] = year.astype("Int64") if year.isna().any() else year.astype(int)
    return out if keep_rejected else out.drop(index=drop).reset_index(drop=True)


def orphans(facts: pd.DataFrame, db: Store | None = None) -> pd.DataFrame:
    """Reviews whose fact no extraction produces any more (shown, never deleted)."""
    state = reviews(db)
    if state.empty:
        return state
    known = set(_keys(facts)) if not facts.empty else set()
    is_manual = state["doc_id"].astype(str).str.startswith(MANUAL_PREFIX)
    lost = [
        FactKey(str(d), int(s), str(m)) not in known
        for d, s, m in zip(state["doc_id"], state["figure_start"], state["metric_id"], strict=True)
    ]
    return state[pd.Series(lost, index=state.index) & ~is_manual].reset_index(drop=True)
