"""The whole run: articles on disk → facts → tables in the output folder.

Used by the command line, the dashboard's start-up and ingestion alike.
"""

from __future__ import annotations

import hashlib
import json
import os
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, overload

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract import paths
from extract.atomic import locked
from extract.cache import Cache, build_fingerprint
from extract.engines import map_ordered, start_method, workers_default
from extract.errors import InputError
from extract.gazetteer import Gazetteer
from extract.metadata import read_manifest
from extract.output import INDEX, INDEX_SCHEMA, Staging, restamp, update
from extract.reading import Job, read_batch, warm
from extract.settings import Settings, current
from extract.stale import BUILD, MANIFEST_NAME, is_stale, stamp  # noqa: F401 (is_stale: callers ask the pipeline)
from extract.tables import REGION_COLUMNS, shard_count

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
Progress = Callable[[int, int, str], None]
BATCH = 64  # articles per task sent to a worker: enough to hide the round trip


@dataclass
class RunSummary:
    articles: int = 0
    facts: int = 0
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    reused: int = 0
    out: Path = paths.PROCESSED

    def __str__(self) -> str:
        return (
            f"{self.articles} articles read ({self.reused} from cache), {self.facts} facts, "
            f"{len(self.warnings)} warnings, {len(self.failed)} files failed → {self.out}"
        )


class Found(NamedTuple):
    """An article file as a scan finds it (size and mtime -1 when not looked at)."""

    path: str
    stem: str
    size: int
    mtime_ns: int
    inode: int


SCANNED = pa.schema([("path", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
                     ("inode", pa.int64())])  # fmt: skip
SCAN_CHUNK = 8192  # files a scan holds as Python objects before they join its Arrow table


class Scanned(Sequence[Found]):
    """Article files as a scan found them, one row each of an Arrow table (path, size,
    mtime_ns, inode), not an object per file; :class:`Found` is made when an entry is read."""

    def __init__(self, files: pa.Table) -> None:
        self.files = files
        self.paths = files["path"]

    def __len__(self) -> int:
        return self.files.num_rows

    @overload
    def __getitem__(self, i: int) -> Found: ...
    @overload
    def __getitem__(self, i: slice) -> list[Found]: ...
    def __getitem__(self, i: int | slice) -> Found | list[Found]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)  # also what ends a walk over the entries
        path, size, mtime, inode = (column[i % len(self)].as_py() for column in self.files.columns)
        return Found(path, _stem(path), size, mtime, inode)

    def __iter__(self) -> Iterator[Found]:
        # a chunk of rows at a time, not an Arrow scalar per cell: 5x faster over 100,000
        for batch in self.files.to_batches(max_chunksize=SCAN_CHUNK):
            for path, size, mtime, inode in zip(*batch.to_pydict().values(), strict=True):
                yield Found(path, _stem(path), size, mtime, inode)


class _Listing:
    """Files as a scan lists them, gathered into Arrow a chunk at a time. A dict of every
    path and its numbers peaked at 45 MB of small objects at 100,000 files, which the
    process kept through the whole run: 206 MB after the scan where it had 127 (149 now)."""

    def __init__(self) -> None:
        self.batches: list[pa.RecordBatch] = []
        self.rows: list[tuple[str, int, int, int]] = []

    def add(self, path: str, size: int, mtime_ns: int, inode: int) -> None:
        self.rows.append((path, size, mtime_ns, inode))
        if len(self.rows) >= SCAN_CHUNK:
            self._gather()

    def _gather(self) -> None:
        columns = zip(*self.rows, strict=True) if self.rows else ([], [], [], [])
        self.batches.append(pa.record_batch(list(map(pa.array, columns, SCANNED.types)), SCANNED))
        self.rows = []

    def sorted(self) -> pa.Table:
        """Every file once, ordered by name without suffix (Path.stem), then path."""
        self._gather()
        files = pa.Table.from_batches(self.batches, SCANNED)
        self.batches = []
        name = pc.replace_substring_regex(files["path"], r"(?s)^.*/", "")
        stem = pc.replace_substring_regex(name, r"(?s)(.)\.[^.]*$", r"\1")  # as _stem
        order = pc.sort_indices(pa.table({"stem": stem, "path": files["path"]}),
                                [("stem", "ascending"), ("path", "ascending")])  # fmt: skip
        files = files.take(order).combine_chunks()
        paths = files["path"].combine_chunks()
        if len(paths) > 1:  # a path listed twice (a folder and a file in it, both named): once
            before = pa.concat_arrays([pa.nulls(1, pa.string()), paths.slice(0, len(paths) - 1)])
            files = files.filter(pc.fill_null(pc.not_equal(paths, before), True))
        return files


