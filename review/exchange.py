"""Reviews exchanged between offices as one CSV file that opens safely in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from extract.spreadsheet import FORMULA_PREFIXES, neutralise_cell
from review.store import (
    CORRECTABLE,
    MANUAL_PREFIX,
    STATUSES,
    CorrectionError,
    FactKey,
    Store,
    as_text,
    check_figure,
    clean_field,
    manual_facts,
    now,
    reviews,
    writing,
)

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


def export_csv(db: Store | None = None) -> bytes:
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
    start_text = row["figure_start"]
    try:
        start = int(start_text)
    except ValueError:
        raise CorrectionError(f"figure_start {start_text!r} is not a whole number") from None
    if not 0 <= start < 2**31:  # an offset into one article's text
        raise CorrectionError(f"figure_start {start_text!r} is out of range")
    if not row["doc_id"] or not row["metric_id"]:
        raise CorrectionError("doc_id and metric_id must not be empty")
    if row["status"] not in STATUSES:
        raise CorrectionError(f"status {row['status']!r} is not one of {', '.join(STATUSES)}")
    changes: dict[str, Any] = {}
    for field in filter(None, row["fields"].split(";")):
        column = "corrected_metric_id" if field == "metric_id" else field
        if field not in CORRECTABLE:
            raise CorrectionError(f"fields: {field!r} is not a correctable field")
        changes[field] = clean_field(field, row[column])
    return FactKey(row["doc_id"], start, row["metric_id"]), row["status"], changes


def _parse_manual(row: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    if not row["doc_id"].startswith(MANUAL_PREFIX) or len(row["doc_id"]) == len(MANUAL_PREFIX):
        raise CorrectionError(f"doc_id {row['doc_id']!r} must look like manual:<id>")
    if not row["source_note"]:
        raise CorrectionError("source_note must not be empty")
    parsed = {f: clean_field(f, row[f]) for f in ("region", "metric_id", "kind", "value", "year")}
    parsed |= {f: row[f] for f in ("unit", "scope", "period", "source_note")}
    check_figure(parsed)
    return row["doc_id"][len(MANUAL_PREFIX) :], parsed


def import_csv(data: bytes, name: str = "corrections.csv", db: Store | None = None) -> int:
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
    with writing(db) as w:
        for record, item, row in parsed:
            at = row["updated_at"] or now()
            if record == "manual":
                w.insert_manual(item[0], item[1], row["who"], at)
            else:
                key, status, changes = item
                w.set_state(key, status, changes, {}, "import", row["comment"], row["who"], at)
    return len(parsed)
