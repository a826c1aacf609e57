"""Tables for the dashboard: documents, regions and the wide table of chosen values."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extract import catalogue, paths
from extract.vocabulary import TOLERANCE

# Arrow → pandas: whole numbers stay whole when some are missing (2023 and <NA>, not 2023.0).
INT_NULLABLE = {pa.int64(): pd.Int64Dtype()}
# The tables one run writes, each as <name>.parquet (queried) and <name>.csv (downloaded).
TABLES = ("facts", "metrics_wide", "documents", "regions")
WIDE_COLUMNS = [
    "region", "region_code", "region_level", "metric_id", "kind", "rank_of", "year",
    "year_source", "value", "unit",
    "qualifier", "estimated", "period", "chosen_by", "conflict", "n_facts", "fact_ids", "doc_ids",
]  # fmt: skip
DOCUMENT_COLUMNS = [
    "doc_id", "title", "published", "source", "url", "region", "content_hash", "n_facts",
    "warnings", "path", "encoding", "chars",
]  # fmt: skip
REGION_COLUMNS = ["code", "name", "short", "level", "parent_code", "parent", "aliases"]


# The choice, in SQL so one query serves a DataFrame, the Parquet store, or only the rows a
# change touches: rank candidates per region × metric × kind (a rank: of what) × year (exact
# first, then the
# later article, then reading order), keep the first and flag candidates that disagree.
_WIDE_SQL = """
WITH f AS (
    SELECT *, CAST(value AS DOUBLE) AS _value, TRY_CAST(year AS BIGINT) AS _year,
           CASE WHEN qualifier = 'exact' THEN 0 ELSE 1 END AS _inexact,
           coalesce(CAST(published AS VARCHAR), '') AS _published
    FROM ({source}) WHERE coalesce(CAST(scope AS VARCHAR), '') = ''
), ranked AS (
    SELECT *, row_number() OVER w AS _rank, first_value(_value) OVER w AS _best
    FROM f WINDOW w AS (PARTITION BY region, metric_id, kind, rank_of, _year
                        ORDER BY _inexact, _published DESC, doc_id, CAST(figure_start AS BIGINT))
), groups AS (
    SELECT region, metric_id, kind, rank_of, _year, count(*) AS n_facts,
           CASE WHEN count(*) = 1 THEN 'only'
                WHEN min(_inexact) < max(_inexact) THEN 'exact_over_approx'
                WHEN count(DISTINCT _published) > 1 THEN 'later_article'
                ELSE 'first_stated' END AS chosen_by,
           coalesce(bool_or(NOT (abs(_value - _best) <= {tolerance} * greatest(abs(_value),
               abs(_best)) OR abs(_value - _best) < 1e-9)), false) AS conflict,
           array_to_string(list_sort(list(fact_id)), ';') AS fact_ids,
           array_to_string(list_sort(list_distinct(list(doc_id))), ';') AS doc_ids
    FROM ranked GROUP BY ALL
)
SELECT r.region, r.region_code, r.region_level, r.metric_id, r.kind, r.rank_of, r._year AS year,
       r.year_source, r._value AS value, r.unit, r.qualifier, r.estimated, r.period,
       g.chosen_by, g.conflict, g.n_facts, g.fact_ids, g.doc_ids
FROM ranked r JOIN groups g ON r.region = g.region AND r.metric_id = g.metric_id
     AND r.kind = g.kind AND r.rank_of IS NOT DISTINCT FROM g.rank_of
     AND r._year IS NOT DISTINCT FROM g._year
WHERE r._rank = 1
ORDER BY r.region, r.metric_id, r.kind, r.rank_of, r._year NULLS FIRST
"""


def wide_sql(source: str) -> str:
    """The wide-table query over any relation with the facts columns (a table, a view,
    ``read_parquet(...)``)."""
    return _WIDE_SQL.format(source=source, tolerance=TOLERANCE)


def wide_table(facts: pd.DataFrame) -> pd.DataFrame:
    """One chosen value per region × metric × kind × year, from region-wide facts.

    Exact beats approximate or bounded, a later article beats an earlier one; when the
    candidates disagree the choice is kept and ``conflict`` flags it.
    """
    if facts.empty or not (facts["scope"].fillna("").astype(str) == "").any():
        return pd.DataFrame(columns=WIDE_COLUMNS)
    with duckdb.connect() as con:
        con.register("facts", facts)
        wide = con.execute(wide_sql("SELECT * FROM facts")).df()
    wide["year"] = wide["year"].astype("Int64")
    return wide[WIDE_COLUMNS]


def read_table(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """One Parquet table as pandas, typed as written (whole numbers stay whole with gaps)."""
    table = pq.read_table(path, columns=columns)
    return table.to_pandas(types_mapper=INT_NULLABLE.get)


def exist(out: Path) -> bool:
    """Whether a run has written every table into ``out``."""
    return all((Path(out) / f"{name}.parquet").exists() for name in TABLES)


def read_tables(out: Path = paths.PROCESSED) -> dict[str, pd.DataFrame]:
    """The tables one run wrote, plus the catalogue.

    Keys: facts, metrics_wide, documents, regions, metrics.
    """
    loaded = {name: read_table(Path(out) / f"{name}.parquet") for name in TABLES}
    return loaded | {"metrics": catalogue.load_metrics()}
