"""Write a run's tables into the output folder all at once: Parquet for queries, CSV for
people, a Frictionless datapackage describing both.

Articles stream in one at a time (:class:`Staging`): texts go straight to disk and facts
to Parquet parts, so memory stays flat however many articles a run reads; DuckDB then
sorts the facts and derives the wide table from the files. The folder is built beside
the target and swapped in by rename, so a reader sees the old tables or the new ones,
never half of each; a failed run leaves the old ones.
"""

from __future__ import annotations

import json
import shutil
import typing
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extract import __version__, catalogue
from extract.atomic import StagingFolder
from extract.facts import Fact
from extract.tables import INT_NULLABLE, TABLES, wide_sql

_FIELD_DOCS = {
    "facts": "One row per figure an article states about a region, with its provenance.",
    "metrics_wide": "The chosen value per region × metric × kind × year (region-wide facts only).",
    "documents": "One row per article read.",
    "regions": "The gazetteer rows (GB/T 2260 code, level, parent) the facts use.",
}
# DuckDB column types → Frictionless field types (anything else is a string).
_TYPES = {"BIGINT": "integer", "INTEGER": "integer", "DOUBLE": "number", "BOOLEAN": "boolean"}
_ARROW = {str: pa.string(), float: pa.float64(), bool: pa.bool_(), int: pa.int64()}
FLUSH_ROWS = 50_000  # facts held in memory before they go to a Parquet part
# Sorting a province's facts must not take the machine: DuckDB spills to disk past this.
MEMORY_LIMIT = "1GB"


def facts_schema() -> pa.Schema:
    """Arrow types read from the Fact dataclass, so a new fact column needs no edit here."""
    hints = typing.get_type_hints(Fact)
    fields = []
    for name, hint in hints.items():
        base = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
        fields.append(pa.field(name, _ARROW.get(base, pa.string())))
    return pa.schema(fields)


def write_csv(df: pd.DataFrame, path: Path, header: bool = True) -> None:
    """CSV the same bytes for the same table: fixed float format, \\n line ends."""
    mode = "w" if header else "a"
    df.to_csv(path, index=False, header=header, mode=mode, lineterminator="\n",
              float_format="%.10g")  # fmt: skip


def _pandas(batch: pa.RecordBatch | pa.Table) -> pd.DataFrame:
    # Whole numbers stay whole when some are missing (a year of "" rather than 2023.0).
    return batch.to_pandas(types_mapper=INT_NULLABLE.get)


def save(con: duckdb.DuckDBPyConnection, query: str, folder: Path, name: str) -> None:
    """One table from a DuckDB query, as ``name.parquet`` and ``name.csv``."""
    con.execute(f"COPY ({query}) TO '{folder / name}.parquet' (FORMAT parquet, COMPRESSION zstd)")
    parquet = pq.ParquetFile(folder / f"{name}.parquet")
    header = True
    for batch in parquet.iter_batches(batch_size=50_000):
        write_csv(_pandas(batch), folder / f"{name}.csv", header)
        header = False
    if header:  # no rows: the header alone
        write_csv(_pandas(parquet.schema_arrow.empty_table()), folder / f"{name}.csv")


def connect(spill: Path | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET preserve_insertion_order = true")
    if spill is not None:
        con.execute(f"SET temp_directory = '{spill}'")
    return con


class Staging:
    """A run's output being built beside ``out``; :meth:`commit` swaps it in."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.staging = StagingFolder(self.out)
        self.folder = self.staging.path
        (self.folder / "texts").mkdir()
        self.parts = self.folder / ".facts"
        self.parts.mkdir()
        self.schema = facts_schema()
        self.buffer: list[dict] = []
        self.n_parts = 0
        self.codes: set[str] = set()

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.staging.close()  # after a commit there is nothing left

    def add(self, doc_id: str, text: str, facts: Iterable[dict]) -> None:
        (self.folder / "texts" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        rows = list(facts)
        self.codes.update(str(r["region_code"]) for r in rows)
        self.buffer += rows
        if len(self.buffer) >= FLUSH_ROWS:
            self._flush()

    def region_codes(self) -> set[str]:
        """The codes of every region a fact added so far names."""
        return self.codes

    def _flush(self) -> None:
        table = pa.Table.from_pylist(self.buffer, schema=self.schema)
        pq.write_table(table, self.parts / f"{self.n_parts:06d}.parquet")
        self.n_parts += 1
        self.buffer = []

    def commit(self, documents: pd.DataFrame, regions: pd.DataFrame) -> int:
        """Sort the facts, derive the wide table, write every table; returns the fact count."""
        self._flush()  # even when empty: the facts table keeps its columns
        order = "doc_id, figure_start, metric_id, kind"
        with connect(self.parts) as con:
            con.register("documents_df", documents)
            con.register("regions_df", regions)
            queries = {
                "facts": f"SELECT * FROM '{self.parts}/*.parquet' ORDER BY {order}",
                "documents": "SELECT * FROM documents_df ORDER BY doc_id",
                "regions": "SELECT * FROM regions_df",
            }
            for name, query in queries.items():
                save(con, query, self.folder, name)
            save(con, wide_sql(f"SELECT * FROM '{self.folder}/facts.parquet'"), self.folder,
                 "metrics_wide")  # fmt: skip
            package = datapackage(con, self.folder)
            n_facts = con.execute(f"SELECT count(*) FROM '{self.folder}/facts.parquet'").fetchone()
        shutil.rmtree(self.parts)
        (self.folder / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        self.staging.swap()
        return int(n_facts[0]) if n_facts else 0


def datapackage(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, object]:
    """A Frictionless descriptor of every table in both formats, with each metric's unit."""
    units = {m.metric_id: m.unit for m in catalogue.metrics().values()}
    resources = []
    for name in TABLES:
        columns = con.execute(f"DESCRIBE SELECT * FROM '{folder / name}.parquet'").fetchall()
        fields = [{"name": col, "type": _TYPES.get(kind, "string")} for col, kind, *_ in columns]
        for f in fields:
            if f["name"] == "value":
                f["description"] = "In the column `unit`: the metric's canonical unit"
        for fmt, suffix in (("csv", ""), ("parquet", "-parquet")):
            resource = {"name": name + suffix, "path": f"{name}.{fmt}", "format": fmt}
            resource |= {"encoding": "utf-8"} if fmt == "csv" else {}
            resource |= {"description": _FIELD_DOCS.get(name, ""), "schema": {"fields": fields}}
            resources.append(resource)
    return {
        "name": "chuanyu-regions-metrics",
        "title": "川渝 regional high-tech metrics read from articles",
        "version": __version__,
        "resources": resources,
        "metric_units": units,
    }
