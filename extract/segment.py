"""Split normalised text into paragraphs, sentences and clauses, keeping offsets.

A sentence ends at 。！？；(and their half-width forms) or a line end; a clause
ends at a comma or colon. 、 joins list items inside one clause, so a cue
such as 新增 at the head of a list reaches every item. A sentence after ；
keeps where its whole sentence began (``lead``): a subject or a goal stated
before ；reaches past it (全省共投入…；R&D经费投入强度为2.26%).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from extract.guard import guarded

_SENTENCE_END = guarded(r"[。！？；!?;]+|……+")
_FULL_STOP = frozenset("。！？!?…")
# A comma between digits is a thousands separator, not a clause boundary.
_CLAUSE_END = guarded(r"[，：:]|,(?!\d{3}(?!\d))|(?<!\d),")


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def text(self, doc: str) -> str:
        return doc[self.start : self.end]


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: Span
    clauses: tuple[Span, ...]
    lead: int  # where the whole sentence began: this start, or before a ；
    _starts: list[int] = field(default_factory=list, compare=False, repr=False)

    def clause_at(self, pos: int) -> Span:
        if not self._starts:
            self._starts.extend(c.start for c in self.clauses)
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.clauses[max(i, 0)]


def _pieces(text: str, start: int, end: int, boundary: re.Pattern[str]) -> Iterator[Span]:
    pos = start
    for m in boundary.finditer(text, start, end):
        if m.end() > pos:
            yield Span(pos, m.end())
        pos = m.end()
    if pos < end:
        yield Span(pos, end)


def paragraphs(text: str) -> Iterator[Span]:
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield Span(pos, pos + len(line))
        pos += len(line) + 1


def sentences(text: str) -> Iterator[Sentence]:
    for para in paragraphs(text):
        lead = para.start
        for s in _pieces(text, para.start, para.end, _SENTENCE_END):
            clauses = tuple(_pieces(text, s.start, s.end, _CLAUSE_END))
            yield Sentence(s.start, s.end, para, clauses, lead)
            if text[s.end - 1] in _FULL_STOP:
                lead = s.end
