"""Dates: the article's own date, and the year and period each figure refers to."""

from __future__ import annotations

import bisect
import re

from extract.vocabulary import RELATIVE, STATED

_ISO = re.compile(r"(20\d\d|19\d\d)[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?")
_HEADER_CUE = re.compile(r"(?:发稿|发布|发表|更新|来源)?(?:时间|日期)[:：]?\s*")
_YEAR = re.compile(r"(?<![\d.])(20\d\d)年(?:度)?")
# A year after these words is a comparison base or a starting point, not the figure's year
# (but 从2021年的40.1%下降至… states the year of the figure that follows).
_BASE_YEAR = re.compile(
    r"(?:较|比|同比|相比|相较|与)(20\d\d)年|(?:自|从)(20\d\d)年(?!的|底的|末的)|(20\d\d)年(?:以来|起)"
)
_RELATIVE = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "当年": 0, "明年": 1}
_RELATIVE_RE = re.compile("|".join(_RELATIVE))
_PERIOD = re.compile(
    r"(\d{1,2})\s*[-—~至到]\s*(\d{1,2})月"
    r"|前(\d{1,2}|[一二三四五六七八九十]{1,2})(?:个)?月"
    r"|截至(?:20\d\d年|今年|去年)?(\d{1,2})月"
    r"|(前三季度|上半年|下半年|一季度|第一季度|前两季度)"
)
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def normalise_date(text: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from a manifest cell, or "" when invalid."""
    text = (text or "").strip()
    m = re.fullmatch(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?)?月?", text)
    if not m:
        return ""
    year, month, day = m.group(1), m.group(2), m.group(3)
    if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return ""
    return "-".join([year] + [f"{int(p):02d}" for p in (month, day) if p])


def detect_published(text: str) -> str:
    """The date an article states in its header (发稿时间:2024-02-02, 2023-01-29 13:50)."""
    head = text[:600]
    for m in _HEADER_CUE.finditer(head):
        found = _ISO.match(head, m.end())
        if found:
            return _format(found)
    found = _ISO.search(head)
    return _format(found) if found else ""


def _format(m: re.Match[str]) -> str:
    parts = [m.group(1), m.group(2), m.group(3)]
    return normalise_date("-".join(p for p in parts if p))


def year_of(published: str) -> int | None:
    return int(published[:4]) if published[:4].isdigit() else None


def stated_year(window: str, article_year: int | None) -> tuple[int, str] | None:
    """The last year the text states before a figure (2023年, 去年, 今年 …) and how."""
    bases = {m.start() for m in _BASE_YEAR.finditer(window)}
    found: tuple[int, int, str] | None = None
    for m in _YEAR.finditer(window):
        if not any(b <= m.start() <= b + 3 for b in bases):
            found = (m.start(), int(m.group(1)), STATED)
    for m in _RELATIVE_RE.finditer(window):
        if article_year is not None and (found is None or m.start() > found[0]):
            found = (m.start(), article_year + _RELATIVE[m.group(0)], RELATIVE)
    return (found[1], found[2]) if found else None


class Timeline:
    """Every year and period an article states, in reading order, so that the year before
    a figure is a lookup rather than a scan of its paragraph."""

    def __init__(self, text: str, article_year: int | None) -> None:
        years: list[tuple[int, int, str]] = []  # position, year, how it was found
        bases = {m.start(m.lastindex or 0) for m in _BASE_YEAR.finditer(text)}
        for m in _YEAR.finditer(text):
            if m.start() not in bases:
                years.append((m.start(), int(m.group(1)), STATED))
        if article_year is not None:
            for m in _RELATIVE_RE.finditer(text):
                years.append((m.start(), article_year + _RELATIVE[m.group(0)], RELATIVE))
        years.sort()
        self._years = years
        self._year_starts = [y[0] for y in years]
        self._periods = [(m.start(), _period_text(m)) for m in _PERIOD.finditer(text)]
        self._period_starts = [p[0] for p in self._periods]

    def year(self, start: int, end: int) -> tuple[int, str] | None:
        """The last year stated in text[start:end] and how (stated or relative)."""
        i = bisect.bisect_left(self._year_starts, end) - 1
        if i < 0 or self._years[i][0] < start:
            return None
        return self._years[i][1], self._years[i][2]

    def period(self, start: int, end: int) -> str:
        """The part of the year last stated in text[start:end] (1-8月, 前三季度), or ""."""
        i = bisect.bisect_left(self._period_starts, end) - 1
        return self._periods[i][1] if i >= 0 and self._periods[i][0] >= start else ""


def stated_period(window: str) -> str:
    """The part of the year a figure covers (1-8月, 前三季度), or ""."""
    found = ""
    for m in _PERIOD.finditer(window):
        found = _period_text(m)
    return found


def _period_text(m: re.Match[str]) -> str:
    if m.group(1):
        return f"{int(m.group(1))}-{int(m.group(2))}月"
    if m.group(3):
        n = m.group(3)
        months = int(n) if n.isdigit() else _cn_small(n)
        return f"1-{months}月" if months else ""
    if m.group(4):
        return f"1-{int(m.group(4))}月"
    return m.group(5)


def _cn_small(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    return _CN_DIGITS.get(text, 0)
