"""Human review of extracted figures, kept in SQLite so it survives re-extraction.

A fact is identified by ``(doc_id, figure_start, metric_id)``: its article, where the
figure sits in the normalised text and what it measures. Those three do not change when
the articles are extracted again, so a correction stays attached to its figure; a
correction whose figure has disappeared is listed by :func:`orphans`, never dropped.

Three tables: ``reviews`` (the latest state per fact), ``history`` (every change, never
updated or deleted) and ``manual_facts`` (figures entered by hand, doc_id ``manual:<id>``).
Every write runs in one ``BEGIN IMMEDIATE`` transaction in WAL mode, so a concurrent
session either waits (``busy_timeout``) or gets :class:`StoreBusy` — never half a write.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from extract import paths
from extract.spreadsheet import FORMULA_PREFIXES, neutralise_cell

DEFAULT_DB = paths.DATA / "review.sqlite"
# Long enough for a competing save to finish, short enough that a stuck one is reported.
BUSY_TIMEOUT_S = 5.0

STATUSES = ("confirmed", "rejected", "corrected")
KINDS = ("value", "increment", "target", "growth", "share", "rank")
CORRECTABLE = ("value", "unit", "kind", "year", "region", "scope", "metric_id")
MANUAL_PREFIX = "manual:"

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def key_of(row: Mapping[str, Any]) -> FactKey:
    """The identity of a fact row (a dict or a DataFrame row)."""
    return FactKey(str(row["doc_id"]), int(row["figure_start"]), str(row["metric_id"]))


# --- connections -----------------------------------------------------------------------


@contextmanager
def _writing(db: Path) -> Iterator[sqlite3.Connection]:
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
            yield con
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
def _reading(db: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection, or None when there is no store yet (nothing is created)."""
    db = Path(db)
    if not db.exists():
        yield None
        return
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        con.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        yield con if {"reviews", "history", "manual_facts"} <= tables else None
    finally:
        con.close()


def _query(db: Path, sql: str, columns: Sequence[str], params: Sequence[Any] = ()) -> pd.DataFrame:
    with _reading(db) as con:
        if con is None:
            return pd.DataFrame(columns=list(columns))
        return pd.read_sql_query(sql, con, params=list(params))


# --- validation --------------------------------------------------------------------------


def _clean_field(field: str, value: Any) -> Any:
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
    if field in ("region", "metric_id", "unit") and not text and field != "unit":
        raise CorrectionError(f"{field}: must not be empty", "empty_field")
    return text


