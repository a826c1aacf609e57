"""The review store: human decisions about extracted figures, in SQLite or PostgreSQL.

A fact is identified by ``(doc_id, figure_start, metric_id)``: its article, where the
figure sits in the normalised text and what it measures. Those three do not change when
the articles are extracted again, so a correction stays attached to its figure; a
correction whose figure has disappeared is an orphan, listed but never dropped.

Three tables: ``reviews`` (the latest state per fact), ``history`` (every change, never
updated or deleted) and ``manual_facts`` (figures entered by hand, doc_id ``manual:<id>``).

A store is a SQLite file (the embedded default, ``data/review.sqlite``) or a database URL
(``DATABASE_URL``, e.g. ``postgresql://user@host/db``) that several app processes share.
Every write is one transaction that takes the store's write lock up front (SQLite's
``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so concurrent sessions queue instead of
losing each other's changes, and one that waits too long gets :class:`StoreBusy`.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from extract import plausible, settings
from review import backup

Store = Path | str  # a SQLite file, or a database URL
# Long enough for a competing save to finish, short enough that a stuck one is reported.
BUSY_TIMEOUT_S = 5.0
# Any fixed number: PostgreSQL writers serialise on this advisory lock as SQLite's do on the file.
_PG_WRITE_LOCK = 0x7265766965

STATUSES = ("confirmed", "rejected", "corrected")
KINDS = ("value", "increment", "target", "growth", "share", "rank")
CORRECTABLE = ("value", "unit", "kind", "year", "region", "scope", "metric_id")
MANUAL_PREFIX = "manual:"
TABLES = ("reviews", "history", "manual_facts")

_schema = sa.MetaData()
_text = lambda name, **kw: sa.Column(name, sa.Text, nullable=False, **kw)  # noqa: E731
sa.Table(
    "reviews", _schema,
    _text("doc_id", primary_key=True),
    sa.Column("figure_start", sa.Integer, primary_key=True, autoincrement=False),
    _text("metric_id", primary_key=True),
    _text("status"), _text("fields", server_default="{}"), _text("comment", server_default=""),
    _text("who", server_default=""), _text("updated_at"),
)  # fmt: skip
sa.Table(
    "history", _schema,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _text("doc_id"), sa.Column("figure_start", sa.Integer, nullable=False), _text("metric_id"),
    _text("field"), _text("old_value"), _text("new_value"), _text("action"), _text("at"),
    _text("comment", server_default=""), _text("who", server_default=""),
    sqlite_autoincrement=True,  # ids never reused: history is append-only
)  # fmt: skip
sa.Table(
    "manual_facts", _schema,
    _text("id", primary_key=True), _text("region"), _text("scope", server_default=""),
    _text("metric_id"), _text("kind"), sa.Column("value", sa.Float, nullable=False),
    _text("unit", server_default=""), sa.Column("year", sa.Integer, nullable=False),
    _text("period", server_default=""), _text("source_note"), _text("created_at"),
    _text("who", server_default=""),
)  # fmt: skip

REVIEW_COLUMNS = ["doc_id", "figure_start", "metric_id", "status", "fields", "comment", "who"]
HISTORY_COLUMNS = [
    "doc_id", "figure_start", "metric_id", "field", "old_value", "new_value", "action", "at",
    "comment", "who",
]  # fmt: skip
MANUAL_COLUMNS = [
    "id", "region", "scope", "metric_id", "kind", "value", "unit", "year", "period",
    "source_note", "created_at", "who",
]  # fmt: skip
_KEY = "doc_id=:doc_id AND figure_start=:figure_start AND metric_id=:metric_id"


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
    """Another session held the store longer than the busy timeout: retry."""

    def __init__(self, db: Store) -> None:
        super().__init__(f"{display_name(db)}: busy, another session is saving; retry", "busy")


class StoreDamaged(CorrectionError):
    """The SQLite file failed its integrity check: nothing is written until it is restored."""

    def __init__(self, db: Store, why: str) -> None:
        reason = f"{display_name(db)}: the store cannot be read ({why}); restore a backup"
        super().__init__(reason, "store_damaged")


def problem(db: Store | None = None) -> str:
    """What is wrong with the store (empty when it is sound, absent, or a database URL)."""
    db = _resolve(db)
    return "" if is_url(db) else backup.problem(Path(db))


def restore(db: Store | None = None) -> Path | None:
    """Replace a damaged SQLite store with its newest sound backup (see review/backup.py);
    the backup used, or None when there is none."""
    db = _resolve(db)
    return None if is_url(db) else backup.restore(Path(db))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def key_of(row: Mapping[str, Any]) -> FactKey:
    """The identity of a fact row (a dict or a DataFrame row)."""
    return FactKey(str(row["doc_id"]), int(row["figure_start"]), str(row["metric_id"]))


def _key_params(key: FactKey) -> dict[str, Any]:
    return {"doc_id": key.doc_id, "figure_start": key.figure_start, "metric_id": key.metric_id}


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
            number = float(text)
        except ValueError:
            raise CorrectionError(f"year: {text!r} is not a year", "bad_year") from None
        if not number.is_integer():  # 2024.9 is no year, and neither is inf
            raise CorrectionError(f"year: {text!r} is not a whole year", "bad_year")
        if not 1900 <= number <= 2100:
            raise CorrectionError(f"year: {text} is out of range 1900–2100", "bad_year")
        return int(number)
    if field == "kind" and text not in KINDS:
        raise CorrectionError(f"kind: {text!r} is not one of {', '.join(KINDS)}", "bad_kind")
    if field in ("region", "metric_id") and not text:
        raise CorrectionError(f"{field}: must not be empty", "empty_field")
    return text


# --- connections -----------------------------------------------------------------------


def default_store() -> Store:
    """``DATABASE_URL`` when set, else the SQLite file (``CHUANYU_REVIEW_DB``)."""
    config = settings.current()
    return config.database_url or config.review_db


def is_url(db: Store) -> bool:
    return isinstance(db, str) and "://" in db


def display_name(db: Store) -> str:
    """How messages name a store: the file name, or the URL without its password."""
    if is_url(db):
        return sa.make_url(str(db)).render_as_string(hide_password=True)
    return Path(db).name


@lru_cache(maxsize=16)
def _engine(db: Store) -> Engine:
    if not is_url(db):
        # A connection per use, as sqlite3 itself: nothing holds the file between actions.
        return sa.create_engine(
            f"sqlite:///{Path(db).resolve()}", poolclass=NullPool, isolation_level="AUTOCOMMIT"
        )
    url = sa.make_url(str(db))
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3, a project dependency
    return sa.create_engine(url, pool_pre_ping=True)


def _resolve(db: Store | None) -> Store:
    db = default_store() if db is None else db
    return str(db) if is_url(db) else Path(db)


class Writer:
    """The writes one transaction may make; obtained from :func:`writing`."""

    def __init__(self, con: Connection) -> None:
        self.con = con

    def log(
        self, key: FactKey, field: str, old: Any, new: Any, action: str, at: str, comment: str,
        who: str,
    ) -> None:  # fmt: skip
        self.con.execute(
            sa.text(
                "INSERT INTO history (doc_id, figure_start, metric_id, field, old_value,"
                " new_value, action, at, comment, who) VALUES (:doc_id, :figure_start,"
                " :metric_id, :field, :old, :new, :action, :at, :comment, :who)"
            ),
            _key_params(key)
            | {"field": field, "old": as_text(old), "new": as_text(new), "action": action}
            | {"at": at, "comment": comment, "who": who},
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
            sa.text(f"SELECT status, fields FROM reviews WHERE {_KEY}"), _key_params(key)
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
            sa.text(
                "INSERT INTO reviews (doc_id, figure_start, metric_id, status, fields, comment,"
                " who, updated_at) VALUES (:doc_id, :figure_start, :metric_id, :status, :fields,"
                " :comment, :who, :at) ON CONFLICT (doc_id, figure_start, metric_id) DO UPDATE"
                " SET status=excluded.status, fields=excluded.fields, comment=excluded.comment,"
                " who=excluded.who, updated_at=excluded.updated_at"
            ),
            _key_params(key)
            | {"status": status, "fields": json.dumps(fields, ensure_ascii=False)}
            | {"comment": comment, "who": who, "at": at},
        )

    def insert_manual(self, manual_id: str, row: Mapping[str, Any], who: str, at: str) -> None:
        columns = MANUAL_COLUMNS[1:-2]  # region … source_note
        updates = ", ".join(f"{c}=excluded.{c}" for c in MANUAL_COLUMNS[1:])
        self.con.execute(
            sa.text(
                f"INSERT INTO manual_facts ({', '.join(MANUAL_COLUMNS)}) VALUES"
                f" ({', '.join(':' + c for c in MANUAL_COLUMNS)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}"
            ),
            {"id": manual_id, **{c: row[c] for c in columns}, "created_at": at, "who": who},
        )
        key = FactKey(MANUAL_PREFIX + manual_id, 0, str(row["metric_id"]))
        self.log(key, "value", "", row["value"], "manual", at, row["source_note"], who)


def _busy(err: OperationalError) -> bool:
    text = str(err.orig).lower()
    return "locked" in text or "busy" in text or getattr(err.orig, "sqlstate", "") == "55P03"


@contextmanager
def writing(db: Store | None = None) -> Iterator[Writer]:
    """One write transaction holding the store's write lock, tables created on first use."""
    db = _resolve(db)
    if not is_url(db):
        if why := backup.problem(Path(db)):
            raise StoreDamaged(db, why)  # a damaged file is left exactly as it is
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    timeout_ms = int(BUSY_TIMEOUT_S * 1000)
    try:
        with _engine(db).connect() as con:
            if is_url(db):
                with con.begin():
                    con.execute(sa.text(f"SET LOCAL lock_timeout = {timeout_ms}"))
                    con.execute(sa.text(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})"))
                    _schema.create_all(con)
                    yield Writer(con)
            else:
                con.exec_driver_sql(f"PRAGMA busy_timeout={timeout_ms}")
                con.exec_driver_sql("PRAGMA journal_mode=WAL")
                con.exec_driver_sql("BEGIN IMMEDIATE")  # the lock up front: no deadlocks
                try:
                    _schema.create_all(con)
                    yield Writer(con)
                except BaseException:
                    con.exec_driver_sql("ROLLBACK")
                    raise
                con.exec_driver_sql("COMMIT")
            if not is_url(db):
                _backed_up(Path(db))
    except OperationalError as err:
        if _busy(err):
            raise StoreBusy(db) from err
        raise


