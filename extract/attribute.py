"""Whom a figure is about: the region, and the part of it (scope) when it is a park or zone.

The last subject before a figure in its sentence decides (``subjects`` reads them):
nothing or the article's own region → that region; 全市/全省 → the city or province
that holds it; another region → that region; a zone or park inside the region → the
region with that part as scope; 园区 or 入驻 → the place named last, which is the region
itself when the article is about that zone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from extract import catalogue, paths
from extract.gazetteer import Gazetteer, Mention, Region
from extract.segment import Sentence
from extract.subjects import Subject, Subjects


@dataclass(frozen=True)
class Attribution:
    region: Region
    scope: str


def names_whole(word: str, region: Region) -> bool:
    """Can 全市 / 全区 / 我州 … stand for ``region``? Its last character names the kind of
    region, as the region's own name ends (重庆市 is a 市, 绵阳高新区 a 区, 凉山彝族自治州 a 州)."""
    return region.name.endswith(word[-1])


@cache
def _zone_kinds() -> dict[str, str]:
    """高新区 → gxq: the zone kind a bare zone word names."""
    rows = catalogue.read_csv_rows(paths.DATA / "gazetteer" / "zone_words.csv")
    return {r["written"]: r["kind"] for r in rows if r["kind"]}


_ITEM_BREAKS = ("、", "，", ",", "：", ":", "；", ";")
_ITEM_CHARS = 24  # how far back an item's region may stand
_LIST_OPENER = re.compile(r"(?:分别|依次)(?:为|是)[:：]?")  # the first item of a list follows it


