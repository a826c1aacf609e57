"""Earlier work reused: every article's reading, keyed by its bytes, metadata and the rules."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from extract import paths

_DATA_FILES = ("data/catalogue/*", "data/gazetteer/*")
# What a worker runs on an article: the modules it imports decide what a reading gives.
_READING = "reading"
# `from extract.x import …`, `from extract import x, y` (or in brackets), `import extract.x`
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+extract(?:\.(\w+))?[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)"
    r"|import[ \t]+extract\.(\w+))",
    re.MULTILINE,
)


def _imported(source: str, package: Path) -> set[str]:
    """The names of the package's modules that ``source`` imports (``__init__`` for names
    taken from the package itself, as its version)."""
    found = set()
    for match in _IMPORT.finditer(source):
        module, names, plain = match.groups()
        if module or plain:
            found.add(module or plain)
            continue
        for name in re.findall(r"\w+", re.sub(r"#.*", "", names)):
            found.add(name if (package / f"{name}.py").is_file() else "__init__")
    return found


def reading_modules(root: Path = paths.ROOT) -> list[Path]:
    """The package's modules a reading of an article runs: ``reading`` and everything it
    imports, however deep (the rules, the decoders, the numbers)."""
    package = root / "extract"
    seen: set[str] = set()
    todo = [_READING]
    while todo:
        name = todo.pop()
        path = package / f"{name}.py"
        if name in seen or not path.is_file():
            continue
        seen.add(name)
        todo += _imported(path.read_text(encoding="utf-8"), package)
    return sorted(package / f"{name}.py" for name in seen)


def fingerprints(root: Path = paths.ROOT) -> tuple[str, str]:
    """(rules, build) of the code and data under ``root``.

    The rules change whenever what a reading of an article gives may change: a module it
    runs (:func:`reading_modules`) or the catalogue's or gazetteer's data; they key the
    cached readings. The modules that only write tables or store readings (output,
    pipeline, tables, this one) do not count, so a change to them keeps every reading.
    The build changes with any module of the package or the data: tables built under
    another are built again, from the cached readings."""
    data = [p for pattern in _DATA_FILES for p in sorted(root.glob(pattern)) if p.is_file()]
    rules = [*reading_modules(root), *data]
    return _digest(rules), _digest([*sorted((root / "extract").glob("*.py")), *data])


def _digest(files: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def _current() -> tuple[str, str]:
    return fingerprints()


def rules_fingerprint() -> str:
    """What keys a cached reading: see :func:`fingerprints`."""
    return _current()[0]


def build_fingerprint() -> str:
    """What stamps a run's tables: see :func:`fingerprints`."""
    return _current()[1]


class Cache:
    """Earlier readings, one SQLite file in ``folder``, each under its key (the article's
    bytes, its manifest row and the rules' fingerprint).

    One file, not one per article: creating a file costs about 0.7 ms of CPU on the
    development machine, an insert inside a transaction 15 µs. Readings are written in
    batches of ``BATCH``, each batch one transaction, and the rest on :meth:`close`: a run
    killed midway keeps the batches committed and never half of one. A cache that cannot
    be read or written only costs time; a file that is not a database is replaced.
    """

    FILE = "readings.sqlite"
    BATCH = 64

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.pending: dict[str, str] = {}  # key → reading as JSON, not committed yet
        self._con: sqlite3.Connection | None = None
        self._failed = False

    @staticmethod
    def key(content: bytes, meta: dict[str, str]) -> str:
        h = hashlib.sha256(content)
        h.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
        h.update(rules_fingerprint().encode())
        return h.hexdigest()[:32]

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, key: str) -> bool:
        return key in self.pending or self._value(key) is not None

    def get(self, key: str) -> dict | None:
        value = self.pending.get(key) or self._value(key)
        try:
            return None if value is None else json.loads(value)
        except ValueError:
            return None

    def put(self, key: str, value: dict) -> None:
        # dumps encodes in C, dump in Python (5x slower per article)
        self.pending[key] = json.dumps(value, ensure_ascii=False)
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Commit the readings put since the last flush, in one transaction."""
        rows, self.pending = list(self.pending.items()), {}
        con = self._db() if rows else None
        if con is not None:
            with contextlib.suppress(sqlite3.Error), con:
                con.executemany("INSERT OR REPLACE INTO readings VALUES (?, ?)", rows)

    def close(self) -> None:
        self.flush()
        if self._con is not None:
            self._con.close()
            self._con = None

    def __len__(self) -> int:
        """The readings stored (committed or not)."""
        con = self._db()
        stored = con.execute("SELECT count(*) FROM readings").fetchone()[0] if con else 0
        return stored + len(self.pending)

    def _value(self, key: str) -> str | None:
        con = self._db()
        try:
            row = con and con.execute("SELECT value FROM readings WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def _db(self) -> sqlite3.Connection | None:
        """The open database, made on first use; None when it cannot be."""
        if self._con is None and not self._failed:
            path = self.folder / self.FILE
            try:
                self._con = _open(path)
            except sqlite3.DatabaseError as err:
                if getattr(err, "sqlite_errorcode", None) not in _NOT_A_CACHE:
                    self._failed = True  # busy or unwritable: this run goes without
                    return None
                path.unlink(missing_ok=True)  # not a database (or corrupt): start afresh
                self._con = _open(path)
            except OSError:
                self._failed = True
        return self._con


_NOT_A_CACHE = (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT)


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    # autocommit outside `with con:` blocks; another run writing waits up to the timeout
    con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        con.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
        con.execute("PRAGMA synchronous = NORMAL")  # a lost commit costs a reading, not the file
        con.execute(
            "CREATE TABLE IF NOT EXISTS readings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            " WITHOUT ROWID"
        )
    except BaseException:
        con.close()
        raise
    return con
