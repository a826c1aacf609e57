"""What the add-article and review pages need beyond layout: paths, messages, review rows."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

import review
from dashboard import data
from dashboard.escape import md
from dashboard.i18n import t
from extract import settings
from extract.errors import InputError
from review import CorrectionError, FactKey

# Columns the review table shows, in order; the rest stay available for the detail panel.
SHOWN = ["review", "doc_id", "region", "scope", "metric_id", "kind", "value", "unit", "year"]
SHOWN += ["figure_text", "quote"]


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
    """Every fact with its review state, rejected ones included so they can be restored."""
    return review.apply_corrections(facts, db, keep_rejected=True)


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column headers in the interface language (ids stay when a column has no label)."""
    names = {c: t(f"review.col_{c}", lang) for c in table.columns}
    return table.rename(columns={c: n for c, n in names.items() if n != f"review.col_{c}"})


def filter_rows(
    rows: pd.DataFrame, doc: str, regions: list[str], metrics: list[str]
) -> pd.DataFrame:
    if doc:
        rows = rows[rows["doc_id"] == doc]
    if regions:
        rows = rows[rows["region"].isin(regions)]
    if metrics:
        rows = rows[rows["metric_id"].isin(metrics)]
    return rows


def extracted(facts: pd.DataFrame, key: FactKey, fallback: pd.Series) -> pd.Series:
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


def kind_index(kind: object) -> int:
    return review.KINDS.index(kind) if kind in review.KINDS else 0


def fact_label(row: Mapping[str, Any], lang: str) -> str:
    status = t(f"review.status_{row.get('review', '')}", lang)
    figure = row.get("figure_text") or f"{row.get('value', '')}{row.get('unit', '')}"
    return f"[{status}] {row['doc_id']} · {row['region']} · {row['metric_id']} · {figure}"


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