def as_text(value: Any) -> str:
    """A cell as text: blank for missing, 2024 rather than 2024.0."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- writes ------------------------------------------------------------------------------


def _log(
    con: sqlite3.Connection,
    key: FactKey,
    field: str,
    old: Any,
    new: Any,
    action: str,
    at: str,
    comment: str,
    who: str,
) -> None:
    con.execute(
        "INSERT INTO history (doc_id, figure_start, metric_id, field, old_value, new_value,"
        " action, at, comment, who) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (*key, field, as_text(old), as_text(new), action, at, comment, who),
    )


def _set_state(
    con: sqlite3.Connection,
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
    row = con.execute(
        "SELECT status, fields FROM reviews WHERE doc_id=? AND figure_start=? AND metric_id=?",
        key,
    ).fetchone()
    old_status, fields = (row[0], json.loads(row[1])) if row else ("", {})
    if old_status != status:
        _log(con, key, "status", old_status, status, action, at, comment, who)
    for field, new in changes.items():
        old = fields.get(field, original.get(field, ""))
        if as_text(old) != as_text(new):
            _log(con, key, field, old, new, action, at, comment, who)
        fields[field] = new
    con.execute(
        "INSERT OR REPLACE INTO reviews (doc_id, figure_start, metric_id, status, fields,"
        " comment, who, updated_at) VALUES (?,?,?,?,?,?,?,?)",
        (*key, status, json.dumps(fields, ensure_ascii=False), comment, who, at),
    )


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
    cleaned = {f: _clean_field(f, v) for f, v in (changes or {}).items()}
    with _writing(db) as con:
        _set_state(
            con,
            key,
            status,
            cleaned,
            {} if original is None else original,
            status,
            comment,
            who,
            _now(),
        )


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
    row = {
        "region": _clean_field("region", region),
        "metric_id": _clean_field("metric_id", metric_id),
        "kind": _clean_field("kind", kind),
        "value": _clean_field("value", value),
        "year": _clean_field("year", year),
        "unit": str(unit).strip(),
        "scope": str(scope).strip(),
        "period": str(period).strip(),
        "source_note": str(source_note).strip(),
    }
    manual_id = uuid.uuid4().hex[:12]
    with _writing(db) as con:
        _insert_manual(con, manual_id, row, who, _now())
    return MANUAL_PREFIX + manual_id


def _insert_manual(
    con: sqlite3.Connection, manual_id: str, row: Mapping[str, Any], who: str, at: str
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO manual_facts (id, region, scope, metric_id, kind, value, unit,"
        " year, period, source_note, created_at, who) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            manual_id,
            row["region"],
            row["scope"],
            row["metric_id"],
            row["kind"],
            row["value"],
            row["unit"],
            row["year"],
            row["period"],
            row["source_note"],
            at,
            who,
        ),
    )
    key = FactKey(MANUAL_PREFIX + manual_id, 0, str(row["metric_id"]))
    _log(con, key, "value", "", row["value"], "manual", at, row["source_note"], who)


# --- reads -------------------------------------------------------------------------------

REVIEW_COLUMNS = ["doc_id", "figure_start", "metric_id", "status", "fields", "comment", "who"]
HISTORY_COLUMNS = [
    "doc_id",
    "figure_start",
    "metric_id",
    "field",
    "old_value",
    "new_value",
    "action",
    "at",
    "comment",
    "who",
]
MANUAL_COLUMNS = [
    "id",
    "region",
    "scope",
    "metric_id",
    "kind",
    "value",
    "unit",
    "year",
    "period",
    "source_note",
    "created_at",
    "who",
]


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


@lru_cache(maxsize=4)
def _gazetteer(path: Path, mtime: float) -> dict[str, tuple[str, str]]:
    table = pd.read_csv(path, dtype=str).fillna("")
    return {r["name"]: (r.get("code", ""), r.get("level", "")) for _, r in table.iterrows()}


def _region_info(region: str) -> tuple[str, str]:
    """GB/T 2260 code and level of a region name, blank when the gazetteer lacks it."""
    path = paths.GAZETTEER
    if not path.exists():
        return "", ""
    return _gazetteer(path, path.stat().st_mtime).get(region, ("", ""))


def _manual_rows(manual: pd.DataFrame) -> pd.DataFrame:
    """Hand-entered figures as facts.csv rows; the source note stands in for the quote."""
    rows = []
    for _, m in manual.iterrows():
        doc_id = MANUAL_PREFIX + str(m["id"])
        code, level = _region_info(m["region"])
        rows.append(
            {
                "fact_id": doc_id,
                "doc_id": doc_id,
                "region": m["region"],
                "region_code": code,
                "region_level": level,
                "scope": m["scope"],
                "metric_id": m["metric_id"],
                "kind": m["kind"],
                "value": float(m["value"]),
                "unit": m["unit"],
                "qualifier": "exact",
                "estimated": False,
                "year": int(m["year"]),
                "year_source": "stated",  # entered by hand with its year
                "period": m["period"],
                "quote": m["source_note"],
                "quote_start": 0,
                "quote_end": 0,
                "figure_text": f"{as_text(m['value'])}{m['unit']}",
                "figure_start": 0,
                "figure_end": 0,
                "published": str(m["created_at"])[:10],
                "extractor_version": "manual",
            }
        )
    return pd.DataFrame(rows)


def _keys(facts: pd.DataFrame) -> list[FactKey]:
    starts = pd.to_numeric(facts["figure_start"], errors="coerce").fillna(-1).astype(int)
    return [
        FactKey(str(d), int(s), str(m))
        for d, s, m in zip(facts["doc_id"], starts, facts["metric_id"], strict=True)
    ]


def apply_corrections(
    facts: pd.DataFrame, db: Path = DEFAULT_DB, *, keep_rejected: bool = False
) -> pd.DataFrame:
    """The facts as a person has reviewed them.

    Rejected facts are dropped, corrected fields replace the extracted ones, hand-entered
    figures are appended, and ``review`` says "" | confirmed | corrected | manual.
    Without a store the facts come back unchanged with an empty ``review`` column.
    ``keep_rejected`` keeps rejected facts, marked "rejected", for the review page.
    """
    out = facts.copy()
    with _reading(db) as con:
        if con is None:
            out["review"] = ""
            return out
    manual = _manual_rows(manual_facts(db))
    if not manual.empty:
        out = pd.concat([out, manual], ignore_index=True)
    out = out.reset_index(drop=True)
    if out.empty:
        out["review"] = pd.Series(dtype=str)
        return out
    out["review"] = ["manual" if str(d).startswith(MANUAL_PREFIX) else "" for d in out["doc_id"]]
    position = {k: i for i, k in enumerate(_keys(out))}
    drop: list[int] = []
    edited = {c: out[c].astype(object) for c in CORRECTABLE if c in out}
    region_codes: dict[int, tuple[str, str]] = {}
    for _, r in reviews(db).iterrows():
        i = position.get(FactKey(str(r["doc_id"]), int(r["figure_start"]), str(r["metric_id"])))
        if i is None:
            continue  # an orphan: kept in the store, reported by orphans()
        if r["status"] == "rejected":
            drop.append(i)
            out.at[i, "review"] = "rejected"
            continue
        fields = json.loads(r["fields"])
        for field, value in fields.items():
            edited.setdefault(field, pd.Series([""] * len(out), dtype=object))[i] = value
        if "region" in fields:
            region_codes[i] = _region_info(fields["region"])
        if out.at[i, "review"] != "manual":
            out.at[i, "review"] = "corrected" if fields else "confirmed"
    for field, column in edited.items():
        out[field] = column
    for i, (code, level) in region_codes.items():
        for col, val in (("region_code", code), ("region_level", level)):
            if col in out:
                out[col] = out[col].astype(object)
                out.at[i, col] = val
    if "value" in out:
        out["value"] = pd.to_numeric(out["value"], errors="coerce")
    if "year" in out:
        year = pd.to_numeric(out["year"], errors="coerce")
        out["year"] = year.astype("Int64") if year.isna().any() else year.astype(int)
    return out if keep_rejected else out.drop(index=drop).reset_index(drop=True)


def orphans(facts: pd.DataFrame, db: Path = DEFAULT_DB) -> pd.DataFrame:
    """Reviews whose fact no extraction produces any more (shown, never deleted)."""
    state = reviews(db)
    if state.empty:
        return state
    known = set(_keys(facts)) if not facts.empty else set()
    is_manual = state["doc_id"].astype(str).str.startswith(MANUAL_PREFIX)
    lost = [
        FactKey(str(d), int(s), str(m)) not in known
        for d, s, m in zip(state["doc_id"], state["figure_start"], state["metric_id"], strict=True)
    ]
    return state[pd.Series(lost, index=state.index) & ~is_manual].reset_index(drop=True)


# --- exchange as CSV ---------------------------------------------------------------------

# One file carries both kinds of record so an office hands over its whole review at once.
CSV_COLUMNS = [
    "record",  # review | manual
    "doc_id",
    "figure_start",
    "metric_id",
    "status",
    "fields",  # ;-joined names of the corrected fields, so a blank value is not ambiguous
    "value",
    "unit",
    "kind",
    "year",
    "region",
    "scope",
    "corrected_metric_id",
    "period",
    "source_note",
    "comment",
    "who",
    "updated_at",
]


def neutralise(cell: Any) -> str:
    """A cell a spreadsheet shows as text: a leading quote stops formula injection."""
    return str(neutralise_cell(as_text(cell)))


def _unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text


def export_csv(db: Path = DEFAULT_DB) -> bytes:
    """Every review and hand-entered figure as UTF-8 (with BOM, for Excel) CSV."""
    rows: list[dict[str, Any]] = []
    for _, r in reviews(db).iterrows():
        fields = json.loads(r["fields"])
        row = {f: fields.get(f, "") for f in ("value", "unit", "kind", "year", "region", "scope")}
        row |= {
            "record": "review",
            "doc_id": r["doc_id"],
            "figure_start": r["figure_start"],
            "metric_id": r["metric_id"],
            "status": r["status"],
            "fields": ";".join(fields),
            "corrected_metric_id": fields.get("metric_id", ""),
            "comment": r["comment"],
            "who": r["who"],
            "updated_at": r["updated_at"],
        }
        rows.append(row)
    for _, m in manual_facts(db).iterrows():
        rows.append(
            {
                **{c: m[c] for c in ("metric_id", "value", "unit", "kind", "year", "region")},
                **{c: m[c] for c in ("scope", "period", "source_note", "who")},
                "record": "manual",
                "doc_id": MANUAL_PREFIX + str(m["id"]),
                "figure_start": 0,
                "updated_at": m["created_at"],
            }
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: neutralise(row.get(c, "")) for c in CSV_COLUMNS})
    return buffer.getvalue().encode("utf-8-sig")


def _parse_review(row: Mapping[str, str]) -> tuple[FactKey, str, dict[str, Any]]:
    try:
        start = int(row["figure_start"])
    except ValueError:
        start_text = row["figure_start"]
        raise CorrectionError(f"figure_start {start_text!r} is not a whole number") from None
    if not row["doc_id"] or not row["metric_id"]:
        raise CorrectionError("doc_id and metric_id must not be empty")
    if row["status"] not in STATUSES:
        raise CorrectionError(f"status {row['status']!r} is not one of {', '.join(STATUSES)}")
    changes: dict[str, Any] = {}
    for field in filter(None, row["fields"].split(";")):
        column = "corrected_metric_id" if field == "metric_id" else field
        if field not in CORRECTABLE:
            raise CorrectionError(f"fields: {field!r} is not a correctable field")
        changes[field] = _clean_field(field, row[column])
    return FactKey(row["doc_id"], start, row["metric_id"]), row["status"], changes


def _parse_manual(row: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    if not row["doc_id"].startswith(MANUAL_PREFIX) or len(row["doc_id"]) == len(MANUAL_PREFIX):
        raise CorrectionError(f"doc_id {row['doc_id']!r} must look like manual:<id>")
    if not row["source_note"]:
        raise CorrectionError("source_note must not be empty")
    parsed = {f: _clean_field(f, row[f]) for f in ("region", "metric_id", "kind", "value", "year")}
    parsed |= {f: row[f] for f in ("unit", "scope", "period", "source_note")}
    return row["doc_id"][len(MANUAL_PREFIX) :], parsed


def import_csv(data: bytes, name: str = "corrections.csv", db: Path = DEFAULT_DB) -> int:
    """Load an exported file; every row is checked first, then all are stored in one
    transaction, so a bad file changes nothing. Returns the number of rows stored."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CorrectionError(f"{name}: not UTF-8 text", "bad_csv") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CorrectionError(f"{name}: missing columns {', '.join(missing)}", "bad_csv")
    parsed: list[tuple[str, Any, dict[str, str]]] = []
    for number, raw in enumerate(reader, start=2):  # row 1 is the header
        if None in raw or any(v is None for v in raw.values()):
            raise CorrectionError(f"{name}, row {number}: wrong number of cells", "bad_csv")
        row = {k: _unneutralise(v.strip()) for k, v in raw.items()}
        try:
            if row["record"] == "review":
                parsed.append(("review", _parse_review(row), row))
            elif row["record"] == "manual":
                parsed.append(("manual", _parse_manual(row), row))
            else:
                raise CorrectionError(f"record {row['record']!r} is not review or manual")
        except CorrectionError as err:
            raise CorrectionError(f"{name}, row {number}: {err.reason}", "bad_csv") from None
    with _writing(db) as con:
        for record, item, row in parsed:
            at = row["updated_at"] or _now()
            if record == "manual":
                _insert_manual(con, item[0], item[1], row["who"], at)
            else:
                key, status, changes = item
                _set_state(con, key, status, changes, {}, "import", row["comment"], row["who"], at)
    return len(parsed)
