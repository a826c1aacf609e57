"""The dashboard's queries: the reviewed tables, asked for only the rows a page shows.

Every page reads through ``review.reviewed`` — the one loader of reviewed figures, the
same the command line's CSV export uses — opened once per :func:`revision` and shared by
every session. The tables stay on disk as Parquet and DuckDB reads the rows and columns a
query names, so a page costs about the same over five articles or a province's worth.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import pandas as pd
import streamlit as st

import review
from extract import catalogue, plausible, settings
from extract.tables import ORDER

Revision = tuple[str, int, str]  # output folder, its tables' stamp, the review store's revision
# Rows a table on a page shows at most (a screenful or two); the downloads hold every row.
SHOWN = 200


def processed_dir() -> Path:
    return settings.current().processed


def review_db() -> review.Store:
    """The review store: ``DATABASE_URL`` when set, else the SQLite file."""
    return review.default_store()


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def revision() -> Revision:
    """Changes whenever the reviewed tables would: a run's tables (the datapackage is the
    last file every run writes) or the review store. The key of every cache of the pages."""
    out = processed_dir()
    return str(out), _stamp(out / "datapackage.json"), review.revision(review_db())


@st.cache_resource(show_spinner=False, max_entries=2)
def tables(revision: Revision) -> review.Reviewed:
    """The reviewed tables of one revision, opened once and shared by every session."""
    return review.reviewed(Path(revision[0]), review_db())


def query(revision: Revision, sql: str) -> pd.DataFrame:
    """A query over the reviewed tables (views facts, facts_all, metrics_wide, documents,
    regions, metrics, review_state), typed as the pages expect."""
    return _typed(tables(revision).query(sql))


def literal(value: object) -> str:
    """A value as an SQL literal (text quoted, quotes doubled): ids come from files."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def among(column: str, values: Iterable[object]) -> str:
    """``column IN (…)`` as SQL; false for no values."""
    values = list(dict.fromkeys(values))
    return f"{column} IN ({', '.join(map(literal, values))})" if values else "false"


def where(filters: Iterable[tuple[str, Sequence[object]]]) -> str:
    """A WHERE clause of ``column IN (…)`` for every filter that chose something."""
    parts = [among(column, chosen) for column, chosen in filters if chosen]
    return f" WHERE {' AND '.join(parts)}" if parts else ""


def _typed(rows: pd.DataFrame) -> pd.DataFrame:
    """One dtype per column whatever the store holds: the pages filter and sort on these."""
    rows = rows.copy()
    for column in ("scope", "period", "qualifier", "kind", "unit", "quote", "review", "rank_of"):
        if column in rows.columns:
            rows[column] = rows[column].fillna("").astype(str)
    if "value" in rows.columns:
        # Tables written before the plausibility gate may hold inf: shown as 未报道, never drawn.
        rows["value"] = pd.to_numeric(plausible.finite(rows["value"]), errors="coerce")
    if "year" in rows.columns:
        year = pd.to_numeric(rows["year"], errors="coerce")
        rows["year"] = year.where(year.between(1900, 2100)).astype("Int64")
    if "estimated" in rows.columns:
        rows["estimated"] = rows["estimated"].astype(str).str.lower().isin({"true", "1"})
    return rows


@cache
def metrics() -> pd.DataFrame:
    """The metric catalogue (data/catalogue/metrics.csv)."""
    return catalogue.load_metrics()


def regions(revision: Revision) -> pd.DataFrame:
    """The gazetteer rows of the regions the tables name."""
    return query(revision, "SELECT * FROM regions ORDER BY code")


def present(revision: Revision, column: str, table: str = "metrics_wide") -> list:
    """The distinct values of one column of a table, sorted."""
    found = query(revision, f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")
    return sorted(found[column].tolist())


def levels(revision: Revision) -> dict[str, str]:
    """Region name → level, from the facts and the gazetteer rows."""
    pairs = query(revision, "SELECT DISTINCT region, region_level FROM facts")
    return region_levels(regions(revision), pairs)


def wide_rows(
    revision: Revision, regions: Sequence[str], metrics: Sequence[str], kind: str
) -> pd.DataFrame:
    """The wide table's rows of these regions, metrics and kind (every year)."""
    filters = [("region", regions), ("metric_id", metrics), ("kind", [kind])]
    return query(revision, f"SELECT * FROM metrics_wide{where(filters)}")


def facts_of(revision: Revision, rows: pd.DataFrame) -> pd.DataFrame:
    """The facts behind wide-table rows (their ``fact_ids``)."""
    ids = [i for joined in rows["fact_ids"].dropna() for i in str(joined).split(";") if i]
    return query(revision, f"SELECT * FROM facts WHERE {among('fact_id', ids)}")


def documents_of(revision: Revision, rows: pd.DataFrame) -> pd.DataFrame:
    """The articles rows cite (``doc_id``, or the ``doc_ids`` of wide-table rows)."""
    column = "doc_ids" if "doc_ids" in rows.columns else "doc_id"
    ids = [d for joined in rows[column].dropna() for d in str(joined).split(";") if d]
    return query(revision, f"SELECT * FROM documents WHERE {among('doc_id', ids)}")


def rows_of(
    revision: Revision,
    table: str,
    filters: Iterable[tuple[str, Sequence[object]]] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    """A table's rows chosen by ``column IN (…)`` filters, in the table's order."""
    sql = f"SELECT * FROM {table}{where(filters)} ORDER BY {ORDER[table.removesuffix('_all')]}"
    return query(revision, sql + (f" LIMIT {int(limit)}" if limit else ""))


def recent(rows: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` rows of the latest years (undated last), in the order they came."""
    if len(rows) <= n:
        return rows
    latest = rows["year"].astype("Float64").fillna(-1).sort_values(ascending=False, kind="stable")
    return rows.loc[sorted(latest.index[:n], key=rows.index.get_loc)]


def count_of(
    revision: Revision, table: str, filters: Iterable[tuple[str, Sequence[object]]] = ()
) -> int:
    return int(query(revision, f"SELECT count(*) AS n FROM {table}{where(filters)}")["n"][0])


def orphans(revision: Revision) -> pd.DataFrame:
    """Reviews whose fact no extraction produces any more."""
    return tables(revision).orphans()


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
def _read_text(path: str, stamp: int) -> str:
    return Path(path).read_text(encoding="utf-8") if stamp else ""


def read_text(doc_id: str) -> str:
    """The normalised text every offset points into; empty when the file is gone."""
    path = processed_dir() / "texts" / f"{Path(doc_id).name}.txt"
    return _read_text(str(path), _stamp(path))


def datapackage() -> dict[str, object]:
    path = processed_dir() / "datapackage.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"resources": []}
