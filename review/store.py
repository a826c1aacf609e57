"""The review store: human decisions about extracted figures, kept in SQLite.

A fact is identified by ``(doc_id, figure_start, metric_id)``: its article, where the
figure sits in the normalised text and what it measures. Those three do not change when
the articles are extracted again, so a correction stays attached to its figure; a
correction whose figure has disappeared is an orphan, listed but never dropped.

Three tables: ``reviews`` (the latest state per fact), ``history`` (every change, never
updated or deleted) and ``manual_facts`` (figures entered by hand, doc_id ``manual:<id>``).
Every write runs in one ``BEGIN IMMEDIATE`` transaction in WAL mode, so a concurrent
session either waits (``busy_timeout``) or gets :class:`StoreBusy` — never half a write.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from extract import paths

DEFAULT_DB = paths.DATA / "review.sqlite"
# Long enough for a competing save to finish, short enough that a stuck one is reported.
BUSY_TIMEOUT_S = 5.0

STATUSES = ("confirmed", "rejected", "corrected")
KINDS = ("value", "increment", "target", "growth", "share", "rank")
CORRECTABLE = ("value", "unit", "kind", "year", "region", "scope", "metric_id")
MANUAL_PREFIX = "manual:"
TABLES = ("reviews", "history", "manual_facts")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    doc_id TEXT NOT NULL,
    figure_start INTEGER NOT NULL,
    metric_id TEXT NOT NULL,
    status TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '{}',
    comment TEXT NOT NULL DEFAULT '',
    who TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, figure_start, metric_id)
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    figure_start INTEGER NOT NULL,
    metric_id TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    who TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS manual_facts (
    id TEXT PRIMARY KEY,
    region TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '',
    metric_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    source_note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT ''
);
"""

REVIEW_COLUMNS = ["doc_id", "figure_start", "metric_id", "status", "fields", "comment", "who"]
HISTORY_COLUMNS = [
    "doc_id", "figure_start", "metric_id", "field", "old_value", "new_value", "action", "at",
    "comment", "who",
]  # fmt: skip
MANUAL_COLUMNS = [
    "id", "region", "scope", "metric_id", "kind", "value", "unit", "year", "period",
    "source_note", "created_at", "who",
]  # fmt: skip


class FactKey(NamedTuple):
    doc_id: str
    figure_start: int
    metric_id: str


class CorrectionError(ValueError):
    """A correction that cannot be stored; ``reason_key`` is translated by the pages."""

    def __init__(self, reason: str, reason_key: str = "invalid") -> None:
        self.reason = reason
        self.reason_key = reason_key
        super().__init__(reason)


class StoreBusy(CorrectionError):
    """Another session held the database longer than the busy timeout: retry."""

    def __init__(self, db: Path) -> None:
        super().__init__(f"{Path(db).name}: busy, another session is saving; retry", "busy")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def key_of(row: Mapping[str, Any]) -> FactKey:
    """The identity of a fact row (a dict or a DataFrame row)."""
    return FactKey(str(row["doc_id"]), int(row["figure_start"]), str(row["metric_id"]))


def as_text(value: Any) -> str:
    """A cell as text: blank for missing, 2024 rather than 2024.0."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def clean_field(field: str, value: Any) -> Any:
    """The stored form of a corrected field, or CorrectionError saying what is wrong."""
    if field not in CORRECTABLE:
        raise CorrectionError(f"{field}: not a correctable field", "bad_field")
    text = "" if value is None else str(value).strip()
    if field == "value":
        try:
            number = float(text)
        except ValueError:
            raise CorrectionError(f"value: {text!r} is not a number", "bad_value") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise CorrectionError(f"value: {text!r} is not a finite number", "bad_value")
        return number
    if field == "year":
        try:
            year = int(float(text))
        except ValueError:
            raise CorrectionError(f"year: {text!r} is not a year", "bad_year") from None
        if not 1900 <= year <= 2100:
            raise CorrectionError(f"year: {year} is out of range 1900–2100", "bad_year")
        return year
    if field == "kind" and text not in KINDS:
        raise CorrectionError(f"kind: {text!r} is not one of {', '.join(KINDS)}", "bad_kind")
    if field in ("region", "metric_id") and not text:
        raise CorrectionError(f"{field}: must not be empty", "empty_field")
    return text


# --- connections -----------------------------------------------------------------------


class Writer:
    """The writes one transaction may make; obtained from :func:`writing`."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def log(
        self, key: FactKey, field: str, old: Any, new: Any, action: str, at: str, comment: str,
        who: str,
    ) -> None:  # fmt: skip
        self.con.execute(
            "INSERT INTO history (doc_id, figure_start, metric_id, field, old_value, new_value,"
            " action, at, comment, who) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (*key, field, as_text(old), as_text(new), action, at, comment, who),
        )

    def set_state(
        self,
        key: FactKey,
        status: str,
        changes: Mapping[str, Any],
        original: Mapping[str, Any],
        action: str,
        comment: str,
        who: str,
        at: str,
    ) -> None:
        """Move one fact to a new state, logging the status and every field that changed."""
        row = self.con.execute(
            "SELECT status, fields FROM reviews WHERE doc_id=? AND figure_start=? AND metric_id=?",
            key,
        ).fetchone()
        old_status, fields = (row[0], json.loads(row[1])) if row else ("", {})
        if old_status != status:
            self.log(key, "status", old_status, status, action, at, comment, who)
        for field, new in changes.items():
            old = fields.get(field, original.get(field, ""))
            if as_text(old) != as_text(new):
                self.log(key, field, old, new, action, at, comment, who)
            fields[field] = new
        self.con.execute(
            "INSERT OR REPLACE INTO reviews (doc_id, figure_start, metric_id, status, fields,"
            " comment, who, updated_at) VALUES (?,?,?,?,?,?,?,?)",
            (*key, status, json.dumps(fields, ensure_ascii=False), comment, who, at),
        )

    def insert_manual(self, manual_id: str, row: Mapping[str, Any], who: str, at: str) -> None:
        columns = MANUAL_COLUMNS[1:-2]  # region … source_note
        self.con.execute(
            "INSERT OR REPLACE INTO manual_facts (id, region, scope, metric_id, kind, value, unit,"
            " year, period, source_note, created_at, who) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (manual_id, *(row[c] for c in columns), at, who),
        )
        key = FactKey(MANUAL_PREFIX + manual_id, 0, str(row["metric_id"]))
        self.log(key, "value", "", row["value"], "manual", at, row["source_note"], who)


