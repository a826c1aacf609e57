"""Whom a figure is about: the region, and the part of it (scope) when it is a park or town.

A clause's subject is what opens it once time words are stripped (2023年，全区…;
今年初，成都高新区…). The last subject before a figure in its sentence decides:
nothing or the article's own region → that region; 全市/全省 → the city or
province that holds it; another region → that region; a zone or park inside the
region → the region with that part as scope. A region named inside an
organisation's name (四川航天…中心) or after a yardstick word (占全市) is no subject.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extract import catalogue
from extract.gazetteer import Gazetteer, Mention, Region
from extract.segment import Sentence

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{1,14}")
_LEAD_PUNCT = re.compile(r"[\s“”\"'‘’《》()（）\[\]【】·\-—]*")
# A foreign place opening a clause (广东省, 北京市): its figures are not ours to attribute.
_OTHER_PLACE = re.compile(r"[^\W\d_和与及全本我各省市级国家]{2,3}(?:省|市|自治区)(?!级)")
LEVEL_WORDS = {"市": "city", "州": "city", "省": "province", "区": "county", "县": "county"}


@dataclass(frozen=True)
class Attribution:
    region: Region
    scope: str


@dataclass(frozen=True)
class _Subject:
    kind: str  # region | whole | zone_word | park | foreign
    region: Region | None = None
    word: str = ""


class Attributor:
    """Attribution for one article, given its main region and its normalised text."""

    def __init__(self, gazetteer: Gazetteer, main: Region | None, text: str) -> None:
        self.gaz = gazetteer
        self.main = main
        self.text = text
        self.mentions = gazetteer.mentions(text)
        self._starts = [m.start for m in self.mentions]
        self._park = re.compile(
            r"[\u4e00-\u9fff]{2,12}?(?:" + catalogue.word_group("park_suffix").pattern + ")"
        )

    # -- subjects ---------------------------------------------------------
    def _mention_at(self, pos: int) -> Mention | None:
        i = bisect.bisect_left(self._starts, pos)
        if i < len(self.mentions) and self.mentions[i].start == pos:
            return self.mentions[i]
        return None

    def _clause_subject(self, start: int, end: int) -> _Subject | None:
        text, pos = self.text, start
        while True:  # strip openers: punctuation, 2023年, 目前, 其中 …
            pos = _LEAD_PUNCT.match(text, pos, end).end()
            lead = catalogue.word_group("time_lead").match(text, pos, end)
            if not lead or lead.end() == pos:
                break
            pos = lead.end()
        if pos >= end:
            return None
        if text.startswith("在", pos):
            pos += 1
        whole = catalogue.word_group("whole_region").match(text, pos, end)
        if whole:
            return _Subject("whole", word=whole.group(0))
        mention = self._mention_at(pos)
        if mention is not None:
            return self._mention_subject(mention, end)
        zone = catalogue.word_group("generic_zone").match(text, pos, end)
        if zone:
            return _Subject("zone_word", word=zone.group(0))
        park = self._park.match(text, pos, end)
        if park and not catalogue.word_group("name_break").search(park.group(0)):
            return _Subject("park", word=park.group(0))
        if _OTHER_PLACE.match(text, pos, end):
            return _Subject("foreign", word=_OTHER_PLACE.match(text, pos, end).group(0))
        return None

    def _mention_subject(self, mention: Mention, end: int) -> _Subject | None:
        text = self.text
        run = _CJK_RUN.match(text, mention.end, end)
        tail = run.group(0) if run else ""
        for stop in ("等", "和", "与", "及"):
            tail = tail.split(stop, 1)[0]
        if tail and catalogue.word_group("org_suffix").search(tail[-4:]):
            return None  # 四川航天长征装备制造技术中心: an organisation, not the region
        # 成都经开科技产业孵化园: a park whose name starts with a region's short name
        region_name = mention.surface in {r.name for r in mention.candidates}
        name = self._park.match(text, mention.start, min(end, mention.end + 10))
        if (
            name
            and name.end() > mention.end
            and not region_name
            and not catalogue.word_group("name_break").search(name.group(0))
        ):
            return _Subject("park", word=name.group(0))
        region = self._pick(mention)
        return _Subject("region", region=region) if region else None

    def _pick(self, mention: Mention) -> Region | None:
        """One region for a mention; an ambiguous name goes to the one near the main region."""
        if len(mention.candidates) == 1 or self.main is None:
            return mention.candidates[0]
        for r in mention.candidates:
            if self.gaz.is_within(r, self.main) or self.gaz.is_within(self.main, r):
                return r
        main_parent = self.main.parent_code
        near = [r for r in mention.candidates if r.parent_code == main_parent]
        return near[0] if near else None

    # -- attribution ------------------------------------------------------
    def attribute(self, sentence: Sentence, pos: int) -> Attribution | None:
        """Region and scope for a figure at ``pos``; None when it is no region of ours."""
        subject: _Subject | None = None
        for clause in sentence.clauses:
            if clause.start > pos:
                break
            found = self._clause_subject(clause.start, min(clause.end, pos))
            if found is not None:
                subject = found
        if catalogue.word_group("anaphora").search(self.text, sentence.start, pos):
            return self._in_named_place(sentence, pos)
        return self._resolve(subject, sentence, pos)

    def _resolve(
        self, subject: _Subject | None, sentence: Sentence, pos: int
    ) -> Attribution | None:
        main = self.main
        if subject is None:
            return Attribution(main, "") if main else None
        if subject.kind == "foreign":
            return None
        if subject.kind == "whole":
            region = self._whole(subject.word)
            return Attribution(region, "") if region else None
        if subject.kind == "region":
            region = subject.region
            if main is None:
                return Attribution(region, "")
            if region == main:
                return Attribution(main, "")
            if region.level == "zone" and self.gaz.is_within(region, main):
                return Attribution(main, region.name)
            return Attribution(region, "")
        if subject.kind == "zone_word":
            if main is not None and main.level == "zone" and main.name.endswith(subject.word):
                return Attribution(main, "")
            return Attribution(main, subject.word) if main else None
        return Attribution(main, subject.word) if main else None  # a park inside

    def _whole(self, word: str) -> Region | None:
        """全市 / 全省 / 全区 …: the article's region or the ancestor of that level."""
        main = self.main
        level = LEVEL_WORDS.get(word[-1])
        if main is None or level is None:
            return None  # 全国, 我国: not a region of the gazetteer
        if level == "county" or main.level == level:
            return main
        for ancestor in self.gaz.ancestors(main):
            if ancestor.level == level:
                return ancestor
        return main if level == "city" and main.level == "province" else None

    def _in_named_place(self, sentence: Sentence, pos: int) -> Attribution | None:
        """在园的企业中 …: the park named last before, in this paragraph; else a generic scope."""
        if self.main is None:
            return None
        found = self._last_park(sentence.paragraph.start, pos)
        if not found and sentence.paragraph.start > 0:
            prev_start = self.text.rfind("\n", 0, sentence.paragraph.start - 1) + 1
            found = self._last_park(prev_start, sentence.paragraph.start)
        return Attribution(self.main, found or "园区")

    def _last_park(self, start: int, end: int) -> str:
        """The last park name in text[start:end], cut after any verb or particle before it."""
        found = ""
        for m in self._park.finditer(self.text, start, end):
            pieces = catalogue.word_group("name_break").split(m.group(0))
            if len(pieces[-1]) >= 3:
                found = pieces[-1]
        return found


def main_region(gazetteer: Gazetteer, text: str, title: str, given: str) -> Region | None:
    """The article's region: the manifest's, else the one it names most (the title counts more)."""
    if given:
        region = gazetteer.get(given)
        if region is not None:
            return region
    score: dict[Region, float] = {}
    for weight, part in ((5.0, title), (2.0, text[:300]), (1.0, text)):
        for m in gazetteer.mentions(part):
            if len(m.candidates) == 1:
                r = m.candidates[0]
                score[r] = score.get(r, 0.0) + weight
    if not score:
        return None
    # A zone or district outranks its city at equal score: articles name the city in passing.
    depth = {"province": 0, "city": 1, "county": 2, "zone": 3}
    return max(score, key=lambda r: (score[r], depth.get(r.level, 0)))
