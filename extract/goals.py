"""Where an article sets goals, so that a figure there is a target even when its own clause
has no goal word (FACTS.md: a goal is a ``target``, never a ``value``).

A goal reaches, until words of what has happened (已, 目前, 去年, an earlier year) end it:

* the rest of its sentence, from a goal word (力争实现…增长10%以上，…，净增规上工业企业100户);
* the rest of its paragraph, from a deadline (到2026年，建立…。国家高新技术企业达到300家以上);
* a whole paragraph that opens with a goal heading (总体目标：…), or the paragraphs after a
  heading line of goals (2021年主要目标) up to the next heading line.
"""

from __future__ import annotations

import bisect
import re

from extract import catalogue
from extract.segment import Sentence, Span, paragraphs

_YEAR = re.compile(r"(20\d\d)年")
_QUOTED_GOAL = re.compile(r"“([^“”\n]{4,120})”的?(?:发展|奋斗|工作)?(?:目标|任务)")
_HEADING_CHARS = 25  # a line this short without a full stop is a heading
_FULL_STOP = re.compile(r"[。；;！!？?]")
_ITEM_MARKS = ("—", "•", "·", "●", "▪", "-", "*", "①", "②", "③", "④", "⑤")


class Goals:
    def __init__(self, text: str, article_year: int | None) -> None:
        self.text = text
        leads = [m.start() for m in catalogue.word_group("goal_lead").finditer(text)]
        deadlines = [
            m.start()
            for m in catalogue.word_group("target_sentence").finditer(text)
            if article_year is None or _year_in(m.group(0), article_year) >= article_year
        ]
        pasts = [m.start() for m in catalogue.word_group("past").finditer(text)]
        if article_year is not None:
            pasts += [m.start() for m in _YEAR.finditer(text) if int(m.group(1)) < article_year]
        self._leads, self._deadlines, self._pasts = leads, deadlines, sorted(pasts)
        self._sections = self._goal_sections(text)
        # 提出“高新技术企业突破300家、…”的目标: the words a goal quotes
        self._quoted_goals = [m.span(1) for m in _QUOTED_GOAL.finditer(text)]

    @staticmethod
    def _goal_sections(text: str) -> list[tuple[int, int]]:
        """Spans of paragraphs that are goals by their heading."""
        heading = catalogue.word_group("goal_heading")
        spans: list[tuple[int, int]] = []
        open_at: int | None = None
        for para in paragraphs(text):
            line = text[para.start : para.end].strip()
            is_heading = (
                len(line) <= _HEADING_CHARS
                and not _FULL_STOP.search(line)
                and not line.endswith(("：", ":"))  # 重点抓好以下工作：leads in, heads nothing
                and "，" not in line
                and not line.startswith(_ITEM_MARKS)  # ——高新技术企业达到28家: an item
            )
            if heading.match(line) and not is_heading:
                spans.append((para.start, para.end))  # 总体目标：… opens its paragraph
            if is_heading:
                if open_at is not None:
                    spans.append((open_at, para.start))
                open_at = para.end if heading.search(line) else None
        if open_at is not None:
            spans.append((open_at, len(text)))
        return spans

    def at(self, sentence: Sentence, pos: int, context: int | None = None) -> bool:
        """Is a figure at ``pos`` in a goal's reach? ``context``, before its paragraph, is
        the lead-in its list item hangs from (到2025年，主要目标：/ • …), which reaches it."""
        para: Span = sentence.paragraph
        lead_in = context is not None and context < para.start
        since = max(
            _last(self._leads, context if lead_in else sentence.lead, pos),
            _last(self._deadlines, context if lead_in else para.start, pos),
            self._section_start(pos, para.start),
        )
        if since >= 0 and _last(self._pasts, since, pos) < 0:
            return True
        return any(start <= pos < end for start, end in self._quoted_goals)

    def _section_start(self, pos: int, paragraph_start: int) -> int:
        for start, end in self._sections:
            if start <= pos < end:
                return paragraph_start
        return -1


def _last(positions: list[int], start: int, end: int) -> int:
    """The last of the sorted ``positions`` in [start, end), or -1."""
    i = bisect.bisect_left(positions, end) - 1
    return positions[i] if i >= 0 and positions[i] >= start else -1


def _year_in(word: str, default: int) -> int:
    m = _YEAR.search(word)
    return int(m.group(1)) if m else default
