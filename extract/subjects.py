"""Who a clause talks about: the subject that opens it, as the text names it.

A clause's subject is what opens it once time words are stripped (2023年，全区…;
今年初，成都高新区…; 作为主战场的经开区…): a named region, a list of regions
(成都、绵阳和德阳), a word for the whole of a region (全市), a zone or park, a word that
points back at the place named last (园区, 入驻), the rest of an earlier list (其余四市),
or a foreign place. A region named inside an organisation's name (四川航天…中心) or a
whole-region word used as a yardstick (在全市位居第三) is no subject. This module only
reads the text; ``attribute`` decides which region of ours a subject stands for.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from extract import catalogue
from extract.gazetteer import Gazetteer, Mention, Region

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{1,14}")
_PARK_NAME = 12  # characters of a park's name before its park word (…产业园)
_PARK_WORD = 10  # more than the longest park word (cues.csv, park_suffix: 7)
_LEAD_PUNCT = re.compile(r"[\s“”\"'‘’《》()（）\[\]【】·\-—|▍■□◆●▪]*")  # and separators
# A foreign place opening a clause (广东省, 北京市): its figures are not ours to attribute;
# 技术市场, 市民 and 市值 are no cities.
_OTHER_PLACE = re.compile(r"[^\W\d_和与及全本我各省市级国家]{2,3}(?:省|市|自治区)(?![级场民值])")
_CN_COUNT = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


@dataclass(frozen=True)
class Subject:
    kind: str  # region | regions | whole | zone_word | park | place_ref | rest | foreign | org
    region: Region | None = None
    word: str = ""
    regions: tuple[Region, ...] = ()  # a list of regions, in the order written
    start: int = 0
    ambiguous: bool = False  # read from a name several regions share (市中区)


@dataclass(frozen=True)
class Place:
    """A zone or park named in the text, which 园区 or 入驻 may point back at."""

    start: int
    name: str
    region: Region | None  # the zone, when the gazetteer knows it


class Subjects:
    """Subject readings over one normalised text; every lookup is a bisect, not a scan."""

    def __init__(self, gazetteer: Gazetteer, text: str) -> None:
        self.gaz = gazetteer
        self.text = text
        self.mentions = gazetteer.mentions(text)
        self._starts = [m.start for m in self.mentions]
        self._read: dict[tuple[int, int], Subject | None] = {}
        self._unheld: set[tuple[int, int]] = set()  # read without a region for 东区 to be in
        self._park = re.compile(
            rf"[\u4e00-\u9fff]{{2,{_PARK_NAME}}}?(?:"
            + catalogue.word_group("park_suffix").pattern
            + ")"
        )
        # 冕宁县稀土产业园区: after a region's full name, a park's own name and its park word
        self._named_park = re.compile(
            r"[\u4e00-\u9fff]{2,4}(?:" + catalogue.word_group("named_park").pattern + ")"
        )
        self._park_word = re.compile("(?=" + catalogue.word_group("park_suffix").pattern + ")")
        # 菁蓉镇拥有…: a town, a part of the region
        self._town = re.compile(
            r"[\u4e00-\u9fff]{2,3}?(?:" + catalogue.word_group("town_suffix").pattern + ")"
        )
        # 双桥经开区完成…: a zone named at a clause's head that the gazetteer does not know
        self._zone = re.compile(
            r"[\u4e00-\u9fff]{2,4}?(?:" + catalogue.word_group("zone_suffix").pattern + ")"
        )
        # 成都国际铁路港经开区: a zone whose name starts with a region's short name
        self._zone_tail = re.compile(
            r"[\u4e00-\u9fff]{2,12}?(?:" + catalogue.word_group("zone_suffix").pattern + ")"
        )

    def by_named_parent(self, mention: Mention) -> Region | None:
        """市中区 on a page that names 乐山: the one candidate whose parent the text names."""
        named = [r for r in mention.candidates if r.parent_code in self._named_codes]
        return named[0] if len(named) == 1 else None

    @cached_property
    def _named_codes(self) -> frozenset[str]:
        """The codes of the regions the text names unambiguously."""
        return frozenset(m.candidates[0].code for m in self.mentions if len(m.candidates) == 1)

    # -- the parts of the text subjects are made of -----------------------------------
    def mention_at(self, pos: int) -> Mention | None:
        i = bisect.bisect_left(self._starts, pos)
        if i < len(self.mentions) and self.mentions[i].start == pos:
            return self.mentions[i]
        return None

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    @cached_property
    def places(self) -> list[Place]:
        """Zones and parks in reading order (a zone mention, or a name ending like 产业园)."""
        zones = [m for m in self.mentions
                 if len(m.candidates) == 1 and m.candidates[0].level == "zone"]  # fmt: skip
        found = [Place(m.start, m.candidates[0].name, m.candidates[0]) for m in zones]
        ends = [m.end for m in zones]
        for m in self._park_names():
            i = bisect.bisect_left(ends, m.end())
            if i < len(zones) and zones[i].start < m.end() <= zones[i].end:
                continue  # the zone's own name (…高新技术产业园区), already a place
            name = catalogue.word_group("name_break").split(m.group(0))[-1]
            if _park_name(name):
                found.append(Place(m.end() - len(name), name, None))
        return sorted(found, key=lambda p: p.start)

    def _park_names(self) -> Iterator[re.Match[str]]:
        """The matches of the park pattern over the text, found near park words only: a
        name ends at one and is at most _PARK_NAME characters long, so the text between
        is not searched character by character."""
        text, windows = self.text, []
        for word in self._park_word.finditer(text):  # every start, overlapping ones too
            start, end = word.start() - _PARK_NAME, word.start() + _PARK_WORD
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([max(start, 0), end])
        pos = 0
        for start, end in windows:
            for m in self._park.finditer(text, max(pos, start), end):
                pos = m.end()
                yield m

    @cached_property
    def _place_starts(self) -> list[int]:
        return [p.start for p in self.places]

    def last_place(self, start: int, end: int) -> Place | None:
        """The place named last in text[start:end]."""
        i = bisect.bisect_left(self._place_starts, end) - 1
        return self.places[i] if i >= 0 and self.places[i].start >= start else None

    @cached_property
    def lists(self) -> list[tuple[int, int, tuple[Region, ...]]]:
        """Lists of two or more regions (成都、绵阳和德阳) as (start, end, regions)."""
        join = catalogue.word_group("list_join")
        out: list[tuple[int, int, tuple[Region, ...]]] = []
        run: list[Mention] = []
        for m in [*self.mentions, None]:
            if m is not None and run and join.fullmatch(self.text[run[-1].end : m.start]):
                run.append(m)
                continue
            if len(run) >= 2:
                out.append((run[0].start, run[-1].end, tuple(r.candidates[0] for r in run)))
            run = [m] if m is not None else []
        return out

    @cached_property
    def _lists_by_start(self) -> dict[int, tuple[int, tuple[Region, ...]]]:
        return {start: (end, regions) for start, end, regions in self.lists}

    def list_at(self, pos: int) -> tuple[int, tuple[Region, ...]] | None:
        """(end, regions) of the list that starts at ``pos``."""
        return self._lists_by_start.get(pos)

    def lists_before(self, end: int, most: int) -> list[tuple[int, int, tuple[Region, ...]]]:
        """The ``most`` lists of regions that end last before ``end``, latest first."""
        i = bisect.bisect_right(self._list_ends, end)
        return self.lists[max(0, i - most) : i][::-1]

    def last_list(self, end: int) -> tuple[int, int, tuple[Region, ...]] | None:
        """The list of regions that ends last before ``end``."""
        found = self.lists_before(end, 1)
        return found[0] if found else None

    @cached_property
    def _list_ends(self) -> list[int]:
        return [e for _, e, _ in self.lists]

    # -- a clause's subject -------------------------------------------------------------
    def clause_subject(self, start: int, end: int, main: Region | None) -> Subject | None:
        """The subject opening text[start:end], if any (``main`` settles ambiguous names).
        Read once per clause: the article's main region changes only ambiguous names."""
        key = (start, end)
        if key in self._read:
            found = self._read[key]
            if found is None and (main is None or key not in self._unheld):
                return found
            if found is not None and not found.ambiguous:
                return found
        found = self._clause_subject(start, end, main)
        self._read[key] = found
        opening = self._opening(start, end) if main is None and found is None else -1
        if opening >= 0 and self.gaz.held_at(self.text, opening):
            self._unheld.add(key)
        else:
            self._unheld.discard(key)
        return found

    def _opening(self, start: int, end: int) -> int:
        """Where the clause text[start:end] opens, past punctuation, 2023年, 目前, 其中, 作为…的."""
        text, pos = self.text, start
        while True:
            pos = _LEAD_PUNCT.match(text, pos, end).end()
            lead = catalogue.word_group("time_lead").match(text, pos, end)
            if not lead or lead.end() == pos:
                return pos
            pos = lead.end()

    def held_opening(self, start: int, end: int, main: Region | None) -> Mention | None:
        """A name that is also an ordinary word (东区, 西区) opening text[start:end], read as a
        region of ``main`` (东区R&D经费投入18.2亿元 in an article about 攀枝花市)."""
        pos = self._opening(start, end)
        if main is None or pos >= end or self.mention_at(pos) is not None:
            return None
        held = self.gaz.held_at(self.text, pos)
        if held is None:
            return None
        inside = tuple(r for r in held.candidates if self.gaz.is_within(r, main))
        return Mention(held.start, held.end, held.surface, inside) if inside else None

    def name_opening(self, start: int, end: int, main: Region | None) -> tuple[int, int] | None:
        """Where a clause opens with a name that is no gazetteer mention: a word that is also
        a region's name (西区9.6亿元), or a word for a zone or park (其中高新区102家)."""
        held = self.held_opening(start, end, main)
        if held is not None:
            return held.start, held.end
        pos = self._opening(start, end)
        word = catalogue.word_group("generic_zone").match(
            self.text, pos, end
        ) or catalogue.word_group("place_word").match(self.text, pos, end)
        return word.span() if word else None

    def _clause_subject(self, start: int, end: int, main: Region | None) -> Subject | None:
        text, pos = self.text, self._opening(start, end)
        if pos >= end:
            return None
        located = text.startswith("在", pos)
        if located:
            pos += 1
        whole = catalogue.word_group("whole_region").match(text, pos, end)
        if whole:
            if catalogue.word_group("yardstick_after").match(text, whole.end(), end):
                return None  # 在全市位居第三: a comparison, not who the figure is about
            named = self._bracketed_name(whole.end(), end)
            if named is not None:  # 全区(永川区): the whole the brackets name
                return Subject("region", region=named, start=pos)
            return Subject("whole", word=whole.group(0), start=pos)
        rest = catalogue.word_group("region_rest").match(text, pos, end)
        if rest:
            return Subject("rest", word=rest.group(0), start=pos)
        first = catalogue.word_group("region_first").match(text, pos, end)
        if first:  # 前三市分别…: the first three of the list named before
            return Subject("first", word=first.group(0), start=pos)
        listed = self.list_at(pos)
        if listed and listed[0] <= end:
            return Subject("regions", regions=listed[1], start=pos)
        counted = catalogue.word_group("regions_counted").match(text, pos, end)
        named = self._last_named(pos, counted.group(0)) if counted else ()
        if named:  # 两区研发投入强度分别为…: the two named last
            return Subject("regions", regions=named, start=pos)
        mention = self.mention_at(pos)
        held = self.held_opening(pos, end, main) if mention is None else None
        if held is not None:
            return Subject("region", region=held.candidates[0], start=pos)
        inside = catalogue.word_group("part_inside").match(text, pos, end)
        park = self._park.match(text, inside.end(), end) if inside else None
        if park and _park_name(park.group(0)):
            return Subject("park", word=park.group(0), start=pos)  # 经开区内的茶园工业园区
        area = catalogue.word_group("other_area").match(text, pos, end)
        if mention is not None and area and area.end() > mention.end:
            return Subject("foreign", word=area.group(0), start=pos)  # 成都平原经济区: no region
        if mention is not None:
            if located and catalogue.word_group("yardstick_after").match(text, mention.end, end):
                return None  # 在德阳市率先实现…: where it stands out, not who it is
            part = catalogue.word_group("part_bracket").match(text, mention.end, end)
            if part:  # 宜宾三江新区(叙州片区): the part of the zone in the article's region
                return Subject("park", word=text[pos : part.end()], start=pos)
            return self._mention_subject(mention, end, main)
        zone = catalogue.word_group("generic_zone").match(text, pos, end)
        if zone:
            return Subject("zone_word", word=zone.group(0), start=pos)
        if catalogue.word_group("place_word").match(text, pos, end):
            return Subject("place_ref", start=pos)
        park = (
            self._park.match(text, pos, end)
            or self._zone.match(text, pos, end)
            or self._town.match(text, pos, end)
        )
        name = park.group(0) if park else ""
        if name and not catalogue.word_group("name_break").search(name) and _park_name(name):
            return Subject("park", word=name, start=pos)
        among = catalogue.word_group("breakdown_among").match(text, pos, end)
        if among and (mention := self.mention_at(among.end())) is not None:
            return self._mention_subject(mention, end, main)  # 高新技术企业中成都市4130家
        org = catalogue.word_group("org_head").match(text, pos, end)
        if org and self._acts(org):
            return Subject("org", word=org.group(0), start=pos)  # 金凤实验室已组建…
        if area and text[area.end() : area.end() + 1] in ("(", "（"):
            return Subject("org", word=area.group(0), start=pos)  # 成渝(兴隆湖)科学中心: a name
        if area:
            return Subject("foreign", word=area.group(0), start=pos)  # 成渝地区双城经济圈
        other = _OTHER_PLACE.match(text, pos, end)
        if other:
            return Subject("foreign", word=other.group(0), start=pos)
        return None

    def _bracketed_name(self, pos: int, end: int) -> Region | None:
        """The one region named alone in brackets at ``pos`` (全区(永川区)), if any."""
        if pos >= end or self.text[pos] not in "(（":
            return None
        mention = self.mention_at(pos + 1)
        closes = mention is not None and self.text[mention.end : mention.end + 1] in (")", "）")
        return mention.candidates[0] if closes and len(mention.candidates) == 1 else None

    def _last_named(self, pos: int, word: str) -> tuple[Region, ...]:
        """两区 / 两市: the regions of that kind named last before ``pos``, in the order they
        were first named; () when fewer were named."""
        count = rest_count(word) or 0
        found: list[Region] = []
        for m in reversed(self.mentions[: bisect.bisect_left(self._starts, pos)]):
            region = m.candidates[0] if len(m.candidates) == 1 else None
            if region is not None and region.name.endswith(word[-1]) and region not in found:
                found.append(region)
                if len(found) == count:
                    break
        if len(found) < count or count < 2:
            return ()
        firsts = {r: min(m.start for m in self.mentions if r in m.candidates) for r in found}
        return tuple(sorted(found, key=firsts.__getitem__))

    def _acts(self, org: re.Match[str]) -> bool:
        """Is an organisation's name the clause's subject (金凤实验室已组建科研团队16个), not
        an example in a list (建立重点实验室等国家级研发平台3个) or a verb's object?"""
        name, after = org.group(0), self.text[org.end() : org.end() + 1]
        return (
            not self.mentions_between(org.start(), org.end())
            and not catalogue.word_group("name_break").search(name)
            and after not in ("、", "等", "和", "与", "及", ",", "，", "")
        )

    def _mention_subject(self, mention: Mention, end: int, main: Region | None) -> Subject | None:
        text = self.text
        run = _CJK_RUN.match(text, mention.end, end)
        tail = run.group(0) if run else ""
        for stop in ("等", "和", "与", "及"):
            tail = tail.split(stop, 1)[0]
        cue = catalogue.cue_pattern().search(tail)
        tail = tail[: cue.start()] if cue else tail  # …新获批市级博士后科研工作站: the object
        if tail and catalogue.word_group("org_suffix").search(tail[-4:]):
            return None  # 四川航天长征装备制造技术中心: an organisation, not the region
        after = self.mention_at(mention.end)
        if after is not None and after.candidates[0].level == "zone":
            # 眉山天府新区: the part of another region's zone that lies in this one, a scope
            return Subject("park", word=text[mention.start : after.end], start=mention.start)
        # 成都经开科技产业孵化园: a park whose name starts with a region's short name
        region_name = mention.surface in {r.name for r in mention.candidates}
        town = catalogue.word_group("town_suffix").match(text, mention.end, end)
        if town and not region_name:  # 江安镇 in 江安县: a town named after its county
            return Subject("park", word=text[mention.start : town.end()], start=mention.start)
        name = self._park.match(
            text, mention.start, min(end, mention.end + 10)
        ) or self._zone.match(
            text, mention.start, min(end, mention.end + 10)
        )  # 仁寿视高经济开发区: a zone of a name the gazetteer does not list
        if name is None and not region_name:
            name = self._zone_tail.match(text, mention.start, min(end, mention.end + 12))
        suffix_only = name is not None and catalogue.word_group("park_suffix").fullmatch(
            text, mention.end, name.end()
        )  # 峨眉山市工业集中区: the region's own park
        if (
            name
            and name.end() > mention.end
            and (
                suffix_only
                or not region_name
                or self._named_park.fullmatch(text, mention.end, name.end())
            )
            and not catalogue.word_group("name_break").search(name.group(0))
        ):
            return Subject("park", word=name.group(0), start=mention.start)
        region = self.pick(mention, main)
        if region is None:
            return None
        return Subject(
            "region", region=region, start=mention.start, ambiguous=len(mention.candidates) > 1
        )

    def pick(self, mention: Mention, main: Region | None) -> Region | None:
        """One region for a mention; an ambiguous name goes to the one near the main region."""
        if len(mention.candidates) == 1:
            return mention.candidates[0]
        if main is None:
            return self.by_named_parent(mention) or mention.candidates[0]
        for r in mention.candidates:
            if self.gaz.is_within(r, main) or self.gaz.is_within(main, r):
                return r
        near = [r for r in mention.candidates if r.parent_code == main.parent_code]
        return near[0] if near else None


def _park_name(name: str) -> bool:
    """A park's name has a name before its suffix and is no metric (博士后创新实践基地)."""
    if len(name) < 3:
        return False
    suffix = re.search("(?:" + catalogue.word_group("park_suffix").pattern + ")$", name)
    if suffix and (
        suffix.start() < 1 or catalogue.word_group("park_generic").search(name, 0, suffix.start())
    ):
        return False  # 产业园区 alone, 全市各产业园区: parks in general, no park
    cue = catalogue.cue_pattern().search(name)
    return cue is None or cue.end() < len(name)


def rest_count(word: str) -> int | None:
    """How many regions 其余四市 (or 其余四县一市) names; None when it does not say."""
    counts = [
        int(ch) if ch.isdigit() else _CN_COUNT[ch] for ch in word if ch.isdigit() or ch in _CN_COUNT
    ]
    return sum(counts) if counts else None
