"""Earlier work reused: every article's reading, keyed by its bytes, metadata and the rules."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from functools import lru_cache
from pathlib import Path

from extract import paths

_RULE_FILES = ("extract/*.py", "data/catalogue/*", "data/gazetteer/*")


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """Changes whenever the extractor's code or its data files change."""
    h = hashlib.sha256()
    for pattern in _RULE_FILES:
        for path in sorted(paths.ROOT.glob(pattern)):
            if path.is_file():
                h.update(path.name.encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


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