class Attributor:
    """Attribution for one article, given its main region and its normalised text."""

    def __init__(
        self, gazetteer: Gazetteer, main: Region | None, text: str, subjects: Subjects | None = None
    ) -> None:
        self.gaz = gazetteer
        self.main = main
        self.text = text
        self.subjects = subjects or Subjects(gazetteer, text)
        self._anaphora = [m.start() for m in catalogue.word_group("anaphora").finditer(text)]
        # per sentence: its start, clause starts, running subjects, the subject carried in
        self._sentence: tuple[int, list[int], list[Subject | None], Subject | None] | None = None
        self._opening: dict[int, Subject | None] = {}  # the subject a sentence opened with
        # the region a paragraph named as a subject last: (the paragraph's start, it)
        self._named: tuple[int, Subject | None] = (-1, None)

    def subject_at(self, sentence: Sentence, pos: int) -> Subject | None:
        """The last clause subject before ``pos`` in its sentence, or, after a ；, the
        subject the whole sentence opened with (全区…，全市同期增长5.9%；规模以上工业总产值…:
        全区, not the 全市 of the aside)."""
        if self._sentence is None or self._sentence[0] != sentence.start:
            carried = self._opening.get(sentence.lead) if sentence.lead < sentence.start else None
            if carried is not None and not self._carries(carried):
                carried = None
            starts, running, last = [], [], None
            para = sentence.paragraph.start
            named = self._named[1] if self._named[0] == para else None
            depth, read_to = 0, sentence.start  # brackets open before the clause
            for clause in sentence.clauses:  # once per sentence: figures only look up
                found = self.subjects.clause_subject(clause.start, clause.end, self.main)
                words = self.text[read_to : clause.start]
                depth, read_to = depth + words.count("(") - words.count(")"), clause.start
                aside = depth > 0
                if found is not None and (found.kind == "org" or aside):
                    # 金凤实验室已组建…, (…2019年数据待市统计局发布): its own clause only
                    starts.append(clause.start)
                    running.append(found)
                    continue
                before = last or named  # the sentence's subject, else the paragraph's
                if found is not None and before is not None and self._parent_whole(found, before):
                    found = before  # 德阳市深入实施…，全市…突破300家 in an article about 绵竹市
                last = found or last
                if found is not None and found.kind == "region":
                    named = found
                starts.append(clause.start)
                running.append(last)
            self._named = (para, named)
            self._sentence = (sentence.start, starts, running, carried)
            if sentence.lead == sentence.start:
                self._opening = {sentence.lead: self._carried_on(running)}
            elif running and running[0] is not None and self._carries(running[0]):
                # …；我区1-10月…增长8.4%；实现…742.6亿元: a part that opens with a subject of
                # its own hands it on to the parts after it
                self._opening[sentence.lead] = self._carried_on(running)
        _, starts, running, carried = self._sentence
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0 and running[i] is not None and running[i].start >= pos:
            i -= 1
        return running[i] if i >= 0 and running[i] is not None else carried

    def _parent_whole(self, whole: Subject, before: Subject) -> bool:
        """Does 全市 mean the larger region the sentence (or its paragraph) named before it,
        not the article's?"""
        if whole.kind != "whole" or not whole.word.startswith("全") or before.kind != "region":
            return False
        region, main = before.region, self.main
        return (
            region is not None and main is not None and region != main
            and names_whole(whole.word, region) and self.gaz.is_within(main, region)
        )  # fmt: skip

    def region_named(self, start: int, end: int) -> Region | None:
        """The region written at text[start:end] (绵阳全市, 全区), if it names one."""
        subject = self.subjects.clause_subject(start, end, self.main)
        if subject is None or subject.kind not in ("region", "whole"):
            return None
        return self._region_of(subject)

    def _carried_on(self, running: list[Subject | None]) -> Subject | None:
        """What reaches past a ；: the last subject, unless it is a larger whole the opening
        subject was compared with (全区…，全市同期增长5.9%；… stays 全区's), in which case the
        opening one."""
        named = [r for r in running if r is not None]
        if not named:
            return None
        first, last = named[0], named[-1]
        inner, outer = self._region_of(first), self._region_of(last)
        if inner is not None and outer is not None and inner != outer:
            return first if self.gaz.is_within(inner, outer) else last
        return first

    def _region_of(self, subject: Subject) -> Region | None:
        if subject.kind == "region":
            return subject.region
        return self._whole(subject.word) if subject.kind == "whole" else None

    def _carries(self, subject: Subject) -> bool:
        """A subject reaches past a ；unless it is a list, a breakdown (其中峨眉山市、…) or an
        organisation, whose figures are its own clause's."""
        if subject.kind in ("regions", "rest", "first", "org"):
            return False
        return not catalogue.word_group("breakdown_lead").search(
            self.text, max(0, subject.start - 3), subject.start
        )

    def attribute(
        self, sentence: Sentence, pos: int, named: Region | None = None
    ) -> Attribution | None:
        """Region and scope for a figure at ``pos``; None when it is no region of ours.
        ``named`` is the region a list pairs with the figure (成都、绵阳分别…)."""
        if named is not None:
            return self._region(named)
        item = self._item_region(sentence, pos)
        if item is not None:  # 顺庆36家、高坪41家: each item names its own region
            return self._region(item)
        subject = self.subject_at(sentence, pos)
        i = bisect.bisect_left(self._anaphora, sentence.start)
        last = bisect.bisect_left(self._anaphora, pos) - 1  # the last 园区 before the figure
        # 深入园区摸排企业，全区科技型企业突破500家: a subject named after it is the figure's
        if last >= i and (subject is None or subject.start < self._anaphora[last]):
            return self._place_ref(sentence, pos)
        return self._resolve(subject, sentence, pos)

    def _item_region(self, sentence: Sentence, pos: int) -> Region | None:
        """The region an item of a list opens with, right before its figure (、高坪41家)."""
        lo = max(sentence.start, pos - _ITEM_CHARS)  # an item is short: a bounded look back
        start = max(lo, *(self.text.rfind(d, lo, pos) + 1 for d in _ITEM_BREAKS))
        # 分别为临江新区37家、顺庆区21家 / 增速分别为：市中区8.2%、…: the first item
        opener = _LIST_OPENER.search(self.text, max(lo, start - 4), pos)
        if opener is not None:
            start = opener.end()
        elif start <= sentence.start or self.text[start - 1] != "、":
            return None  # a clause's subject is found by clause; an item follows a 、
        found = self.subjects.mentions_between(start, pos)
        if len(found) != 1 or found[0].start != start:
            return None
        region = self._one_of(found[0])
        gap = self.text[found[0].end : pos]
        item_gap = catalogue.word_group("item_gap")  # 高坪41家, 高坪有41家
        return region if region is not None and item_gap.fullmatch(gap) else None

    def _one_of(self, mention: Mention) -> Region | None:
        """The region a name stands for: its one candidate, or (市中区) the one candidate that
        lies in the article's region."""
        if len(mention.candidates) == 1:
            return mention.candidates[0]
        main = self.main
        inside = [c for c in mention.candidates if main is not None and self.gaz.is_within(c, main)]
        return inside[0] if len(inside) == 1 else None

    def _resolve(self, subject: Subject | None, sentence: Sentence, pos: int) -> Attribution | None:
        main = self.main
        if subject is None:
            return Attribution(main, "") if main else None
        kind = subject.kind
        if kind == "region" and subject.region is not None:
            return self._region(subject.region)
        if kind == "whole":
            region = self._whole(subject.word)
            return Attribution(region, "") if region else None
        if kind == "zone_word":
            return self._zone_word(subject.word)
        if kind == "place_ref":
            return self._place_ref(sentence, pos)
        if kind == "park" and main is not None:
            return Attribution(main, subject.word)
        return None  # foreign places, and lists no pairing resolved

    def _region(self, region: Region) -> Attribution:
        main = self.main
        inside = region.level == "zone" and region != main and main is not None
        # a zone inside a city or county is its part; a province's zones stand beside its
        # cities, compared as regions of their own
        if inside and main.level != "province" and self.gaz.is_within(region, main):
            return Attribution(main, region.name)
        return Attribution(region, "")

    def _zone_word(self, word: str) -> Attribution | None:
        """高新区 without a name: the article's zone, else its region's zone as a scope."""
        main = self.main
        if main is None:
            return None
        word = word[1:] if len(word) > 3 else word  # 县经开区: the county's 经开区
        if main.level == "zone" and main.name.endswith(word):
            return Attribution(main, "")
        kind = _zone_kinds().get(word)
        zone = self.gaz.by_code(f"Z{main.code}-{kind}") if kind else None
        return Attribution(main, zone.name if zone else word)

    def _whole(self, word: str) -> Region | None:
        """全市 / 全省 / 全区 …: the article's region or the nearest ancestor of that kind;
        None for 全国 and 我国, which are no region of the gazetteer."""
        if self.main is None:
            return None
        for region in (self.main, *self.gaz.ancestors(self.main)):
            if names_whole(word, region):
                return region
        return None

    def _place_ref(self, sentence: Sentence, pos: int) -> Attribution | None:
        """在园的企业中, 园区实现…: the zone or park named last in this paragraph or the one
        before; the region itself when that is the article's zone."""
        main = self.main
        if main is None:
            return None
        place = self.subjects.last_place(sentence.paragraph.start, pos)
        if place is None and sentence.paragraph.start > 0 and main.level != "zone":
            # in a zone's article, 园区 with no park in its paragraph is the zone itself
            prev_start = self.text.rfind("\n", 0, sentence.paragraph.start - 1) + 1
            place = self.subjects.last_place(prev_start, sentence.paragraph.start)
        if place is None:
            return Attribution(main, "" if main.level == "zone" else "园区")
        if place.region is not None:
            if place.region == main:
                return Attribution(main, "")
            if self.gaz.is_within(place.region, main):
                return Attribution(main, place.region.name)
            return Attribution(place.region, "")
        return Attribution(main, place.name)
