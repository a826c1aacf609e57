"""Cached access to the extractor's tables, with human corrections applied on top."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import streamlit as st

import review
from extract import plausible, settings, tables


def processed_dir() -> Path:
    return settings.current().processed


def review_db() -> review.Store:
    """The review store: ``DATABASE_URL`` when set, else the SQLite file."""
    return review.default_store()


def _stamp(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


def _typed(facts: pd.DataFrame) -> pd.DataFrame:
    """One dtype per column whatever the reader did: the pages filter and sort on these."""
    facts = facts.copy()
    for column in ("scope", "period", "qualifier", "kind", "unit", "quote", "review"):
        if column in facts.columns:
            facts[column] = facts[column].fillna("").astype(str)
    # Tables written before the plausibility gate may hold inf: shown as 未报道, never drawn.
    facts["value"] = plausible.finite(facts["value"])
    facts["value"] = pd.to_numeric(facts["value"], errors="coerce")
    year = pd.to_numeric(facts["year"], errors="coerce")
    facts["year"] = year.where(year.between(1900, 2100)).astype("Int64")
    facts["estimated"] = facts["estimated"].astype(str).str.lower().isin({"true", "1"})
    return facts


@st.cache_data(show_spinner=False)
def _load(out: str, db: review.Store, out_stamp: float, revision: str) -> dict[str, pd.DataFrame]:
    # The stamp and revision are only cache keys: a new run or a new correction invalidates.
    loaded = tables.read_tables(Path(out))
    facts = _typed(review.apply_corrections(loaded["facts"], db))
    loaded["facts"] = facts
    loaded["metrics_wide"] = _typed(tables.wide_table(facts))
    return loaded


def revision() -> tuple[str, float, str]:
    """Changes whenever what load() returns would: the tables' folder and stamp, the reviews.

    A cheap key for caches of anything derived from the tables (dashboard/cached.py).
    """
    out = processed_dir()
    return str(out), _stamp(out / "facts.csv"), review.revision(review_db())


def load() -> dict[str, pd.DataFrame]:
    """facts (corrected), metrics_wide (rebuilt from them), documents, regions, metrics."""
    out, stamp, reviewed = revision()
    return _load(out, review_db(), stamp, reviewed)


def region_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """Region-wide figures only: a park's count is never the district's."""
    return facts[facts["scope"] == ""]


def regions_with_facts(wide: pd.DataFrame, regions: pd.DataFrame) -> list[str]:
    """Regions that have region-wide figures, in gazetteer order (city before district)."""
    present = set(wide["region"])
    ordered = [name for name in regions["name"] if name in present]
    return ordered + sorted(present - set(ordered))


def region_levels(regions: pd.DataFrame, facts: pd.DataFrame) -> dict[str, str]:
    levels = dict(zip(facts["region"], facts["region_level"], strict=False))
    levels.update(dict(zip(regions["name"], regions["level"], strict=False)))
    return levels


@st.cache_data(show_spinner=False)
def _read_text(path: str, stamp: float) -> str:
    return Path(path).read_text(encoding="utf-8") if stamp else ""


def read_text(doc_id: str) -> str:
    """The normalised text every offset points into; empty when the file is gone."""
    path = processed_dir() / "texts" / f"{Path(doc_id).name}.txt"
    return _read_text(str(path), _stamp(path))


def datapackage() -> dict[str, object]:
    path = processed_dir() / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"resources": []}
