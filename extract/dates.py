"""Dates: the article's own date, and the year and period each figure refers to."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from extract import catalogue, paths
from extract.guard import guarded
from extract.numerals import parse_number
from extract.segment import paragraphs
from extract.vocabulary import ARTICLE_DATE, RELATIVE, STATED

# a date, not a year's period (2024年1-10月)
_ISO = re.compile(r"(20\d\d|19\d\d)[-/.年](\d{1,2})(?![-—~至到]\d{1,2}月)(?:[-/.月](\d{1,2})日?)?")
_YEAR = re.compile(r"(?<![\d.])(20\d\d)年(?:度)?")
# Periods written with numbers: 1-8月, 前8个月 (前八个月), 截至8月.
_PERIOD_NUMBERS = (
    r"(\d{1,2})\s*[-—~至到]\s*(\d{1,2})月"
    r"|前(\d{1,2}|[一二三四五六七八九十]{1,2})(?:个)?月"
    r"|截至(?:20\d\d年|今年|去年)?(\d{1,2})月"
)


@cache
def _period_words() -> dict[str, str]:
    return {
        r["word"]: r["period"] for r in catalogue.read_csv_rows(paths.CATALOGUE / "periods.csv")
    }


@cache
def _period_pattern() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(_period_words(), key=len, reverse=True)))
    return guarded(f"{_PERIOD_NUMBERS}|({words})")


@cache
def _year_pattern() -> re.Pattern[str]:
    """A stated year (2023年, 二〇二三年度) or a year word (去年, 今年)."""
    alternatives = "|".join(map(re.escape, sorted(_year_words(), key=len, reverse=True)))
    return guarded(r"(?<![\d.])(20\d\d|二〇[〇一二三四五六七八九]{2})年(?:度)?|" + alternatives)


@cache
def _header_labels() -> re.Pattern[str]:
    """发布时间： and the other labels a date follows in a page's header (page_labels.csv)."""
    rows = catalogue.read_csv_rows(paths.CATALOGUE / "page_labels.csv")
    words = sorted((r["label"] for r in rows if r["role"] == "date"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + r")[:：]?\s*")


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
    for m in _header_labels().finditer(head):
        found = _ISO.match(head, m.end())
        if found:
            return _format(found)
    found = _ISO.search(head)
    return _format(found) if found else ""


def starts_with_date(line: str) -> bool:
    """A header line that opens with a date (2022年12月22日17:31 | 来源:四川日报)."""
    return _ISO.match(line.strip()) is not None


def _format(m: re.Match[str]) -> str:
    parts = [m.group(1), m.group(2), m.group(3)]
    return normalise_date("-".join(p for p in parts if p))


def year_of(published: str) -> int | None:
    return int(published[:4]) if published[:4].isdigit() else None


@cache
def _year_words() -> dict[str, tuple[str, int]]:
    rows = catalogue.read_csv_rows(paths.CATALOGUE / "years.csv")
    return {r["word"]: (r["counts_from"], int(r["offset"])) for r in rows}


@dataclass(frozen=True)
class _Year:
    pos: int
    year: int
    source: str  # stated, relative or article_date


_HEADING_CHARS = 30  # a line this short without a full stop is a heading or a title
_LEAD_WITHIN = 2  # the lead is the first or second paragraph of running text
_LEAD_CHARS = 50  # the first paragraph this long is the article's lead
_LEAD_SENTENCE_CHARS = 20  # a lead of whole sentences may be shorter
_NUMERAL = "[\\d一二三四五六七八九十]"
_NUMBERED = re.compile(rf"(?:\d{{1,2}}[.、．]|{_NUMERAL}+、|[(（]{_NUMERAL}+[)）])")  # 3. (二) 一、
_CN_YEAR_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")
_LEAD = "lead"  # a section year read from the lead paragraph, not from a heading
_NOT_HEADING = re.compile(r"[。；;！!？?]|20\d\d年\d{1,2}月")  # a sentence, or a date line


class Timeline:
    """Every year and period an article states, in reading order, so that the year before
    a figure is a lookup rather than a scan of its paragraph.

    A year is the figure's own (2023年，全市…), a comparison base or starting point that is
    nobody's (较2015年增长, 2018年以来), the year of the one figure right after it
    (从2021年的40.1%, 较上年的180亿元), or a deadline, the year of goals only (到2027年).
    目前 and its like say "as of the article's date". A year in a heading or a title
    (一、2023年工作回顾; 广元市2021年国民经济和社会发展统计公报) or the lead's first year
    (记者从会上获悉，2024年，…) reaches the paragraphs after it that state none, when it
    is the article's year or the one before: the year the report is about.
    """

    def __init__(self, text: str, article_year: int | None) -> None:
        words = _year_words()
        group = catalogue.word_group
        plain: list[_Year] = []
        own: list[_Year] = []
        deadlines: list[_Year] = []
        now: list[_Year] = []
        context: int | None = None  # the year the paragraph last stated
        latest: _Year | None = None  # the year last stated in any paragraph
        unanchored: list[tuple[_Year, int]] = []  # 上年 in a paragraph that states no year
        last = 0
        for m in _year_pattern().finditer(text):
            if "\n" in text[last : m.start()]:
                context = None  # 上年 counts from a year of its own paragraph
            last = m.start()
            if words.get(m.group(0), ("",))[0] == "previous":
                # 同期，乐山市…: the time the text spoke of last, at a clause's head only
                # (比去年同期 is no year of its own)
                opens = m.start() == 0 or text[m.start() - 1] in "\n，,。；;：:"
                if not opens or latest is None:
                    continue
                found: _Year | None = _Year(m.start(), latest.year, latest.source)
            else:
                found = self._read(m, words, context, article_year)
                counts_from, offset = words.get(m.group(0), ("", 0))
                if found is not None and counts_from == "context" and not context:
                    unanchored.append((found, offset))
            if found is None or _in_aside(text, m.start()):
                continue  # (…，2019年数据待发布): an aside's year dates no figure after it
            before = text[max(0, m.start() - 3) : m.start()].rpartition("\n")[2]  # its line's
            after = text[m.end() : m.end() + 3]
            marked = any(
                group(g).search(before) for g in ("year_base", "year_from", "year_deadline")
            )
            goal_year = group("goal_lead").match(text, m.end()) is not None
            opens = m.start() == 0 or text[m.start() - 1] in "\n。！？!?"
            if words.get(m.group(0), ("",))[0] == "now" and not opens:
                # 全年新认定41家，目前有效187家；新认定26家: 目前 inside a sentence dates its
                # own clause only (one that opens a sentence goes on, as any year)
                now.append(found)
                latest = found  # 同期 after it is that time
            elif goal_year:
                deadlines.append(found)  # 今年力争增长7%: the year of that goal, no other figure's
            elif group("year_then").match(after):
                own.append(found)  # 上年同期为29家: that figure's year only
            elif marked and group("year_own").match(after):
                own.append(found)  # 从2021年的40.1%下降至2022年的16.4%: the figure's own year
                if group("year_deadline").search(before) and found.year <= (article_year or 0):
                    plain.append(found)  # 增加到2020年的41家; 强度达到0.42%: 2020's too
            elif group("year_deadline").search(before) and (
                article_year is None or found.year >= article_year
            ):
                deadlines.append(found)  # 到2027年; 到“十三五”末 in 2021 is no deadline
            elif not (
                group("year_base").search(before)
                or group("year_from").search(before)
                or group("year_since").match(after)
            ):
                plain.append(found)
                latest = found
            if not goal_year and (
                found.source == STATED or words.get(m.group(0), ("",))[0] == "article"
            ):
                context = found.year  # 去年…，较上年的1.71%: 上年 counts from 去年's year
        self._years = {"plain": plain, "own": own, "deadlines": deadlines, "now": now}
        self._starts = {name: [y.pos for y in ys] for name, ys in self._years.items()}
        self._article_year = article_year or 0
        self._sections = self._section_years(text, plain, article_year)
        self._section_starts = [y.pos for y in self._sections]
        # 一、2018年工作回顾 … 由上年的9家增加到16家: 上年 counts from the section's year
        moved = {}
        for found, offset in unanchored:
            section = self._section_year(found.pos, False)
            if section is not None and section.year + offset != found.year:
                moved[found] = _Year(found.pos, section.year + offset, RELATIVE)
        if moved:
            self._years = {name: [moved.get(y, y) for y in ys] for name, ys in self._years.items()}
        self._periods = [(m.start(), _period_text(m)) for m in _period_pattern().finditer(text)]
        self._period_starts = [p[0] for p in self._periods]
        self._marks = [m.start() for m in _CLAUSE_MARK.finditer(text)]
        self._stops = [m.start() for m in _CLAUSE_STOP.finditer(text)]

    @staticmethod
    def _read(
        m: re.Match[str],
        words: dict[str, tuple[str, int]],
        context: int | None,
        article_year: int | None,
    ) -> _Year | None:
        if m.group(1):
            digits = m.group(1).translate(_CN_YEAR_DIGITS)  # 二〇二六 → 2026
            return _Year(m.start(), int(digits), STATED)
        counts_from, offset = words[m.group(0)]
        if counts_from == "fixed":
            return _Year(m.start(), offset, STATED)
        if article_year is None:
            return None
        if counts_from == "now":
            return _Year(m.start(), article_year, ARTICLE_DATE)
        base = context if counts_from == "context" and context else article_year
        return _Year(m.start(), base + offset, RELATIVE)

    @staticmethod
    def _section_years(text: str, plain: list[_Year], article_year: int | None) -> list[_Year]:
        """The year each heading (and the lead) sets for the paragraphs after it."""
        if article_year is None:
            return []
        starts = [y.pos for y in plain]
        sections: list[_Year] = []
        lead_seen = False
        body = 0  # paragraphs of running text so far: the lead is one of the first
        for k, para in enumerate(paragraphs(text)):
            line = text[para.start : para.end].strip()
            heading = len(line) <= _HEADING_CHARS and not _NOT_HEADING.search(line)
            # a long title at the head (…关于2023年度…培育工作情况的通报) heads the page too
            heading = heading or (k < _TITLE_LINES and _title_like(line) and not sections)
            body += not heading and "。" in line  # bylines and banners are no running text
            short = len(line) < (_LEAD_CHARS if "。" not in line else _LEAD_SENTENCE_CHARS)
            item = _NUMBERED.match(line) is not None  # 3.研发投入。…: an item, no lead
            if not heading and (lead_seen or short or item or body > _LEAD_WITHIN):
                continue
            lead_seen = lead_seen or not heading
            i = bisect.bisect_left(starts, para.start)
            found = plain[i] if i < len(plain) and plain[i].pos < para.end else None
            if found is not None and article_year - 1 <= found.year:
                source = STATED if heading else _LEAD
                sections.append(_Year(para.end, found.year, source))
            elif heading and found is not None:
                sections.append(_Year(para.end, article_year, ARTICLE_DATE))  # a year past
        return sections

    def year(self, start: int, end: int, own_start: int, goal: bool) -> tuple[int, str] | None:
        """The year last stated in text[start:end] (the figure's paragraph up to it) for a
        figure whose own words begin at ``own_start``; deadlines count only for a goal;
        else, unless a part of the year is stated (1-5月: the article's year), the year
        of the heading or lead above it."""
        own = self._last("own", own_start, end)
        if own is not None and self._mark_between(own.pos, end):
            own = None  # 是2017年的2倍多，总数达到35家: the year was a figure's of its own clause
        now = self._last("now", start, end)
        if now is not None and _between(self._stops, now.pos, end):
            now = None
        found = [
            self._last("plain", start, end),
            own,
            self._last("deadlines", start, end) if goal else None,
            now,
        ]
        best = max((y for y in found if y is not None), key=lambda y: y.pos, default=None)
        if best is None and not self.period(start, end):  # 1-5月 with no year: this year's
            best = self._section_year(start, goal)
        return (best.year, best.source) if best else None

    def _mark_between(self, start: int, end: int) -> bool:
        return _between(self._marks, start, end)

    def _section_year(self, pos: int, goal: bool) -> _Year | None:
        """The heading's year for a figure at ``pos``, or the lead's: a value takes one of
        the past (the report's year), a goal only a heading's (二、2024年主要目标)."""
        i = bisect.bisect_right(self._section_starts, pos) - 1
        found = self._sections[i] if i >= 0 else None
        if found is None or found.source == ARTICLE_DATE:
            return None
        if goal:
            return found if found.source == STATED else None
        if found.year > self._article_year:
            return None
        return _Year(found.pos, found.year, STATED)

    def own_year(self, start: int, end: int) -> int | None:
        """The year written right before a figure (从2021年的…), in text[start:end]."""
        found = self._last("own", start, end)
        return found.year if found else None

    def _last(self, name: str, start: int, end: int) -> _Year | None:
        years = self._years[name]
        i = bisect.bisect_left(self._starts[name], end) - 1
        return years[i] if i >= 0 and years[i].pos >= start else None

    def period(self, start: int, end: int) -> str:
        """The part of the year last stated in text[start:end] (1-8月, 前三季度), or ""."""
        i = bisect.bisect_left(self._period_starts, end) - 1
        return self._periods[i][1] if i >= 0 and self._periods[i][0] >= start else ""


_CLAUSE_MARK = re.compile(r"[，,；;。！？!?]")
_CLAUSE_STOP = re.compile(r"[；;。！？!?\n]")  # where what 目前 says of its clause ends


def _between(positions: list[int], start: int, end: int) -> bool:
    """Is one of the sorted ``positions`` in [start, end)?"""
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


_YEAR_NOTE = re.compile(
    r"\s*[(（](20\d\d)年(?:度)?(?:数据|数|值)?[)）]"
    r"|\s*[—―-]{1,2}\s*(?:这就是|这是|即)[^，,。；;\d]{0,8}(20\d\d)年"  # 31家——这是全区2019年…
)


_TITLE_LINES = 4  # a title stands among a page's first lines
_TITLE_CHARS = 60


def _title_like(line: str) -> bool:
    """A title's line: short, no sentence, and it names a year's report (…2023年度…)."""
    return len(line) <= _TITLE_CHARS and "。" not in line and "年度" in line


_ASIDE_CHARS = 30  # how far an aside's brackets reach around a year


def _in_aside(text: str, pos: int) -> bool:
    """Is ``pos`` inside brackets that open and close close by, on its line?"""
    opened = text.rfind("(", max(0, pos - _ASIDE_CHARS), pos)
    closed = text.find(")", pos, pos + _ASIDE_CHARS)
    return (
        opened >= 0
        and closed >= 0
        and ")" not in text[opened:pos]
        and "(" not in text[pos:closed]
        and "\n" not in text[opened:closed]
    )


def year_note(text: str, pos: int) -> int | None:
    """强度达到0.71%(2016年数据): the year a bracket right after a figure gives it, or the
    words that say what it is (31家——这是全区2019年有效高新技术企业的数量)."""
    m = _YEAR_NOTE.match(text, pos)
    return int(m.group(1) or m.group(2)) if m else None


def period_in(words: str) -> str:
    """The part of the year a short text names (a table's header: 上半年完成 → 1-6月), or ""."""
    m = _period_pattern().search(words)
    return _period_text(m) if m else ""


def _period_text(m: re.Match[str]) -> str:
    if m.group(1):
        return f"{int(m.group(1))}-{int(m.group(2))}月"
    if m.group(3):
        months = parse_number(m.group(3))
        return f"1-{int(months)}月" if months else ""
    if m.group(4):
        return f"1-{int(m.group(4))}月"
    return _period_words()[m.group(5)]
