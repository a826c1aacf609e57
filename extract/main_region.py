"""Which region an article is about, when its manifest does not say.

Not the first place it names: a provincial bulletin cited in the opening, the city a
zone belongs to or the province a district sits in are named in passing. The evidence,
weighed together:

* the title names the region, or the byline does (来源：大足日报);
* the region is mentioned in the text (not inside an organisation's or a document's
  name: 四川省科技厅, 《重庆市…办法》);
* the region is the subject of a clause that carries a figure (绵阳高新区实现…1023亿元);
* a figure's subject is a word for the whole of a region (全区) that only some of the
  candidates can be (a 区, not a 市), or a word for the park or zone (园区, 高新区).

Figures of three or more parts of one region (顺庆区…；嘉陵区…；高坪区…) speak for that
region; a zone's figures make it the article's region only when the title or the lead
names it, else they speak for the region it lies in (园区 of 双流区 in a 双流区 article).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import cache

from extract import catalogue
from extract.attribute import Attributor, names_whole
from extract.gazetteer import Gazetteer, Mention, Region
from extract.numbers import Quantity
from extract.segment import Sentence, Span, sentences
from extract.subjects import Subjects

TITLE = 3.0  # each mention in the title
TITLE_HEAD = 6.0  # the region a report's title opens with (…2022年度发展报告), once more
BYLINE = 2.0  # each mention in the source's name
MENTION = 0.5  # each mention in the text
SUBJECT = 2.0  # each figure the region is the subject of
WHOLE = 2.0  # each figure whose subject (全区, 园区) this region can be
_FIGURES = ("count", "money", "percent")
_BOOK = re.compile(r"《[^《》\n]{0,60}》")
_LEAD_CHARS = 50
_LEAD_SENTENCE_CHARS = 20  # a lead of whole sentences may be shorter
_PARTS = 3  # figures of this many parts of one region are about that region,
_DOMINANT = 0.5  # unless one part has this share of their figures
_DEPTH = {"province": 0, "city": 1, "county": 2, "zone": 3}
_SHARE_OF_WHOLE = re.compile(r"占全[市区县]")
_OURS = re.compile(r"我[市区县州]")  # the publisher's own region, in a title


def main_region(
    gazetteer: Gazetteer,
    text: str,
    title: str,
    given: str = "",
    quantities: list[Quantity] | None = None,
    subjects: Subjects | None = None,
    source: str = "",
    parts: Sequence[Sentence] | None = None,
    grids: Sequence[Span] = (),
) -> Region | None:
    """The article's region: the manifest's when it names one, else the best supported."""
    if given and (region := gazetteer.get(given)) is not None:
        return region
    subjects = subjects or Subjects(gazetteer, text)
    score: dict[Region, float] = defaultdict(float)
    for words, weight in ((title, TITLE), (source, BYLINE)):
        for m in gazetteer.mentions(words):
            if len(m.candidates) == 1:  # a venue weighs nothing, but says which province
                score[m.candidates[0]] += 0.0 if _venue(words, m) else weight
    head = _title_head(gazetteer, title)
    if head is not None:  # 四川天府新区2022年度发展报告: the title is the region's own
        score[head] += TITLE_HEAD
    books = [b.span() for b in _BOOK.finditer(text)]
    inside: list[Region] = []  # named inside an organisation's name (旺苍县人民政府)
    for m in subjects.mentions:
        region = m.candidates[0] if len(m.candidates) == 1 else subjects.by_named_parent(m)
        if region is None:
            continue
        if _named_inside(subjects, m, books):
            inside.append(region)
        else:
            score[region] += 0.0 if _venue(text, m) else MENTION
    if not score:  # only the publisher names a region (旺苍县人民政府网站, then 我县…)
        for region in inside:
            score[region] += MENTION
    if not score:
        return None
    parts = parts if parts is not None else list(sentences(text))
    named, wholes = _figure_subjects(gazetteer, text, subjects, quantities, parts)
    for region, credit in _table_subjects(text, subjects, grids).items():
        named[region] += credit
    lead = {r for m in gazetteer.mentions(title + "\n" + _lead(text)) for r in m.candidates}
    prior = dict(score)  # 全区 is shared as the title and the mentions weigh the candidates
    for region, credit in _to_wholes(named, gazetteer, lead).items():
        score[region] += credit
    # a title of 我区 is the publisher's region; a zone whose figure is a share of 全区 is its part
    ours = _OURS.search(title)
    parts_of_whole = _parts_of_whole(text, subjects) if ours else set()
    for fits, count in wholes.items():  # 全区: shared by the candidates that are a 区
        support = {r: prior[r] for r in prior if fits(r) and r not in parts_of_whole} or (
            _ancestors(gazetteer, prior, fits)
        )
        total = sum(support.values())
        for region, weight in support.items():  # venues alone weigh nothing: an equal share
            share = weight / total if total else 1 / len(support)
            score[region] += WHOLE * count * share
    # a tie goes to the region the text's 全市 / 全区 words can stand for, then to one that is
    # no zone named only in passing (德阳高新区成功获批… in 旌阳区's report), then the deeper
    ends = Counter(m.group()[-1] for m in catalogue.word_group("whole_region").finditer(text))
    return max(
        score,
        key=lambda r: (
            score[r],
            sum(n for end, n in ends.items() if names_whole(end, r)),
            r.level != "zone" or r in lead,
            _DEPTH.get(r.level, 0),
        ),
    )


def _title_head(gazetteer: Gazetteer, title: str) -> Region | None:
    """The region a title opens with, when it opens a report of its own (…年度发展报告,
    …统计公报, …工作总结): the document's author and subject."""
    if not catalogue.word_group("own_report").search(title):
        return None
    found = gazetteer.mentions(title)
    first = found[0] if found else None
    if first is None or first.start > 0 or len(first.candidates) != 1:
        return None
    return first.candidates[0]


