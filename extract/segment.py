"""Split normalised text into paragraphs, sentences and clauses, keeping offsets.

A sentence ends at 。！？；(and their half-width forms) or a line end; a clause
ends at a comma or colon. 、 joins list items inside one clause, so a cue
such as 新增 at the head of a list reaches every item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[。！？；!?;]+|……+")
# A comma between digits is a thousands separator, not a clause boundary.
_CLAUSE_END = re.compile(r"[，：:]|,(?!\d{3}(?!\d))|(?<!\d),")


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

    def clause_at(self, pos: int) -> Span:
        for clause in self.clauses:
            if clause.start <= pos < clause.end:
                return clause
        return self.clauses[-1]


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
        for s in _pieces(text, para.start, para.end, _SENTENCE_END):
            clauses = tuple(_pieces(text, s.start, s.end, _CLAUSE_END))
            yield Sentence(s.start, s.end, para, clauses)
