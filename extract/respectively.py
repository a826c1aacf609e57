"""分别: figures after it pair, in order, with the things named before it.

* a list of regions (成都、绵阳和德阳分别达到…; 其余四市占比分别为…, the rest of the list
  named earlier) gives each figure its region;
* a list of metrics (小巨人企业、高新技术企业、科技型企业分别达到118家、5108家、3.69万家)
  gives each figure its metric;
* otherwise each figure follows the figure as far back as it stands forward
  (高新技术企业7565家，科技型企业5.7万家，分别增长21.1%和32.6%).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extract import catalogue
from extract.classify import Cue, cues_between
from extract.gazetteer import Region
from extract.numbers import Quantity
from extract.segment import Sentence
from extract.subjects import Subject, Subjects, rest_count

_PAIRED = ("count", "money", "percent", "rank")
_REST_LISTS = 3  # how many lists back the one 其余 refers to may stand
_LIST_GAP = 6  # 成都、绵阳、德阳等地，分别…: what may stand between a list and 分别
# a list of fields or trades right before 分别 (…、新材料三大领域，分别)
_FIELDS = re.compile(
    r"、[^，,。；;、]{1,12}?(?:等)?(?:[两三四五六七八九十]大)?(?:领域|行业|产业|门类|板块)(?:的?企业)?[，,]?$"
)


@dataclass(frozen=True)
class Pair:
    region: Region | None = None  # from a list of regions before 分别
    cue: Cue | None = None  # from a list of metrics before 分别
    back: int = 0  # else: how many readings back the figure it follows stands
    unnamed: bool = False  # its item of the list names no metric (独角兽企业): no fact


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
        items = _items(text, sentence, clause.start, m.start(), len(after))
        if not regions and not items:  # A、B、C分别投入…。R&D经费投入强度分别为…: the same list
            regions = _list_of_sentence_before(subjects, sentence, m.start(), len(after))
        # 电子信息、新材料等三大领域，分别占…: the figures are the fields', no region's
        fields = not regions and _FIELDS.search(text, sentence.start, m.start()) is not None
        for i, q in enumerate(after):
            found[q.start] = Pair(
                region=regions[i] if len(regions) == len(after) else None,
                cue=items[i] if items else None,
                back=len(after) - i,
                unnamed=fields or (bool(items) and items[i] is None and len(regions) != len(after)),
            )
    return found


def _items(text: str, sentence: Sentence, start: int, end: int, count: int) -> list[Cue | None]:
    """瞪羚企业、独角兽企业、上市企业分别…: the metric of each item of the list before 分别
    (None for an item the catalogue has no metric for), when the items match the figures."""
    pieces, pos = [], start
    for m in catalogue.word_group("list_join").finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    if len(pieces) != count:
        return []
    cues = [cues_between(text, sentence, a, b) for a, b in pieces]
    if not any(cues):
        return []
    return [found[-1] if found else None for found in cues]


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


def _list_of_sentence_before(
    subjects: Subjects, sentence: Sentence, pos: int, count: int
) -> tuple[Region, ...]:
    """The list of regions the sentence before, in this paragraph, paired figures with."""
    for start, _, regions in subjects.lists_before(pos, 1):
        if sentence.paragraph.start <= start < sentence.start and len(regions) == count:
            return regions
    return ()


def _regions(subjects: Subjects, subject: Subject | None) -> tuple[Region, ...]:
    """The regions a list subject names, in order (其余四市: the list's rest)."""
    if subject is None:
        return ()
    if subject.kind == "regions":
        return subject.regions
    if subject.kind not in ("rest", "first"):
        return ()
    count = rest_count(subject.word)
    if subject.kind == "first":  # 前三市: the first of the latest list that has as many
        for _, _, regions in subjects.lists_before(subject.start, _REST_LISTS):
            if count is not None and len(regions) > count:
                return regions[:count]
        return ()
    # the list it is the rest of: the latest one that, less the regions named since, has
    # as many left as it says (其中达州高新区、通川区…，其余四县一市: the longer list before)
    for _, end, regions in subjects.lists_before(subject.start, _REST_LISTS):
        named = {r for m in subjects.mentions_between(end, subject.start) for r in m.candidates}
        rest = tuple(r for r in regions if r not in named)
        if rest and count in (None, len(rest)):
            return rest
        if count is not None and len(rest) > count:  # 前三市…，其余四市: the list's last four
            return rest[-count:]
    return ()