def _venue(text: str, mention: Mention) -> bool:
    """工作会议在成都召开: where a meeting sat, not what it was about."""
    return text[mention.start - 1 : mention.start] == "在" and bool(
        catalogue.word_group("venue_after").match(text, mention.end)
    )


def _ancestors(gazetteer: Gazetteer, prior: dict[Region, float], fits: Fits) -> dict[Region, float]:
    """全省 in an article that names only cities: the province they lie in."""
    out: dict[Region, float] = defaultdict(float)
    for region, weight in prior.items():
        parent = gazetteer.parent(region)
        while parent is not None and not fits(parent):
            parent = gazetteer.parent(parent)
        if parent is not None:
            out[parent] += weight
    return out


def _lead(text: str) -> str:
    """The first paragraph of some length: where an article names what it is about."""
    return next(
        (
            p for p in text.splitlines()
            if len(p.strip()) >= (_LEAD_CHARS if "。" not in p else _LEAD_SENTENCE_CHARS)
        ),
        "",
    )  # fmt: skip


def _to_wholes(
    credits: dict[Region, float], gazetteer: Gazetteer, lead: set[Region]
) -> dict[Region, float]:
    """Move credit from listed parts to their region, and from zones not in the lead."""
    siblings: dict[Region, list[Region]] = defaultdict(list)
    for region in credits:
        parent = gazetteer.parent(region)
        if parent is not None and region.level != "zone":
            siblings[parent].append(region)
    out: dict[Region, float] = defaultdict(float)
    for region, credit in credits.items():
        parent = gazetteer.parent(region)
        parts = siblings.get(parent, []) if parent is not None else []
        share = credit / sum(credits[r] for r in parts) if region in parts else 1.0
        listed = len(parts) >= _PARTS and share < _DOMINANT  # one of many, none standing out
        unnamed_zone = region.level == "zone" and region not in lead and parent is not None
        out[parent if (listed or unnamed_zone) else region] += credit
    return out


