"""Write a run's tables into the output folder: Parquet shards for queries, a Frictionless
datapackage describing them, and CSV exports for people.

A full run streams articles in one at a time (:class:`Staging`): texts go straight to
disk, facts and documents to Parquet parts, so memory stays flat however many articles a
run reads; DuckDB then sorts them into shards and derives the wide table. The folder is
built beside the target and swapped in by rename, so a reader sees the old tables or the
new ones, never half of each; a failed run leaves the old ones.

An incremental run (:func:`update`) rewrites only the shards holding the articles that
changed and the wide-table cells their facts compete in, each file replaced by rename.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract import __version__, catalogue
from extract.atomic import StagingFolder
from extract.facts import Fact
from extract.stale import BUILD
from extract.tables import (
    DOCUMENT_COLUMNS,
    ORDER,
    SHARD_KEY,
    SHARDS,
    TABLES,
    groups_sql,
    rewide_sql,
    shard_count,
    shard_of,
    shard_sql,
    wide_sql,
)

_FIELD_DOCS = {
    "facts": "One row per figure an article states about a region, with its provenance.",
    "metrics_wide": "The chosen value per region × metric × kind × year (region-wide facts only).",
    "documents": "One row per article read.",
    "regions": "The gazetteer rows (GB/T 2260 code, level, parent) the facts use.",
}
# DuckDB column types → Frictionless field types (anything else is a string).
_TYPES = {"BIGINT": "integer", "INTEGER": "integer", "DOUBLE": "number", "BOOLEAN": "boolean"}
_ARROW = {str: pa.string(), float: pa.float64(), bool: pa.bool_(), int: pa.int64()}
FLUSH_ROWS = 20_000  # rows held (as Arrow) before they go to a Parquet part
CHUNK_ROWS = 1_000  # rows held as Python dicts before they become Arrow (a tenth the size)
# Rows per Parquet row group: what a table's writer holds at once, whatever the corpus.
# Measured on the commit of 100,000 articles' staged parts (peak RSS): 266 MB at 65,536
# rows (documents and index held whole), 250-258 at 16,384, 236-240 at 4,096, 232-240 at
# 2,048.
ROW_GROUP = 4_096
# Rows a commit's query sorts or chooses at once (a few flushes' facts, a few regions').
BATCH_ROWS = 8_192
# Sorting a province's facts must not take the machine: DuckDB spills to disk past this.
MEMORY_LIMIT = "256MB"
# A full commit's queries (a few flushes' or regions' facts) need little, and what DuckDB
# keeps between them grows to its limit: at 100,000 articles the run's peak was 14 MB
# higher at 256MB. One that needs more (a region's facts by the hundred thousand) fails
# with an out-of-memory error and has its file written again at MEMORY_LIMIT.
COMMIT_MEMORY_LIMIT = "32MB"
# One thread: the tables are written a shard at a time, and each further thread holds
# buffers of its own (20 MB more at the peak of a run) for no gain on a shared machine.
THREADS = 1
INDEX = "index.parquet"  # what each article file was when read: how a rerun sees changes
# (codes of the regions facts name, names of the articles' main regions) → the regions table
Key = typing.TypeVar("Key")
RegionsFor = Callable[[set[str], set[str]], pd.DataFrame]


def facts_schema() -> pa.Schema:
    """Arrow types read from the Fact dataclass, so a new fact column needs no edit here."""
    hints = typing.get_type_hints(Fact)
    fields = []
    for name, hint in hints.items():
        base = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
        fields.append(pa.field(name, _ARROW.get(base, pa.string())))
    return pa.schema(fields)


def _schema(columns: Iterable[str], whole: Iterable[str]) -> pa.Schema:
    return pa.schema([pa.field(c, pa.int64() if c in whole else pa.string()) for c in columns])


DOCUMENTS_SCHEMA = _schema(DOCUMENT_COLUMNS, ("n_facts", "chars"))
INDEX_SCHEMA = _schema(
    ("file", "size", "mtime_ns", "inode", "meta", "key", "doc_id"), ("size", "mtime_ns", "inode")
)
# Tables whose columns are fixed here; the others keep what their query gives.
SCHEMAS = {"facts": facts_schema(), "documents": DOCUMENTS_SCHEMA, "index": INDEX_SCHEMA}


def connect(spill: Path | None = None, memory: str = MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory}'")
    con.execute(f"SET threads = {THREADS}")
    con.execute("SET preserve_insertion_order = true")
    if spill is not None:
        con.execute(f"SET temp_directory = '{spill}'")
    return con


def _copy(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> int:
    """``query`` into one Parquet file of the table's schema; returns the rows written."""
    return _write(con, [query], path)