def _backed_up(db: Path) -> None:
    # The write itself succeeded; when its backup fails, the next write tries again.
    with contextlib.suppress(OSError, sqlite3.Error):
        backup.backup(db)


@contextmanager
def reading(db: Store | None = None) -> Iterator[Connection | None]:
    """A connection, or None when the store has no tables yet (reading creates nothing).

    A damaged SQLite file reads as no tables: the extracted figures stay on every page.
    """
    db = _resolve(db)
    if not is_url(db) and (not Path(db).exists() or backup.problem(Path(db))):
        yield None
        return
    with _engine(db).connect() as con:
        if not is_url(db):
            con.exec_driver_sql(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        present = set(sa.inspect(con).get_table_names())
        yield con if set(TABLES) <= present else None


def exists(db: Store | None = None) -> bool:
    """Whether the store holds its tables."""
    with reading(db) as con:
        return con is not None


def _query(
    db: Store | None, sql: str, columns: list[str], params: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    with reading(db) as con:
        if con is None:
            return pd.DataFrame(columns=columns)
        return pd.read_sql_query(sa.text(sql), con, params=dict(params or {}))


def revision(db: Store | None = None) -> str:
    """Changes whenever the store does: the cache key of everything derived from it."""
    with reading(db) as con:
        if con is None:
            return ""
        row = con.execute(
            sa.text(
                "SELECT (SELECT count(*) FROM history), (SELECT max(id) FROM history),"
                " (SELECT count(*) FROM reviews), (SELECT max(updated_at) FROM reviews),"
                " (SELECT count(*) FROM manual_facts)"
            )
        ).fetchone()
        return "/".join(map(str, row or ()))


# --- writes ------------------------------------------------------------------------------


def check_figure(row: Mapping[str, Any]) -> None:
    """CorrectionError when value, unit and kind together are no plausible figure
    (a negative count, a share over 100 %); the bounds are extract/plausible.py's."""
    why = plausible.problem(row.get("value"), str(row.get("unit") or ""), str(row.get("kind")))
    if why:
        raise CorrectionError(f"value: {why}", "bad_value")


def _review(
    db: Store | None,
    key: FactKey,
    status: str,
    changes: Mapping[str, Any] | None = None,
    original: Mapping[str, Any] | None = None,
    comment: str = "",
    who: str = "",
) -> None:
    key = FactKey(str(key[0]), int(key[1]), str(key[2]))
    cleaned = {f: clean_field(f, v) for f, v in (changes or {}).items()}
    before = {} if original is None else original  # a Series has no truth value
    if {"value", "unit", "kind"} & cleaned.keys():
        fact = {f: before.get(f) for f in ("value", "unit", "kind")}
        check_figure({**{f: v for f, v in fact.items() if v is not None}, **cleaned})
    with writing(db) as w:
        w.set_state(key, status, cleaned, before, status, comment, who, now())


def confirm(key: FactKey, comment: str = "", who: str = "", db: Store | None = None) -> None:
    """A person checked the figure against its sentence and it is right."""
    _review(db, key, "confirmed", comment=comment, who=who)


def reject(key: FactKey, comment: str = "", who: str = "", db: Store | None = None) -> None:
    """The figure is not a fact about a region (wrong reading, company figure …)."""
    _review(db, key, "rejected", comment=comment, who=who)


def correct(
    key: FactKey,
    changes: Mapping[str, Any],
    comment: str = "",
    who: str = "",
    original: Mapping[str, Any] | None = None,
    db: Store | None = None,
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
    db: Store | None = None,
) -> str:
    """Store a figure no article states; returns its doc_id ``manual:<id>``."""
    if not str(source_note).strip():
        raise CorrectionError("source note: say where the figure comes from", "no_source")
    row = {f: clean_field(f, v) for f, v in
           (("region", region), ("metric_id", metric_id), ("kind", kind), ("value", value),
            ("year", year))}  # fmt: skip
    row |= {"unit": str(unit).strip(), "scope": str(scope).strip()}
    row |= {"period": str(period).strip(), "source_note": str(source_note).strip()}
    check_figure(row)
    manual_id = uuid.uuid4().hex[:12]
    with writing(db) as w:
        w.insert_manual(manual_id, row, who, now())
    return MANUAL_PREFIX + manual_id


# --- reads -------------------------------------------------------------------------------


def reviews(db: Store | None = None) -> pd.DataFrame:
    """The latest state of every reviewed fact (``fields`` is a JSON object of overrides)."""
    cols = [*REVIEW_COLUMNS, "updated_at"]
    return _query(db, f"SELECT {', '.join(cols)} FROM reviews ORDER BY updated_at", cols)


def history(db: Store | None = None, key: FactKey | None = None) -> pd.DataFrame:
    """Every change ever made, oldest first; for one fact when ``key`` is given."""
    sql = f"SELECT {', '.join(HISTORY_COLUMNS)} FROM history"
    params: dict[str, Any] = {}
    if key is not None:
        sql += f" WHERE {_KEY}"
        params = _key_params(FactKey(str(key[0]), int(key[1]), str(key[2])))
    return _query(db, sql + " ORDER BY id", HISTORY_COLUMNS, params)


def manual_facts(db: Store | None = None) -> pd.DataFrame:
    cols = MANUAL_COLUMNS
    return _query(db, f"SELECT {', '.join(cols)} FROM manual_facts ORDER BY created_at", cols)
