"""分别: figures after it pair, in order, with the things named before it.

* a list of regions (成都、绵阳和德阳分别达到…; 其余四市占比分别为…, the rest of the list
  named earlier) gives each figure its region;
* a list of metrics (小巨人企业、高新技术企业、科技型企业分别达到118家、5108家、3.69万家)
  gives each figure its metric;
* otherwise each figure follows the figure as far back as it stands forward
  (高新技术企业7565家，科技型企业5.7万家，分别增长21.1%和32.6%).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extract import catalogue
from extract.classify import Cue, cues_between
from extract.gazetteer import Region
from extract.numbers import Quantity
from extract.segment import Sentence
from extract.subjects import Subject, Subjects, rest_count

_PAIRED = ("count", "money", "percent", "rank")
_LIST_GAP = 6  # 成都、绵阳、德阳等地，分别…: what may stand between a list and 分别


@dataclass(frozen=True)
class Pair:
    region: Region | None = None  # from a list of regions before 分别
    cue: Cue | None = None  # from a list of metrics before 分别
    back: int = 0  # else: how many readings back the figure it follows stands


def pairs(
    text: str,
    sentence: Sentence,
    quantities: list[Quantity],
    subjects: Subjects,
    subject_at: Callable[[Sentence, int], Subject | None],
) -> dict[int, Pair]:
    """Figure start → its pair, for the figures after each 分别 of ``sentence``."""
    found: dict[int, Pair] = {}
    for m in catalogue.word_group("respectively").finditer(text, sentence.start, sentence.end):
        clause = sentence.clause_at(m.start())
        after = [q for q in quantities if m.end() <= q.start < clause.end and q.family in _PAIRED]
        if len(after) < 2:
            continue
        regions = _regions(subjects, subject_at(sentence, m.start())) or _list_before(
            text, sentence, quantities, subjects, m.start()
        )
        cues = cues_between(text, sentence, clause.start, m.start())
        for i, q in enumerate(after):
            found[q.start] = Pair(
                region=regions[i] if len(regions) == len(after) else None,
                cue=cues[i] if len(cues) == len(after) else None,
                back=len(after) - i,
            )
    return found


def _list_before(
    text: str, sentence: Sentence, quantities: list[Quantity], subjects: Subjects, pos: int
) -> tuple[Region, ...]:
    """…居前的是成都、绵阳、德阳，分别达到…: a list of regions just before 分别, with no
    figure between."""
    listed = subjects.last_list(pos)
    if listed is None or listed[0] < sentence.start:
        return ()
    between = text[listed[1] : pos]
    if len(between) > _LIST_GAP or any(listed[1] <= q.start < pos for q in quantities):
        return ()
    return listed[2]


def _regions(subjects: Subjects, subject: Subject | None) -> tuple[Region, ...]:
    """The regions a list subject names, in order (其余四市: the list's rest)."""
    if subject is None:
        return ()
    if subject.kind == "regions":
        return subject.regions
    if subject.kind != "rest":
        return ()
    listed = subjects.last_list(subject.start)
    if listed is None:
        return ()
    named = {r for m in subjects.mentions_between(listed[1], subject.start) for r in m.candidates}
    rest = tuple(r for r in listed[2] if r not in named)
    count = rest_count(subject.word)
    return rest if count in (None, len(rest)) else ()