def _write(con: duckdb.DuckDBPyConnection, queries: Iterable[str], path: Path) -> int:
    """The rows of ``queries``, one query after the other, into one Parquet file of the
    table's schema; returns the rows written.

    Written through Arrow with every column nullable: DuckDB would mark a column required
    when its input happens to hold no nulls, and the same rows must give the same bytes
    whichever way (a full run, an update) they were computed. Streamed in row groups of
    ``ROW_GROUP`` rows, cut here rather than where DuckDB's batches or the queries end
    (same rows, same bytes): a province's documents are never held whole.
    """
    readers = (con.sql(query).to_arrow_reader(ROW_GROUP) for query in queries)
    first = next(readers)
    schema = SCHEMAS.get(path.parent.name if path.parent.name in SHARD_KEY else path.stem)
    schema = schema or pa.schema([f.with_nullable(True) for f in first.schema])
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for group in _row_groups(_chain(first, readers), ROW_GROUP):
            writer.write_table(group.select(schema.names).cast(schema))
            written += group.num_rows
        if not written:  # the schema alone, as write_table gives for no rows
            writer.write_table(schema.empty_table())
    pa.default_memory_pool().release_unused()  # what the writer freed, back before the next
    return written


def _chain(
    first: pa.RecordBatchReader, rest: Iterator[pa.RecordBatchReader]
) -> Iterator[pa.RecordBatch]:
    """The batches of each reader in turn; a reader is opened (its query run) only when the
    one before is done, so one query's rows are held at a time."""
    yield from first
    for reader in rest:
        yield from reader


def _row_groups(batches: Iterable[pa.RecordBatch], size: int) -> Iterator[pa.Table]:
    """The rows of ``batches`` as tables of exactly ``size`` rows (the last: what is left)."""
    held: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        held.append(batch)
        count += batch.num_rows
        while count >= size:
            rows = pa.Table.from_batches(held)
            yield rows.slice(0, size)
            held, count = rows.slice(size).to_batches(), count - size
    if count:
        yield pa.Table.from_batches(held)


def _shard_file(folder: Path, name: str, shard: int) -> Path:
    return folder / name / f"part-{shard:02d}.parquet"


def write_shards(
    con: duckdb.DuckDBPyConnection,
    rows: Callable[[int], list[str]],
    folder: Path,
    name: str,
    shards: int,
) -> None:
    """Every shard of a table as ``folder/name/part-NN.parquet``, ``rows(shard)`` the queries
    that give its rows in the table's order, one after the other; an empty shard is no file
    (part-00 stays, for the schema). One query at a time, so memory holds a batch of a
    shard, not the table."""
    for shard in range(shards):
        path = _shard_file(folder, name, shard)
        if not _write(con, rows(shard), path) and shard != 0:
            path.unlink()


def _batches(sizes: Iterable[tuple[Key, int]], limit: int) -> list[list[Key]]:
    """Consecutive keys grouped so that each group's sizes add up to at most ``limit`` (a
    key larger alone is a group of its own)."""
    groups: list[list[Key]] = []
    total = limit
    for key, size in sizes:
        if total + size > limit:
            groups.append([])
            total = 0
        groups[-1].append(key)
        total += size
    return groups