def _named_inside(subjects: Subjects, mention: Mention, books: list[tuple[int, int]]) -> bool:
    """A mention inside a document's title or an organisation's name (四川省科技厅)."""
    if any(a <= mention.start < b for a, b in books):
        return True
    subject = subjects.clause_subject(
        mention.start, min(len(subjects.text), mention.end + 20), None
    )
    return subject is None


Fits = Callable[[Region], bool]


def _figure_subjects(
    gazetteer: Gazetteer,
    text: str,
    subjects: Subjects,
    quantities: list[Quantity] | None,
    parts: Sequence[Sentence],
) -> tuple[dict[Region, float], Counter[Fits]]:
    """Credit per region named as the subject of a figure, and how many figures have a
    subject that only says what kind of region it is (全区, 园区)."""
    named: dict[Region, float] = defaultdict(float)
    wholes: Counter[Fits] = Counter()
    figures = [q for q in quantities or [] if q.family in _FIGURES]
    reader = Attributor(gazetteer, None, text, subjects)
    i = 0
    for sentence in parts:
        while i < len(figures) and figures[i].start < sentence.start:
            i += 1
        while i < len(figures) and figures[i].start < sentence.end:
            pos = figures[i].start
            subject = reader.subject_at(sentence, pos)
            i += 1
            if subject is None:
                continue
            if subject.kind == "region" and subject.region is not None:
                if not catalogue.word_group("breakdown_lead").search(
                    text, max(0, subject.start - 3), subject.start
                ):  # 其中潼南高新区…: a part, not the topic
                    listed = subjects.list_at(subject.start)  # 巴州区、恩阳区、平昌县…分别为
                    for region in listed[1] if listed else (subject.region,):
                        named[region] += SUBJECT / (len(listed[1]) if listed else 1)
            elif subject.kind == "whole":
                wholes[_ending(subject.word[-1])] += 1
            elif subject.kind in ("place_ref", "zone_word"):
                place = subjects.last_place(sentence.paragraph.start, pos)
                if place is not None and place.region is not None:
                    named[place.region] += WHOLE
                else:
                    wholes[_is_zone] += 1
    return named, wholes


def _table_subjects(text: str, subjects: Subjects, grids: Sequence[Span]) -> dict[Region, float]:
    """永川高新区主要指标完成情况如下： and a table: the region the words that lead into a
    table name is the subject of its rows."""
    named: dict[Region, float] = defaultdict(float)
    for table in grids:
        lead_in = max(text.rfind(c, 0, table.start - 1) for c in "。！？\n") + 1
        if not text[lead_in : table.start].rstrip().endswith((":", "：")):
            continue  # a sentence before the table, not words that lead into it
        mentions = [m for m in subjects.mentions_between(lead_in, table.start)
                    if len(m.candidates) == 1]  # fmt: skip
        if mentions:
            rows = text.count("\n", table.start, table.end)  # the header's row is no figure
            named[mentions[0].candidates[0]] += SUBJECT * rows
    return named


@cache
def _parts_of_whole(text: str, subjects: Subjects) -> set[Region]:
    """Zones whose figure is a share of the whole (其中，潼南高新区…，占全区的62.5%): 全区 is
    then not they, but the region they are part of."""
    found: set[Region] = set()
    for m in _SHARE_OF_WHOLE.finditer(text):
        stop = max(text.rfind(c, 0, m.start()) for c in "。！？\n")
        named = subjects.mentions_between(stop + 1, m.start())
        if named and len(named[-1].candidates) == 1 and named[-1].candidates[0].level == "zone":
            found.add(named[-1].candidates[0])
    return found


def _ending(char: str) -> Fits:
    return lambda region: names_whole(char, region)


def _is_zone(region: Region) -> bool:
    return region.level == "zone"
