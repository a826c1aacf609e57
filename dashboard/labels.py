"""How one figure reads on screen: "≥450 家 (2023)", "预计 ≥13,000 家 (2023)", "目标 300 家"."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from dashboard.i18n import month_name, period_name, t, unit_name


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def format_number(value: float) -> str:
    """Thousands separated, at most two decimals, no trailing zeros: 9473, 1,085.95, 5.61."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def as_bool(value: object) -> bool:
    # facts.csv holds true/false as text; pandas may already have parsed it.
    return str(value).strip().lower() in {"true", "1", "yes"}


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def format_year(
    year: object,
    period: object = "",
    lang: str | None = None,
    year_source: object = "",
    published: object = "",
) -> str:
    """2023年, 2023年1-8月; 截至2024年3月 when the year is only the article's date.

    An undated total in an article of March 2024 is the state as of then, not a 2024 figure:
    saying so keeps it from reading as newer than the 2023 figures beside it.
    """
    if is_missing(year) or str(year) == "":
        return ""
    year_text = str(int(float(str(year))))
    if _text(year_source) == "article_date":
        date = _text(published).split("-")
        if len(date) >= 2 and date[0] == year_text and date[1].isdigit():
            month = int(date[1])
            return t(
                "fmt.as_of_month", lang, year=year_text, month=month, m=month_name(month, lang)
            )
        return t("fmt.as_of_year", lang, year=year_text)
    period_text = _text(period)
    if period_text:
        return t("fmt.year_period", lang, year=year_text, period=period_name(period_text, lang))
    return t("fmt.year", lang, year=year_text)


def year_found(year_source: object, lang: str | None = None) -> str:
    """How the year was found: stated, read from a relative phrase, or the article's date."""
    return t(f"year_source.{_text(year_source) or 'stated'}", lang)


def unit_factor(unit: object, lang: str | None = None) -> float:
    """What a value in `unit` is multiplied by for the reader: 亿元 reads as bn yuan in English."""
    key = f"unit_factor.{unit}"
    label = t(key, lang)
    return 1.0 if label == key else float(label)


def in_reader_unit(value: object, unit: object, lang: str | None = None) -> float | None:
    return None if is_missing(value) else float(value) * unit_factor(unit, lang)  # type: ignore[arg-type]


def format_value(
    value: object,
    unit: str,
    qualifier: str = "exact",
    kind: str = "value",
    estimated: object = False,
    lang: str | None = None,
    rank_of: object = "",
) -> str:
    """The figure with its qualifier symbol, unit and estimate/target marks; 未报道 when missing.

    A rank says what it ranks when that is known: 增速第6位 is no rank of the count itself.
    """
    if is_missing(value):
        return t("common.not_reported", lang)
    number = format_number(float(value) * unit_factor(unit, lang))  # type: ignore[arg-type]
    if kind == "rank" and _text(rank_of):
        text = t("fmt.rank_of", lang, value=number, what=rank_of_name(rank_of, lang))
    elif kind == "rank":
        text = t("fmt.rank", lang, value=number)
    else:
        symbol = t(f"symbol.{qualifier or 'exact'}", lang)
        shown_unit = unit_name(unit, lang)
        text = f"{symbol}{number}{shown_unit}" if unit == "%" else f"{symbol}{number} {shown_unit}"
    if as_bool(estimated):
        text = f"{t('fmt.estimated', lang)} {text}"
    if kind == "target":
        text = f"{t('fmt.target', lang)} {text}"
    return text


def format_row(row: Mapping[str, object], lang: str | None = None, with_year: bool = True) -> str:
    """A facts or metrics_wide row as one label: "≥450 家 (2023年)"."""
    text = format_value(
        row.get("value"),
        str(row.get("unit", "")),
        str(row.get("qualifier", "exact") or "exact"),
        str(row.get("kind", "value") or "value"),
        row.get("estimated", False),
        lang,
        row.get("rank_of", ""),
    )
    year = format_row_year(row, lang) if with_year else ""
    return f"{text} ({year})" if year else text


def rank_of_name(rank_of: object, lang: str | None = None) -> str:
    """What a rank ranks, in words: 总量, 增速, 占比 (size, growth, share)."""
    return t(f"rank_of.{_text(rank_of)}", lang)


def kind_name(kind: object, rank_of: object = "", lang: str | None = None) -> str:
    """The kind in words; a rank with what it ranks: 排名（增速）, rank (growth)."""
    name = t(f"kind.{kind}", lang)
    if kind != "rank" or not _text(rank_of):
        return name
    return t("fmt.kind_rank_of", lang, kind=name, what=rank_of_name(rank_of, lang))


def format_row_year(row: Mapping[str, object], lang: str | None = None) -> str:
    return format_year(
        row.get("year"), row.get("period", ""), lang, row.get("year_source"), row.get("published")
    )