def _arrow(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


class _Rows:
    """Rows on their way to a Parquet part: a few as dicts, the rest already Arrow."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.dicts: list[dict] = []
        self.batches: list[pa.RecordBatch] = []
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def add(self, rows: Iterable[dict]) -> None:
        before = len(self.dicts)
        self.dicts.extend(rows)
        self.count += len(self.dicts) - before
        if len(self.dicts) >= CHUNK_ROWS:
            self.batches.append(pa.RecordBatch.from_pylist(self.dicts, schema=self.schema))
            self.dicts = []

    def take(self) -> pa.Table:
        """Every row held, in the order added; the buffer is then empty."""
        rows = [*self.batches, pa.RecordBatch.from_pylist(self.dicts, schema=self.schema)]
        self.dicts, self.batches, self.count = [], [], 0
        return pa.Table.from_batches(rows, schema=self.schema)


class Staging:
    """A full run's output being built beside ``out``; :meth:`commit` swaps it in."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.staging = StagingFolder(self.out)
        self.folder = self.staging.path
        (self.folder / "texts").mkdir()
        self.parts = self.folder / ".parts"
        for name in SHARD_KEY:
            (self.parts / name).mkdir(parents=True)
        # table → rows waiting to be written as the next part
        self.buffers = {
            "facts": _Rows(facts_schema()),
            "docs": _Rows(DOCUMENTS_SCHEMA),
            "index": _Rows(INDEX_SCHEMA),
        }
        self.n_parts = 0
        self.articles = 0
        # Facts parts are split among this many shards; the tables' own count (a divisor)
        # is known at the commit, which splits them so when nothing was flushed before.
        self.split = SHARDS
        # the last key added per whole-table column, None once rows came out of order
        self.last: dict[str, str | None] = {"doc_id": "", "file": ""}

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.staging.close()  # after a commit there is nothing left

    def add(self, document: dict, text: str, facts: Iterable[dict], indexed: dict) -> None:
        """One article: its document row, normalised text, facts and index row."""
        (self.folder / "texts" / f"{document['doc_id']}.txt").write_text(text, encoding="utf-8")
        self.buffers["docs"].add([document])
        self.buffers["index"].add([indexed])
        self.buffers["facts"].add(facts)
        self.articles += 1
        self._follow("doc_id", document["doc_id"])
        self._follow("file", indexed["file"])
        if len(self.buffers["facts"]) + len(self.buffers["docs"]) >= FLUSH_ROWS:
            self._flush()

    def _follow(self, column: str, key: str) -> None:
        last = self.last[column]
        self.last[column] = key if last is not None and key > last else None

    def _whole(self, name: str, column: str) -> str:
        """The staged rows of a whole table (documents, index) in ``column``'s order: the
        parts as written when the rows came in that order (as a folder's articles come,
        named by file), which streams; else sorted, which holds them all."""
        rows = f"SELECT * FROM {_parquet(sorted(self.parts.glob(f'{name}-*.parquet')))}"
        return rows if self.last[column] is not None else f"{rows} ORDER BY {column}"

    def _flush(self) -> None:
        for name, rows in self.buffers.items():
            if name == "facts":
                self._flush_facts(rows.take())
            else:
                pq.write_table(rows.take(), self.parts / f"{name}-{self.n_parts:06d}.parquet")
        self.n_parts += 1

    def _flush_facts(self, rows: pa.Table) -> None:
        """Facts parts split by the shard of each table they go to (of their article, of
        their region): a shard is then built from its own parts, no fact hashed or read
        again for the other shards, and no more of the facts held than one shard's."""
        for name, key in SHARD_KEY.items():
            # as shard_sql: a row without a key is in no shard
            shards = [-1 if k is None else shard_of(k, self.split) for k in rows[key].to_pylist()]
            column = pa.array(shards, pa.int64())
            for shard in sorted(set(shards) - {-1}):
                path = self.parts / name / f"{shard:02d}-{self.n_parts:06d}.parquet"
                pq.write_table(rows.filter(pc.equal(column, shard)), path)

    def _shard_files(self, name: str, shard: int, shards: int) -> list[tuple[list[Path], int]]:
        """The staged facts parts of one of ``shards`` shards of table ``name`` (those of every
        split shard that falls in it), flush by flush: (a flush's files, their rows)."""
        split = range(shard, self.split, shards)
        flushes: dict[str, list[Path]] = {}
        for path in sorted(p for s in split for p in (self.parts / name).glob(f"{s:02d}-*")):
            flushes.setdefault(path.stem.partition("-")[2], []).append(path)
        return [(files, sum(pq.read_metadata(f).num_rows for f in files))
                for _, files in sorted(flushes.items())]  # fmt: skip

    def _facts(self, shard: int, shards: int) -> list[str]:
        """Queries giving one shard of the facts in the table's order. When the articles
        came in doc_id order (as a folder's do, named by file), each flush holds later
        articles than the one before: the facts are then sorted a few flushes at a time,
        not the shard's whole."""
        flushes = self._shard_files("facts", shard, shards)
        if not flushes:
            return ["FROM no_facts"]
        if self.last["doc_id"] is None or sum(n for _, n in flushes) <= BATCH_ROWS:
            batches = [sorted(f for files, _ in flushes for f in files)]
        else:
            batches = [[f for files in group for f in files]
                       for group in _batches(flushes, BATCH_ROWS)]  # fmt: skip
        return [f"FROM {_parquet(b)} ORDER BY {ORDER['facts']}" for b in batches]

    def _wide(self, con: duckdb.DuckDBPyConnection, shard: int, shards: int) -> list[str]:
        """Queries giving one shard of the wide table in its order: the cells of a few
        regions at a time (a cell's facts are all of one region, and regions come first in
        the table's order), not every fact of the shard at once."""
        flushes = self._shard_files("metrics_wide", shard, shards)
        if not flushes:
            return [wide_sql("FROM no_facts")]
        facts = "FROM " + _parquet(sorted(f for files, _ in flushes for f in files))
        if sum(n for _, n in flushes) <= BATCH_ROWS:
            return [wide_sql(facts)]
        counts = con.execute(f"SELECT region, count(*) {facts} GROUP BY region ORDER BY region")
        return [
            wide_sql(f"{facts} WHERE region BETWEEN {_text(b[0])} AND {_text(b[-1])}")
            for b in _batches(counts.fetchall(), BATCH_ROWS)
        ]

    def commit(self, regions_for: RegionsFor, build: dict) -> int:
        """Shard and sort the facts, derive the wide table, write every table and swap the
        folder in (the shard count recorded in the build stamp); returns the fact count."""
        shards = shard_count(self.articles)
        if not self.n_parts:
            self.split = shards  # every fact is still here: split once, as the tables are
        self._flush()  # even when empty: the tables keep their columns
        build = {**build, "shards": shards}
        with connect(self.parts, COMMIT_MEMORY_LIMIT) as con:
            con.register("no_facts", _arrow([], facts_schema()))  # a shard no fact went to
            try:
                n_facts = self._write_tables(con, shards, regions_for, build)
            except duckdb.OutOfMemoryException:  # a query larger than the commit's limit:
                con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")  # each file again
                n_facts = self._write_tables(con, shards, regions_for, build)
        shutil.rmtree(self.parts)
        self.staging.swap()
        return n_facts

    def _write_tables(
        self, con: duckdb.DuckDBPyConnection, shards: int, regions_for: RegionsFor, build: dict
    ) -> int:
        """Every table of the staged rows into the staging folder; returns the fact count."""
        write_shards(con, lambda s: self._facts(s, shards), self.folder, "facts", shards)
        wide = lambda s: self._wide(con, s, shards)  # noqa: E731
        write_shards(con, wide, self.folder, "metrics_wide", shards)
        _copy(con, self._whole("docs", "doc_id"), self.folder / "documents.parquet")
        _finish(con, self.folder, regions_for, f"({self._whole('index', 'file')})", build)
        return _count(con, self.folder)


def _parquet(files: Iterable[Path]) -> str:
    """These Parquet files as one relation, their rows in the order of the files."""
    return "read_parquet([" + ", ".join(f"'{p}'" for p in files) + "])"


def _text(value: str) -> str:
    """A string as an SQL literal."""
    return "'" + value.replace("'", "''") + "'"


def _in_shard(relation: str, name: str, shard: int, shards: int) -> str:
    """The rows of ``relation`` that belong in one of ``shards`` shards of table ``name``."""
    return f"SELECT * FROM {relation} WHERE {shard_sql(name, shards)} = {shard}"


def _files(folder: Path, name: str) -> str:
    return f"read_parquet('{folder / name}/*.parquet')"


def _count(con: duckdb.DuckDBPyConnection, folder: Path) -> int:
    return int(con.execute(f"SELECT count(*) FROM {_files(folder, 'facts')}").fetchone()[0])


def _finish(
    con: duckdb.DuckDBPyConnection, folder: Path, regions_for: RegionsFor, index: str, build: dict
) -> None:
    """The tables that follow from facts and documents already in ``folder``: regions, the
    index (``index``: its rows in file order), the build stamp and the datapackage."""
    codes = con.execute(f"SELECT DISTINCT region_code FROM {_files(folder, 'facts')}").fetchall()
    names = con.execute(f"SELECT DISTINCT region FROM '{folder}/documents.parquet'").fetchall()
    regions = regions_for({str(c) for (c,) in codes if c}, {str(n) for (n,) in names if n})
    con.register("regions_df", regions)
    _copy(con, f"SELECT * FROM regions_df ORDER BY {ORDER['regions']}", folder / "regions.parquet")
    _copy(con, f"SELECT * FROM {index}", folder / INDEX)
    _write_json(folder / BUILD, build)
    _write_json(folder / "datapackage.json", datapackage(con, folder))


def _write_json(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def restamp(out: Path, build: dict) -> int:
    """A run that found nothing changed: only the build stamp is renewed (by rename).
    Returns the fact count."""
    partial = out / f".{BUILD}.tmp"
    _write_json(partial, build)
    os.replace(partial, out / BUILD)
    with connect() as con:
        return _count(con, out)


def update(
    out: Path,
    gone: set[str],
    fresh: list[dict],
    regions_for: RegionsFor,
    index: pa.Table,
    build: dict,
) -> int:
    """Replace the articles ``gone`` (changed or removed doc_ids) by ``fresh`` results
    (document, facts, text) in the tables of ``out``; returns the fact count. The tables
    keep their shard count (``build["shards"]``).

    Only the facts shards of those articles are rewritten, and of the wide table only the
    cells their old or new facts compete in: the same tables a full run would write.
    """
    out = Path(out)
    work = Path(tempfile.mkdtemp(prefix=".update-", dir=out))
    try:
        with connect(work) as con:
            _stage_update(con, out, work, gone, fresh, build["shards"])
            con.register("index_rows", index)
            # The new facts are complete in work + out: derive the rest, then move it all in.
            rows = "(SELECT * FROM index_rows ORDER BY file)"
            _finish(con, _overlay_dir(out, work), regions_for, rows, build)
            _move_in(work, out, gone - {r["document"]["doc_id"] for r in fresh})
            return _count(con, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _stage_update(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    work: Path,
    gone: set[str],
    fresh: list[dict],
    shards: int,
) -> None:
    """Write into ``work`` every file of ``out`` the change rewrites (shards, documents,
    texts); files left empty are written as empty markers for :func:`_move_in`."""
    con.register("new_facts", _arrow([f for r in fresh for f in r["facts"]], facts_schema()))
    con.register("new_docs", _arrow([r["document"] for r in fresh], DOCUMENTS_SCHEMA))
    replaced = gone | {r["document"]["doc_id"] for r in fresh}
    con.register("replaced", pd.DataFrame({"doc_id": sorted(replaced)}, dtype=str))
    facts = _files(out, "facts")
    old = f"SELECT * FROM {facts} WHERE doc_id IN (SELECT doc_id FROM replaced)"
    con.execute(
        f"CREATE TEMP TABLE touched AS {groups_sql(old)} UNION {groups_sql('FROM new_facts')}"
    )
    # facts: the shards of the articles replaced, without their old rows, with the new ones
    for shard in _shards(con, "facts", "SELECT doc_id FROM replaced", shards):
        kept = f"SELECT * FROM {_shard(out, 'facts', shard)} WHERE doc_id NOT IN (FROM replaced)"
        new = _in_shard("new_facts", "facts", shard, shards)
        _rewrite(con, work, "facts", shard, f"{kept} UNION ALL BY NAME {new}")
    # the wide table: only the touched cells chosen again, from the facts as they are now
    after = f"SELECT * FROM {_overlay_files(out, work, 'facts')}"
    for shard in _shards(con, "metrics_wide", "SELECT region FROM touched", shards):
        cells = _in_shard("touched", "metrics_wide", shard, shards)
        rows = rewide_sql(f"SELECT * FROM {_shard(out, 'metrics_wide', shard)}", after, cells)
        _rewrite(con, work, "metrics_wide", shard, rows)
    kept = f"SELECT * FROM '{out}/documents.parquet' WHERE doc_id NOT IN (FROM replaced)"
    documents = f"{kept} UNION ALL BY NAME FROM new_docs ORDER BY doc_id"
    _copy(con, documents, work / "documents.parquet")
    (work / "texts").mkdir()
    for r in fresh:
        (work / "texts" / f"{r['document']['doc_id']}.txt").write_text(r["text"], encoding="utf-8")


def _shards(con: duckdb.DuckDBPyConnection, name: str, keys: str, shards: int) -> list[int]:
    sql = f"SELECT DISTINCT {shard_sql(name, shards)} FROM ({keys}) ORDER BY 1"
    rows = con.execute(sql).fetchall()
    return [int(s) for (s,) in rows]


def _shard(out: Path, name: str, shard: int) -> str:
    """One shard of ``out`` as a relation; an absent shard reads as no rows of the schema."""
    path = _shard_file(out, name, shard)
    if path.exists():
        return f"read_parquet('{path}')"
    return f"(SELECT * FROM read_parquet('{_shard_file(out, name, 0)}') LIMIT 0)"


def _rewrite(con: duckdb.DuckDBPyConnection, work: Path, name: str, shard: int, rows: str) -> None:
    path = _shard_file(work, name, shard)
    if _copy(con, f"SELECT * FROM ({rows}) ORDER BY {ORDER[name]}", path) == 0 and shard != 0:
        path.unlink()
        path.with_suffix(".empty").touch()  # the shard is to be removed from out


def _overlay_files(out: Path, work: Path, name: str) -> str:
    """A sharded table as it will be once ``work`` is moved into ``out``."""
    files = {p.name: p for p in (out / name).glob("*.parquet")}
    for p in (work / name).glob("*"):
        files.pop(p.with_suffix(".parquet").name, None)
        if p.suffix == ".parquet":
            files[p.name] = p
    return _parquet(p for _, p in sorted(files.items()))


def _overlay_dir(out: Path, work: Path) -> Path:
    """``work`` completed with links to the unchanged files of ``out``: the folder as it will be,
    for the tables derived from all of it (regions, datapackage)."""
    for name in SHARD_KEY:
        (work / name).mkdir(exist_ok=True)
        for p in (out / name).glob("*.parquet"):
            mine = work / name / p.name
            if not mine.exists() and not mine.with_suffix(".empty").exists():
                os.symlink(p, mine)
    return work


def _move_in(work: Path, out: Path, removed: set[str]) -> None:
    """Every new file into ``out`` by rename (the datapackage last), shards left empty
    and the texts of removed articles deleted."""
    for name in SHARD_KEY:
        for p in sorted((work / name).glob("*")):
            target = out / name / p.with_suffix(".parquet").name
            if p.is_symlink():
                continue
            if p.suffix == ".empty":
                target.unlink(missing_ok=True)
            else:
                os.replace(p, target)
    for p in (work / "texts").glob("*.txt"):
        os.replace(p, out / "texts" / p.name)
    for doc_id in removed:
        (out / "texts" / f"{doc_id}.txt").unlink(missing_ok=True)
    for name in ("documents.parquet", "regions.parquet", INDEX, BUILD, "datapackage.json"):
        os.replace(work / name, out / name)


def datapackage(con: duckdb.DuckDBPyConnection, folder: Path) -> dict:
    """A Frictionless descriptor of every Parquet table in ``folder``, with each metric's
    unit; a sharded table is one resource over its files. CSV exports add theirs."""
    resources = []
    for name in TABLES:
        if name in SHARD_KEY:
            parts = sorted((folder / name).glob("*.parquet"))
            path: str | list[str] = [f"{name}/{p.name}" for p in parts]
            source = _files(folder, name)
        else:
            path, source = f"{name}.parquet", f"'{folder / name}.parquet'"
        columns = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        resources.append(
            {"name": f"{name}-parquet", "path": path, "format": "parquet",
             "description": _FIELD_DOCS.get(name, ""), "schema": {"fields": _fields(columns)}}
        )  # fmt: skip
    return _package(resources)


def _fields(columns: list[tuple]) -> list[dict[str, str]]:
    fields = [{"name": col, "type": _TYPES.get(kind, "string")} for col, kind, *_ in columns]
    for f in fields:
        if f["name"] == "value":
            f["description"] = "In the column `unit`: the metric's canonical unit"
    return fields


def _package(resources: list[dict]) -> dict:
    return {
        "name": "chuanyu-regions-metrics",
        "title": "川渝 regional high-tech metrics read from articles",
        "version": __version__,
        "resources": resources,
        "metric_units": {m.metric_id: m.unit for m in catalogue.metrics().values()},
    }


def _csv_cell(column: str, kind: str) -> str:
    """A column as a CSV cell: whole numbers in a float column without a trailing .0."""
    if kind != "DOUBLE":
        return f'"{column}"'
    whole = f'"{column}" = trunc("{column}") AND abs("{column}") < 1e15'
    return (
        f'CASE WHEN {whole} THEN CAST(CAST("{column}" AS BIGINT) AS VARCHAR)'
        f' ELSE CAST("{column}" AS VARCHAR) END AS "{column}"'
    )


def export_csv(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Each table ``con`` has a view of (facts, metrics_wide, documents, regions) as
    ``folder/<name>.csv``, in the table's order, each file replaced whole; the folder's
    datapackage gains a CSV resource per table. The same tables give the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name in TABLES:
        columns = con.execute(f"DESCRIBE {name}").fetchall()
        cells = ", ".join(_csv_cell(col, kind) for col, kind, *_ in columns)
        query = f"SELECT {cells} FROM {name} ORDER BY {ORDER[name]}"
        partial = folder / f".{name}.csv.tmp"
        con.execute(f"COPY ({query}) TO '{partial}' (FORMAT csv, HEADER)")
        os.replace(partial, folder / f"{name}.csv")
        resources.append(
            {"name": name, "path": f"{name}.csv", "format": "csv", "encoding": "utf-8",
             "description": _FIELD_DOCS.get(name, ""), "schema": {"fields": _fields(columns)}}
        )  # fmt: skip
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8")) if path.exists() else _package([])
    kept = [r for r in package["resources"] if r.get("format") != "csv"]
    _write_json(path, package | {"resources": kept + resources})