def scan(inputs: Sequence[Path], look: bool = True) -> tuple[Scanned, dict[str, int]]:
    """Article files named or inside the named folders, in a stable order, and every
    folder's mtime. ``look`` stats every file for its size and mtime; without it only the
    folder listing is read (name and inode, no call per file): at 100,000 articles the
    stats are most of what an update costs."""
    listing = _Listing()
    folders: dict[str, int] = {}

    def walk(folder: str) -> None:
        folders[folder] = os.stat(folder).st_mtime_ns
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    walk(entry.path)
                elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
                    size, mtime = _stat(entry) if look else (-1, -1)
                    listing.add(entry.path, size, mtime, entry.inode())

    for item in (os.path.abspath(i) for i in inputs):
        if os.path.isdir(item):
            walk(item)
        else:
            try:
                stat = os.stat(item)
                listing.add(item, stat.st_size, stat.st_mtime_ns, stat.st_ino)
            except OSError:
                listing.add(item, -1, -1, -1)  # reading it reports why
    files = listing.sorted()
    # what the sort freed (40 MB at 100,000 files) goes back now, not kept for reuse: the
    # run allocates little through Arrow until its commit
    pa.default_memory_pool().release_unused()
    return Scanned(files), folders


def _stem(path: str) -> str:
    """A file's name without folder and suffix, as Path.stem, for plain strings."""
    name = path[path.rfind("/") + 1 :]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


def _stat(entry: os.DirEntry) -> tuple[int, int]:
    stat = entry.stat()
    return stat.st_size, stat.st_mtime_ns


def _found(path: str, stat: os.stat_result | None, inode: int) -> Found:
    size, mtime = (stat.st_size, stat.st_mtime_ns) if stat else (-1, -1)
    return Found(path, _stem(path), size, mtime, inode)


def _looked(found: Found) -> Found:
    """The file with its size and mtime (stat now when the scan did not)."""
    if found.size >= 0:
        return found
    try:
        return _found(found.path, os.stat(found.path), found.inode)
    except OSError:
        return found


def collect(inputs: Sequence[Path]) -> list[Path]:
    """Article files named or inside the named folders, in a stable order."""
    return [Path(found.path) for found in scan(inputs)[0]]


def _key(path: Path, meta: dict[str, str], max_bytes: int) -> str:
    """The cache key of an article (its bytes, manifest row and the rules); size errors raise."""
    if path.stat().st_size > max_bytes:
        raise InputError(path, "over the size limit", "too_large")  # read_job says by how much
    return Cache.key(path.read_bytes(), meta)


def _meta(given: dict[str, dict[str, str]], path: str | Path) -> dict[str, str]:
    stem = Path(path).stem
    return given.get(stem, {"doc_id": stem})


