"""What the add-article and review pages need beyond layout: paths, messages, review rows."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

import review
from dashboard import data, labels
from dashboard.escape import md
from dashboard.i18n import metric_name, region_name, t, unit_name
from extract import paths, settings
from extract.errors import InputError
from extract.tables import ORDER
from review import CorrectionError, FactKey

# Review times are stored in UTC and shown in the reader's zone; the browser's when it says.
TIMEZONE = "Asia/Shanghai"


def raw_dir() -> Path:
    return settings.current().raw


def processed_dir() -> Path:
    return data.processed_dir()


def review_db() -> review.Store:
    return data.review_db()


def _reason(key: str, detail: str, lang: str) -> str:
    """The translated reason (Markdown); the library's own wording, escaped, when none exists."""
    label = f"reason.{key}"
    text = t(label, lang)
    return md(detail) if text == label else text


def input_error(err: InputError, lang: str) -> tuple[str, str]:
    """(message naming the file and the reason, the library's detail) for an unreadable file;
    both are Markdown with the file's name and the reason escaped."""
    name, reason = md(Path(err.path).name), _reason(err.reason_key, err.reason, lang)
    return t("add.bad_file", lang, name=name, reason=reason), md(err.reason)


def correction_error(err: CorrectionError, lang: str) -> str:
    reason = _reason(err.reason_key, err.reason, lang)
    detail = "" if reason == md(err.reason) else f" ({md(err.reason)})"
    return t("review.failed", lang, reason=reason + detail)