@contextmanager
def writing(db: Path) -> Iterator[Writer]:
    """One write transaction; the lock is taken up front so two writers never deadlock."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA journal_mode=WAL")
        con.executescript(_SCHEMA)
        con.execute("BEGIN IMMEDIATE")
        try:
            yield Writer(con)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        # Fold the WAL back into the main file so its mtime (the dashboard's cache key) moves.
        con.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise StoreBusy(db) from err
        raise
    finally:
        con.close()


@contextmanager
def reading(db: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection, or None when there is no store yet (nothing is created)."""
    db = Path(db)
    if not db.exists():
        yield None
        return
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        yield con if set(TABLES) <= tables else None
    finally:
        con.close()


def exists(db: Path) -> bool:
    """Whether the store holds its tables (reading never creates them)."""
    with reading(db) as con:
        return con is not None


def _query(db: Path, sql: str, columns: Sequence[str], params: Sequence[Any] = ()) -> pd.DataFrame:
    with reading(db) as con:
        if con is None:
            return pd.DataFrame(columns=list(columns))
        return pd.read_sql_query(sql, con, params=list(params))


# --- writes ------------------------------------------------------------------------------


def _review(
    db: Path,
    key: FactKey,
    status: str,
    changes: Mapping[str, Any] | None = None,
    original: Mapping[str, Any] | None = None,
    comment: str = "",
    who: str = "",
) -> None:
    key = FactKey(str(key[0]), int(key[1]), str(key[2]))
    cleaned = {f: clean_field(f, v) for f, v in (changes or {}).items()}
    with writing(db) as w:
        before = {} if original is None else original  # a Series has no truth value
        w.set_state(key, status, cleaned, before, status, comment, who, now())


def confirm(key: FactKey, comment: str = "", who: str = "", db: Path = DEFAULT_DB) -> None:
    """A person checked the figure against its sentence and it is right."""
    _review(db, key, "confirmed", comment=comment, who=who)


def reject(key: FactKey, comment: str = "", who: str = "", db: Path = DEFAULT_DB) -> None:
    """The figure is not a fact about a region (wrong reading, company figure …)."""
    _review(db, key, "rejected", comment=comment, who=who)


def correct(
    key: FactKey,
    changes: Mapping[str, Any],
    comment: str = "",
    who: str = "",
    original: Mapping[str, Any] | None = None,
    db: Path = DEFAULT_DB,
) -> None:
    """Override some of value, unit, kind, year, region, scope, metric_id.

    ``original`` is the fact as extracted, so the history records what was replaced.
    """
    if not changes:
        raise CorrectionError("nothing to correct", "no_changes")
    _review(db, key, "corrected", changes, original, comment, who)


def add_manual(
    region: str,
    metric_id: str,
    kind: str,
    value: Any,
    year: Any,
    source_note: str,
    unit: str = "",
    scope: str = "",
    period: str = "",
    who: str = "",
    db: Path = DEFAULT_DB,
) -> str:
    """Store a figure no article states; returns its doc_id ``manual:<id>``."""
    if not str(source_note).strip():
        raise CorrectionError("source note: say where the figure comes from", "no_source")
    row = {f: clean_field(f, v) for f, v in
           (("region", region), ("metric_id", metric_id), ("kind", kind), ("value", value),
            ("year", year))}  # fmt: skip
    row |= {"unit": str(unit).strip(), "scope": str(scope).strip()}
    row |= {"period": str(period).strip(), "source_note": str(source_note).strip()}
    manual_id = uuid.uuid4().hex[:12]
    with writing(db) as w:
        w.insert_manual(manual_id, row, who, now())
    return MANUAL_PREFIX + manual_id


# --- reads -------------------------------------------------------------------------------


def reviews(db: Path = DEFAULT_DB) -> pd.DataFrame:
    """The latest state of every reviewed fact (``fields`` is a JSON object of overrides)."""
    cols = [*REVIEW_COLUMNS, "updated_at"]
    return _query(db, f"SELECT {', '.join(cols)} FROM reviews ORDER BY updated_at", cols)


def history(db: Path = DEFAULT_DB, key: FactKey | None = None) -> pd.DataFrame:
    """Every change ever made, oldest first; for one fact when ``key`` is given."""
    sql = f"SELECT {', '.join(HISTORY_COLUMNS)} FROM history"
    params: tuple[Any, ...] = ()
    if key is not None:
        sql += " WHERE doc_id=? AND figure_start=? AND metric_id=?"
        params = (str(key[0]), int(key[1]), str(key[2]))
    return _query(db, sql + " ORDER BY id", HISTORY_COLUMNS, params)


def manual_facts(db: Path = DEFAULT_DB) -> pd.DataFrame:
    cols = MANUAL_COLUMNS
    return _query(db, f"SELECT {', '.join(cols)} FROM manual_facts ORDER BY created_at", cols)