def _results(
    files: Sequence[Found],
    given: dict[str, dict[str, str]],
    cache: Cache,
    max_bytes: int,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    config: Settings | None = None,
) -> Iterator[tuple[Found, str | None, dict | str, bool]]:
    """(file, cache key, result or failure, reused) for every file, in order; misses run on
    the engine. Cached results are read as they are yielded and jobs made as they are
    sent: what is held per article is its key (16 bytes in one array), never its text or
    facts."""
    keys = _Keys()
    misses = array("q")  # positions in files
    for i, found in enumerate(files):
        try:
            key = _key(Path(found.path), _meta(given, found.path), max_bytes)
        except (InputError, OSError):
            key = None  # read_job reports it with its reason
        keys.append(key)
        if key is None or not cache.has(key):
            misses.append(i)

    def job(i: int) -> Job:
        path = files[i].path
        return Job(Path(path), _meta(given, path), max_bytes, config)

    if misses and engine == "process" and start_method() == "fork":
        warm()  # here once, not in every worker: forked, they inherit it (and the commit uses it)
    size = max(1, min(BATCH, len(misses) // (4 * (workers or workers_default())) or 1))
    batches = ([job(i) for i in misses[at : at + size]] for at in range(0, len(misses), size))
    fresh = (r for batch in map_ordered(read_batch, batches, engine, workers, scheduler)
             for r in batch)  # fmt: skip
    upcoming = iter(misses)
    miss = next(upcoming, None)
    for i, found in enumerate(files):
        key = keys[i]
        hit = None if miss == i else cache.get(key or "")
        if hit is not None:
            yield found, key, hit, True
            continue
        if miss != i:  # the cache entry went between look and read
            result = read_batch([job(i)])[0]
        else:
            result = next(fresh)
            miss = next(upcoming, None)
        if isinstance(result, dict) and key is not None:
            cache.put(key, result)
        yield found, key, result, False


class _Keys:
    """Cache keys (32 hex digits, or None) by position, 16 bytes each."""

    def __init__(self) -> None:
        self.digests = bytearray()
        self.none: set[int] = set()

    def append(self, key: str | None) -> None:
        if key is None:
            self.none.add(len(self.digests) // 16)
        self.digests += bytes.fromhex(key or "0" * 32)

    def __getitem__(self, i: int) -> str | None:
        return None if i in self.none else self.digests[16 * i : 16 * i + 16].hex()


# Beyond this many changed articles a full run, which streams, is cheaper than an update.
UPDATE_MAX = 2000


def run(
    inputs: Sequence[Path] | None = None,
    manifest: Path | None = None,
    out: Path | None = None,
    on_progress: Progress | None = None,
    max_bytes: int | None = None,
    cache_dir: Path | None = None,
    config: Settings | None = None,
    engine: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    look: bool = True,
    changed: Sequence[Path] | None = None,
) -> RunSummary:
    """Read every article, extract its facts and write the tables; see ``RunSummary``.

    What is not given comes from ``config`` (default: the settings of the environment):
    the raw folder, the output folder, the cache and the file size limit. ``engine``
    says where articles are read: ``serial`` (here), ``process`` (``workers`` local
    processes) or ``dask`` (the cluster at ``scheduler``); the tables are the same.

    When ``out`` holds tables built by the same rules, only the articles added, changed
    or removed since are read and only the rows they touch rewritten (an update); else,
    or when most articles changed, everything is written afresh. Both give the same
    tables. ``look`` stats every article to see a change; without it (the dashboard's
    saves and start-up builds) an article whose folder entry is the same file (name and
    inode) counts as unchanged: one added, removed or replaced by rename is seen, one
    edited in place waits for a run that looks. ``changed`` (a save's one article) names
    every file added, replaced or removed, or whose manifest row is new or changed, since
    the tables were built: when they were built from the same inputs, only those files are
    read and the rest is taken from the index, no folder listed and no other file looked
    at. A bad file is reported and skipped; only
    when nothing could be read does the run fail (with InputError), leaving the previous
    output as it was.
    """
    config = config or current()
    inputs = (config.raw,) if inputs is None else inputs
    out = Path(out or config.processed)
    max_bytes = max_bytes or config.max_file_bytes
    manifests = [Path(manifest)] if manifest else _manifests_beside(inputs)
    given: dict[str, dict[str, str]] = {}
    problems: list[str] = []  # a bad manifest row is reported and skipped, the rest is read
    for m in manifests:
        given.update(read_manifest(m, problems))
    task = _Task([], given, Cache(cache_dir or config.cache), max_bytes, config)
    task.engine = (engine, workers, scheduler)
    task.on_progress = on_progress
    task.problems = problems
    task.inputs, task.look = inputs, look
    # one writer per output folder (start-up build, save, CLI); the cache commits on leaving
    with locked(out, "tables"), task.cache:
        previous, built = _previous(out) or (None, {})
        told = None if previous is None or changed is None else _told(
            previous, built, _resolved(inputs), changed
        )  # fmt: skip
        if previous is not None and told is not None:
            files, kept, folders = told
            task.build = _build(inputs, folders, manifests)
            return task.update(out, files, kept, previous, built["shards"])
        task.files, folders = scan(inputs, look)
        task.build = _build(inputs, folders, manifests)
        if previous is not None:
            files, kept = _changes(task.files, given, previous)
            if len(files) + len(previous) - len(kept) <= UPDATE_MAX:
                return task.update(out, files, kept, previous, built["shards"])
        return task.full(out)


@dataclass
class _Task:
    """One run's inputs and how to read them; :meth:`full` or :meth:`update` writes."""

    files: Sequence[Found]
    given: dict[str, dict[str, str]]
    cache: Cache
    max_bytes: int
    config: Settings
    engine: tuple[str, int | None, str | None] = ("serial", None, None)
    on_progress: Progress | None = None
    build: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # manifest rows skipped, with why
    inputs: Sequence[Path] = ()  # what a scan lists, and whether it stats each file
    look: bool = True

    def _read(
        self, files: Sequence[Found], summary: RunSummary, seen: set[str] | _Previous
    ) -> Iterator[tuple[dict, dict]]:
        """(result, index row) of every article read; failures go to the summary."""
        results = _results(files, self.given, self.cache, self.max_bytes, *self.engine, self.config)
        for i, (found, key, result, reused) in enumerate(results):
            path = Path(found.path)
            if self.on_progress:
                self.on_progress(i, len(files), path.name)
            if isinstance(result, str):
                summary.failed.append(result)
                continue
            summary.reused += reused
            doc = result["document"]
            if doc["doc_id"] in seen:
                summary.failed.append(
                    f"{path.name}: doc_id {doc['doc_id']} already read from another file"
                )
                continue
            seen.add(doc["doc_id"])
            summary.warnings += [f"{path.name}: {w}" for w in doc["warnings"].split("; ") if w]
            found = _looked(found)
            yield result, {"file": found.path, "size": found.size, "mtime_ns": found.mtime_ns,
                           "inode": found.inode, "meta": _meta_hash(self.given, found.stem),
                           "key": key or "", "doc_id": doc["doc_id"]}  # fmt: skip
        if self.on_progress:
            self.on_progress(len(files), len(files), "")

    def full(self, out: Path) -> RunSummary:
        """Every article read (or taken from the cache) and every table written afresh."""
        summary = RunSummary(out=out, failed=list(self.problems))
        with Staging(out) as staging:
            for result, row in self._read(self.files, summary, _Previous()):
                staging.add(result["document"], result["text"], result["facts"], row)
                summary.articles += 1
            self.files = ()  # the scan's listing is not held through the commit, nor what
            pa.default_memory_pool().release_unused()  # the reading freed (0 MB to 19 MB)
            if not summary.articles:
                self._nothing_read(summary)
            summary.facts = staging.commit(regions_table, self.build)
        return summary

    def update(
        self, out: Path, changed: list[Found], kept: pa.Table, previous: pa.Table, shards: int
    ) -> RunSummary:
        """Only the articles added, changed or removed: their rows replaced in the tables,
        which keep their ``shards`` (when the corpus still has that many: else all afresh)."""
        self.build = {**self.build, "shards": shards}
        summary = RunSummary(
            out=out, failed=list(self.problems), reused=len(kept), articles=len(kept)
        )
        if not changed and len(kept) == len(previous):
            summary.facts = restamp(out, self.build)  # nothing to read, nothing to rewrite
            return summary
        fresh, rows = [], []
        kept_ids = set(kept["doc_id"].to_pylist())
        for result, row in self._read(changed, summary, set(kept_ids)):
            fresh.append(result)
            rows.append(row)
        if not len(kept) and not rows:
            self._nothing_read(summary)
        added = pa.Table.from_pylist(rows, INDEX_SCHEMA)
        index = pa.concat_tables([kept.cast(INDEX_SCHEMA), added])
        if shard_count(len(index)) != shards:
            return self._afresh(out, len(rows))
        gone = set(previous["doc_id"].to_pylist()) - kept_ids
        summary.facts = update(out, gone, fresh, regions_table, index, self.build)
        summary.articles = len(index)
        return summary

    def _afresh(self, out: Path, read: int) -> RunSummary:
        """A full run where an update's corpus crossed a shard count's bounds: the tables a
        full run gives are sharded by its size. The ``read`` articles just read are in the
        cache now, and counted as read."""
        self.files, folders = scan(self.inputs, self.look)
        self.build = {**self.build, "folders": folders}
        summary = self.full(out)
        summary.reused -= read
        return summary

    def _nothing_read(self, summary: RunSummary) -> None:
        where = ", ".join(self.build["inputs"])
        reason = "no article could be read" + _first(summary.failed)
        raise InputError(where, reason, "nothing_read")


class _Previous:
    """The doc_ids a full run has read, as far as a duplicate check needs them: a doc_id is
    its file's name (or the manifest row named so) and a scan orders files by name, so a
    doc_id read before is the one read last. Nothing held per article."""

    def __init__(self) -> None:
        self.last: str | None = None

    def __contains__(self, doc_id: object) -> bool:
        return doc_id == self.last

    def add(self, doc_id: str) -> None:
        self.last = doc_id


def _meta_hash(given: dict[str, dict[str, str]], stem: str) -> str:
    """The article's manifest row as a short hash; empty without one (no hashing then)."""
    row = given.get(stem)
    if row is None:
        return ""
    text = json.dumps(row, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _changes(
    files: Scanned, given: dict[str, dict[str, str]], previous: pa.Table
) -> tuple[list[Found], pa.Table]:
    """(files to read again, index rows of the files unchanged since the last run).

    Unchanged: the same path, inode and manifest row, and, where the scan looked, the same
    size and mtime. Compared as Arrow columns: no Python work per stored article.
    """
    hashes = {stem: _meta_hash(given, stem) for stem in given}
    meta = [hashes.get(_stem(path), "") for path in files.paths.to_pylist()] if hashes else None
    now = files.files.rename_columns(["file", "size", "mtime_ns", "inode"]).append_column(
        "meta", pa.array(meta or [""] * len(files), pa.string())
    )
    now = now.append_column("at", pa.array(range(len(files)), pa.int64()))
    before = previous.append_column("was", pa.array(range(len(previous)), pa.int64()))
    joined = now.join(before, "file", join_type="inner", right_suffix="_before")
    same = pc.and_(
        pc.equal(joined["inode"], joined["inode_before"]),
        pc.equal(joined["meta"], joined["meta_before"]),
    )
    looked = pc.greater_equal(joined["size"], 0)
    same = pc.and_(same, pc.or_(pc.invert(looked), pc.and_(
        pc.equal(joined["size"], joined["size_before"]),
        pc.equal(joined["mtime_ns"], joined["mtime_ns_before"]),
    )))  # fmt: skip
    unchanged = set(pc.filter(joined["at"], same).to_pylist())
    kept = previous.take(pa.array(sorted(pc.filter(joined["was"], same).to_pylist()), pa.int64()))
    return [files[i] for i in range(len(files)) if i not in unchanged], kept


def _told(
    previous: pa.Table, built: dict, inputs: list[str], changed: Sequence[Path]
) -> tuple[list[Found], pa.Table, dict[str, int]] | None:
    """What a caller's list of changed files gives: (those files still there, the index rows
    of every other article, the folders' stamps now); None when the list cannot stand for a
    scan: other inputs than the tables were built from, a file outside the folders they
    cover, a folder gone, or more files than an update takes."""
    if built.get("inputs") != inputs:
        return None
    paths = [os.path.abspath(p) for p in changed]
    try:
        folders = {folder: os.stat(folder).st_mtime_ns for folder in built.get("folders", {})}
    except OSError:
        return None
    if len(paths) > UPDATE_MAX or any(os.path.dirname(p) not in folders for p in paths):
        return None
    files = []
    for path in paths:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue  # removed: its rows go with the index row left out below
        if path.lower().endswith(ARTICLE_SUFFIXES):
            files.append(_found(path, stat, stat.st_ino))
    named = pc.is_in(previous["file"], value_set=pa.array(paths, pa.string()))
    return files, previous.filter(pc.invert(named)), folders


def _previous(out: Path) -> tuple[pa.Table, dict] | None:
    """(the index, the build stamp) of the tables in ``out``, when the current rules built
    them."""
    try:
        build = json.loads((out / BUILD).read_text(encoding="utf-8"))
        if build.get("rules") != build_fingerprint() or not isinstance(build["shards"], int):
            return None
        index = pq.read_table(out / INDEX)
    except (OSError, ValueError, KeyError):
        return None
    return (index, build) if index.schema.names == INDEX_SCHEMA.names else None


def _build(inputs: Sequence[Path], folders: dict[str, int], manifests: list[Path]) -> dict:
    """What :func:`is_stale` compares: the rules, every input folder's and manifest's stamp."""
    return {
        "rules": build_fingerprint(),
        "inputs": _resolved(inputs),
        "folders": folders,
        "manifests": {str(m.resolve()): stamp(m) for m in manifests},
    }


def _resolved(inputs: Sequence[Path]) -> list[str]:
    return sorted(str(Path(i).resolve()) for i in inputs)


def _first(failed: list[str]) -> str:
    return f" ({failed[0]}{' …' if len(failed) > 1 else ''})" if failed else ""


def _manifests_beside(inputs: Sequence[Path]) -> list[Path]:
    found = []
    for item in map(Path, inputs):
        folder = item if item.is_dir() else item.parent
        if (folder / MANIFEST_NAME).exists():
            found.append(folder / MANIFEST_NAME)
    return list(dict.fromkeys(found))


def regions_table(codes: set[str], names: set[str]) -> pd.DataFrame:
    """The gazetteer rows of the regions the facts name (``codes``) and the articles are
    about (``names``)."""
    gazetteer = Gazetteer.load()
    used = sorted(codes | {_code(gazetteer, name) for name in names})
    regions = [gazetteer.by_code(c) for c in used if c]
    return pd.DataFrame(
        [
            {
                "code": r.code,
                "name": r.name,
                "short": r.short,
                "level": r.level,
                "parent_code": r.parent_code,
                "parent": r.parent,
                "aliases": ";".join(r.aliases),
            }
            for r in regions
            if r is not None
        ],
        columns=REGION_COLUMNS,
    )


def _code(gazetteer: Gazetteer, name: str) -> str:
    region = gazetteer.get(name) if name else None
    return region.code if region else ""