def review_rows(facts: pd.DataFrame, db: review.Store) -> pd.DataFrame:
    """Every fact with its review state, rejected ones included so they can be restored,
    in the order the review page lists them (the facts table's)."""
    rows = review.apply_corrections(facts, db, keep_rejected=True)
    order = [c.strip() for c in ORDER["facts"].split(",")]
    return rows.sort_values(order, kind="stable").reset_index(drop=True)


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column headers in the interface language (ids stay when a column has no label)."""
    names = {c: t(f"review.col_{c}", lang) for c in table.columns}
    return table.rename(columns={c: n for c, n in names.items() if n != f"review.col_{c}"})


def extracted(facts: pd.DataFrame, key: FactKey, fallback: Mapping[str, Any]) -> Mapping[str, Any]:
    """The fact as the extractor gave it (for the history's old values)."""
    if facts.empty:
        return fallback
    starts = pd.to_numeric(facts["figure_start"], errors="coerce")
    hit = facts[
        (facts["doc_id"].astype(str) == key.doc_id)
        & (starts == key.figure_start)
        & (facts["metric_id"].astype(str) == key.metric_id)
    ]
    return hit.iloc[0] if len(hit) else fallback


@functools.cache
def gazetteer_names() -> list[str]:
    """Every region a figure may be assigned to, in gazetteer order."""
    return list(pd.read_csv(paths.GAZETTEER, dtype=str)["name"])


def fact_id(row: Mapping[str, Any]) -> str:
    """The picker's option for a fact: stable across filters, unlike a row number."""
    key = review.key_of(row)
    return f"{key.doc_id}|{key.figure_start}|{key.metric_id}"


def fact_label(row: Mapping[str, Any], titles: Mapping[str, str], lang: str) -> str:
    status = t(f"review.status_{row.get('review', '')}", lang)
    figure = row.get("figure_text") or labels.format_row(row, lang, with_year=False)
    parts = [article(row["doc_id"], titles, lang), region_name(str(row["region"]), lang)]
    parts += [metric_name(str(row["metric_id"]), lang), str(figure)]
    return f"[{status}] " + " · ".join(parts)


def article(doc_id: object, titles: Mapping[str, str], lang: str) -> str:
    """An article by its title; a hand-entered figure says so."""
    if str(doc_id).startswith(review.MANUAL_PREFIX):
        return t("review.manual_entry", lang)
    return str(titles.get(str(doc_id)) or doc_id)


def review_table(rows: pd.DataFrame, titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The figures under review as a reader reads them: titles, names, labels, no ids."""
    records = rows.to_dict("records")
    table = pd.DataFrame(
        {
            "review": [t(f"review.status_{r.get('review', '')}", lang) for r in records],
            "doc_id": [article(r["doc_id"], titles, lang) for r in records],
            "region": [region_name(str(r["region"]), lang) for r in records],
            "scope": [_plain(r.get("scope")) for r in records],
            "metric_id": [metric_name(str(r["metric_id"]), lang) for r in records],
            "kind": [t(f"kind.{r['kind']}", lang) for r in records],
            "value": [labels.format_row(r, lang, with_year=False) for r in records],
            "year": [labels.format_row_year(r, lang) for r in records],
            "figure_text": [_plain(r.get("figure_text")) for r in records],
            "quote": [_plain(r.get("quote")) for r in records],
        }
    )
    return labelled(table, lang)


def history_table(
    history: pd.DataFrame, titles: Mapping[str, str], lang: str, timezone: str
) -> pd.DataFrame:
    """The review history in words: field names, statuses and kinds labelled, local times."""
    table = history.copy()
    if table.empty:
        return labelled(table.drop(columns=["figure_start"], errors="ignore"), lang)

    def value(field: str, v: object) -> str:
        text = _plain(v)
        if not text:
            return ""
        if field == "status":
            return t(f"review.status_{text}", lang)
        if field == "kind":
            return t(f"kind.{text}", lang)
        if field == "metric_id":
            return metric_name(text, lang)
        if field == "region":
            return region_name(text, lang)
        if field == "unit":  # stored as the articles write it (家): read as firms in English
            return unit_name(text, lang)
        return text

    if "field" in table:
        for column in ("old_value", "new_value"):
            table[column] = [
                value(f, v) for f, v in zip(table["field"], table[column], strict=True)
            ]
        table["field"] = [field_name(f, lang) for f in table["field"]]
    if "status" in table:
        table["status"] = [t(f"review.status_{s}", lang) for s in table["status"]]
    if "fields" in table:
        table["fields"] = [_fields(f, lang) for f in table["fields"]]
    if "action" in table:
        table["action"] = [action_name(a, lang) for a in table["action"]]
    for column in ("at", "updated_at"):
        if column in table:
            table[column] = local_times(table[column], timezone)
    table["doc_id"] = [article(d, titles, lang) for d in table["doc_id"]]
    table["metric_id"] = [metric_name(str(m), lang) for m in table["metric_id"]]
    return labelled(table.drop(columns=["figure_start"], errors="ignore"), lang)


def field_name(field: object, lang: str) -> str:
    label = t(f"review.col_{field}", lang)
    return str(field) if label == f"review.col_{field}" else label


def action_name(action: object, lang: str) -> str:
    for key in (f"review.action_{action}", f"review.status_{action}"):
        if (label := t(key, lang)) != key:
            return label
    return str(action)


def local_times(times: pd.Series, timezone: str) -> list[str]:
    """Stored UTC instants shown in the reader's time zone, to the minute."""
    parsed = pd.to_datetime(times, utc=True, errors="coerce").dt.tz_convert(timezone)
    return ["" if pd.isna(p) else p.strftime("%Y-%m-%d %H:%M") for p in parsed]


def _fields(raw: object, lang: str) -> str:
    try:
        names = list(json.loads(str(raw or "{}")))
    except ValueError:
        return _plain(raw)
    return t("common.list_sep", lang).join(field_name(n, lang) for n in names)


def _plain(value: object) -> str:
    return "" if labels.is_missing(value) else str(value)


def changed_fields(entered: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The form fields whose value differs from what the fact shows now."""

    def plain(v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()

    def same(a: Any, b: Any) -> bool:
        a, b = plain(a), plain(b)
        try:
            return float(a) == float(b)
        except ValueError:
            return a == b

    return {f: v for f, v in entered.items() if not same(v, current.get(f, ""))}
