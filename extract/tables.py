"""The tables a run writes, as DuckDB reads them: facts, the wide table, documents, regions.

The store is Parquet in the output folder. ``facts`` and ``metrics_wide`` are split into
shards (``facts/part-07.parquet``) by a hash of the article or the region, so that adding
or correcting one article rewrites a few small files, not the province's facts; within a
shard rows keep the table's order. How many shards follows from the corpus size
(:func:`shard_count`, recorded in ``build.json``): a small corpus is one file per table.
Everything here is SQL over those files, so a query reads only the rows and columns it
asks for.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from extract import catalogue, paths
from extract.vocabulary import TOLERANCE

# Arrow → pandas: whole numbers stay whole when some are missing (2023 and <NA>, not 2023.0).
INT_NULLABLE = {pa.int64(): pd.Int64Dtype()}
# The tables one run writes, each as Parquet (queried); CSV is the export (extract/output.py).
TABLES = ("facts", "metrics_wide", "documents", "regions")
SHARDS = 32  # the most shards a sharded table is split into
# Articles per shard before a corpus is split further: each shard costs a query and a file
# whatever it holds (32 of each per table took 0.4 s of a 5 MB corpus's 0.5 s commit).
ARTICLES_PER_SHARD = 1024
# A sharded table → the column whose hash picks the shard.
SHARD_KEY = {"facts": "doc_id", "metrics_wide": "region"}
# Every table's row order, in its files and in every export. A total order: one figure
# read for several regions (芦山县、宝兴县…分别) gives rows equal up to the region, which a
# sort would otherwise leave in whatever order its input came.
ORDER = {
    "facts": "doc_id, figure_start, metric_id, kind, fact_id, region",
    "metrics_wide": "region, metric_id, kind, rank_of, year NULLS FIRST",
    "documents": "doc_id",
    "regions": "code",
}
# A cell of the wide table: facts in the same group compete for one value.
GROUP = ("region", "metric_id", "kind", "rank_of", "year")
WIDE_COLUMNS = [
    "region", "region_code", "region_level", "metric_id", "kind", "rank_of", "year",
    "year_source", "value", "unit",
    "qualifier", "estimated", "period", "chosen_by", "conflict", "n_facts", "fact_ids", "doc_ids",
]  # fmt: skip
DOCUMENT_COLUMNS = [
    "doc_id", "title", "published", "source", "url", "region", "content_hash", "text_hash",
    "n_facts", "warnings", "path", "encoding", "chars",
]  # fmt: skip
REGION_COLUMNS = ["code", "name", "short", "level", "parent_code", "parent", "aliases"]


# The choice, in SQL so one query serves a DataFrame, the Parquet store, or only the rows a
# change touches: rank candidates per region × metric × kind (a rank: of what) × year (exact
# first, then the later article, then reading order), keep the first and flag candidates
# that disagree.
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


def groups_sql(facts: str) -> str:
    """The wide-table cells (``GROUP``) that region-wide rows of ``facts`` compete in."""
    return (
        "SELECT DISTINCT region, metric_id, kind, rank_of, TRY_CAST(year AS BIGINT) AS year"
        f" FROM ({facts}) WHERE coalesce(CAST(scope AS VARCHAR), '') = ''"
    )


def _in_groups(row: str, groups: str) -> str:
    same = " AND ".join(f"{row}.{c} IS NOT DISTINCT FROM _g.{c}" for c in GROUP[:-1])
    return (
        f"EXISTS (SELECT 1 FROM ({groups}) _g WHERE {same}"
        f" AND TRY_CAST({row}.year AS BIGINT) IS NOT DISTINCT FROM _g.year)"
    )


def rewide_sql(wide: str, facts: str, groups: str) -> str:
    """The wide table ``wide`` with only the cells in ``groups`` chosen again from ``facts``:
    what a new article or a correction changes, without choosing every other cell again."""
    chosen = wide_sql(f"SELECT * FROM ({facts}) _f WHERE {_in_groups('_f', groups)}")
    return (
        f"SELECT * FROM ({wide}) _w WHERE NOT {_in_groups('_w', groups)}"
        f" UNION ALL BY NAME ({chosen})"
    )


def shard_count(articles: int) -> int:
    """How many shards each sharded table of a corpus of ``articles`` has: one up to
    ``ARTICLES_PER_SHARD`` articles, then twice as many each time the corpus doubles, at
    most ``SHARDS``. A power of two, so a key's shard among them is its shard among
    ``SHARDS`` modulo the count."""
    shards = 1
    while shards < SHARDS and shards * ARTICLES_PER_SHARD < articles:
        shards *= 2
    return shards


def shard_sql(name: str, shards: int = SHARDS) -> str:
    """The shard of a row of a sharded table, in SQL (a stable hash: the same on every run)."""
    return f"CAST(md5_number({SHARD_KEY[name]}) % {shards} AS INTEGER)"


def shard_of(key: str, shards: int = SHARDS) -> int:
    """:func:`shard_sql` in Python, for a row's key: DuckDB's md5_number is the digest
    read as a little-endian unsigned number."""
    return int.from_bytes(hashlib.md5(key.encode("utf-8")).digest(), "little") % shards


def location(out: Path, name: str) -> str:
    """The files of one table, as DuckDB's ``read_parquet`` takes them."""
    if name in SHARD_KEY:
        return str(Path(out) / name / "*.parquet")
    return str(Path(out) / f"{name}.parquet")


def scan(out: Path, name: str) -> str:
    """A relation over one table's files."""
    return f"read_parquet('{location(out, name)}')"


def exist(out: Path) -> bool:
    """Whether a run has written every table into ``out``."""
    out = Path(out)
    return all(
        any((out / n).glob("*.parquet")) if n in SHARD_KEY else (out / f"{n}.parquet").exists()
        for n in TABLES
    )


def connect(out: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per table of ``out`` (the extracted tables)."""
    con = duckdb.connect()
    for name in TABLES:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {scan(out, name)}")
    return con


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """A query's rows as pandas, whole numbers whole however many are missing."""
    table = con.sql(sql, params=params or None).to_arrow_table()
    return table.to_pandas(types_mapper=INT_NULLABLE.get)


def wide_table(facts: pd.DataFrame) -> pd.DataFrame:
    """One chosen value per region × metric × kind × year, from region-wide facts.

    Exact beats approximate or bounded, a later article beats an earlier one; when the
    candidates disagree the choice is kept and ``conflict`` flags it.
    """
    if facts.empty or not (facts["scope"].fillna("").astype(str) == "").any():
        return pd.DataFrame(columns=WIDE_COLUMNS)
    with duckdb.connect() as con:
        con.register("facts_df", facts)
        return frame(con, wide_sql("SELECT * FROM facts_df"))[WIDE_COLUMNS]


def read_tables(out: Path = paths.PROCESSED) -> dict[str, pd.DataFrame]:
    """The tables one run wrote, each whole and in its order, plus the catalogue.

    Keys: facts, metrics_wide, documents, regions, metrics.
    """
    with connect(out) as con:
        loaded = {n: frame(con, f"SELECT * FROM {n} ORDER BY {ORDER[n]}") for n in TABLES}
    return loaded | {"metrics": catalogue.load_metrics()}
