"""The SQLite review store never loses work: a health check, rolling backups, a restore.

Reviews are work people cannot redo, so the embedded store gets what SQLite can promise:
every write batch is followed by a copy made with SQLite's online backup API (the last
``KEEP`` are kept beside the file as ``review.sqlite.backup-1`` …), and the file is checked
(``PRAGMA quick_check``, read-only) when first used and whenever it changes. A file that
fails the check is never written to or repaired in place: the store reads as empty, writes
are refused, and :func:`restore` puts the newest good backup in its place, keeping the
damaged file beside it as ``review.sqlite.damaged-<time>``.

PostgreSQL keeps its own promises; none of this applies to a database URL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from extract.atomic import locked

KEEP = 3
_checked: dict[Path, tuple[tuple[int, int], str]] = {}


def backups(db: Path) -> list[Path]:
    """The backups of ``db`` that exist, newest first."""
    found = (db.with_name(f"{db.name}.backup-{n}") for n in range(1, KEEP + 1))
    return [p for p in found if p.exists()]


def _check(path: Path) -> str:
    """Empty when ``path`` is a sound SQLite database, else what is wrong with it."""
    # Checking never writes: read-only, and without a write-ahead log beside it "immutable",
    # so SQLite creates no -wal or -shm file next to a file it is only looking at.
    live = path.with_name(path.name + "-wal").exists()
    read_only = f"{path.resolve().as_uri()}?{'mode=ro' if live else 'immutable=1'}"
    try:
        with contextlib.closing(sqlite3.connect(read_only, uri=True)) as con:
            rows = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as err:
        return str(err)
    verdict = "; ".join(str(r[0]) for r in rows)
    return "" if verdict == "ok" else verdict


def problem(db: Path) -> str:
    """What is wrong with the store file (empty when it is sound or absent); checked once per
    version of the file, so every page may ask."""
    db = Path(db)
    try:
        stat = db.stat()
    except FileNotFoundError:
        return ""
    stamp = (stat.st_size, stat.st_mtime_ns)
    known = _checked.get(db)
    if known is None or known[0] != stamp:
        known = (stamp, _check(db))
        _checked[db] = known
    return known[1]


def _exclusive(db: Path) -> contextlib.AbstractContextManager[None]:
    """One backup or restore at a time per store."""
    return locked(db, "review-backup")


def backup(db: Path) -> None:
    """Copy the store with SQLite's backup API into ``backup-1``, shifting the older ones."""
    db = Path(db)
    with _exclusive(db):
        fd, name = tempfile.mkstemp(dir=db.parent, prefix=f".{db.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        try:
            with (
                contextlib.closing(sqlite3.connect(db)) as source,
                contextlib.closing(sqlite3.connect(tmp)) as target,
            ):
                source.backup(target)
            if _check(tmp):
                return  # a copy of a damaged store is no backup
            os.chmod(tmp, db.stat().st_mode & 0o777)  # as readable as the store, not 0600
            for n in range(KEEP, 1, -1):
                older = db.with_name(f"{db.name}.backup-{n - 1}")
                if older.exists():
                    os.replace(older, db.with_name(f"{db.name}.backup-{n}"))
            os.replace(tmp, db.with_name(f"{db.name}.backup-1"))
        finally:
            tmp.unlink(missing_ok=True)


def restore(db: Path) -> Path | None:
    """Put the newest sound backup in place of the store; returns it, or None when there is
    none (then nothing changes). The damaged file and its journal files are kept aside."""
    db = Path(db)
    if not backups(db):
        return None  # not even a lock file is left behind
    with _exclusive(db):
        good = next((b for b in backups(db) if not _check(b)), None)
        if good is None:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            part = db.with_name(db.name + suffix)
            if part.exists():
                os.replace(part, db.with_name(f"{db.name}.damaged-{stamp}{suffix}"))
        fd, name = tempfile.mkstemp(dir=db.parent, prefix=f".{db.name}.", suffix=".tmp")
        os.close(fd)
        with (
            contextlib.closing(sqlite3.connect(good)) as source,
            contextlib.closing(sqlite3.connect(name)) as target,
        ):
            source.backup(target)
        os.chmod(name, good.stat().st_mode & 0o777)
        os.replace(name, db)
        _checked.pop(db, None)
        return good
