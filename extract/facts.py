"""One article's normalised text → its facts: the figures, what they measure, whom and when."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

from extract import __version__, catalogue, dates, grid
from extract.attribute import Attributor, names_whole
from extract.classify import (
    Cue,
    Reading,
    classify,
    cues_between,
    names_other,
    threshold_of,
    yardstick_total,
)
from extract.gazetteer import Gazetteer, Region
from extract.goals import Goals
from extract.main_region import main_region
from extract.numbers import Quantity, find_quantities
from extract.respectively import pairs
from extract.segment import Sentence, Span, sentences
from extract.subjects import Subjects
from extract.vocabulary import ARTICLE_DATE, STATED


@dataclass(frozen=True)
class Fact:
    fact_id: str
    doc_id: str
    region: str
    region_code: str
    region_level: str
    scope: str
    metric_id: str
    kind: str
    value: float
    unit: str
    qualifier: str
    estimated: bool
    rank_of: str  # for a rank: value, growth or share, what the position ranks; else ""
    year: int | None
    year_source: str  # stated | relative | article_date ("" when no year applies)
    period: str
    quote: str
    quote_start: int
    quote_end: int
    figure_text: str
    figure_start: int
    figure_end: int
    published: str
    extractor_version: str = __version__

    def row(self) -> dict[str, object]:
        return dict(vars(self))  # its fields are flat: asdict's deep copy cost 30× as much


FACT_COLUMNS = [f.name for f in fields(Fact)]


def fact_id(doc_id: str, figure_start: int, metric_id: str, kind: str, region: str = "") -> str:
    key = f"{doc_id}|{figure_start}|{metric_id}|{kind}" + (f"|{region}" if region else "")
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def extract_facts(
    text: str,
    doc_id: str,
    published: str,
    gazetteer: Gazetteer,
    title: str = "",
    given_region: str = "",
    garbled: Sequence[tuple[int, int]] = (),
    source: str = "",
) -> tuple[Region | None, list[Fact]]:
    """The article's main region, and every region figure the text states, each once, in
    reading order. Every lookup per figure is a bisect or a bounded window, so the work
    grows with the text, not with the square of a paragraph's figures."""
    grids = grid.tables(text)  # read as tables, not as running text
    quantities = [
        q for q in find_quantities(text) if not _inside(q, garbled) and not _inside_span(q, grids)
    ]
    subjects = Subjects(gazetteer, text)
    parts = list(sentences(text))
    main = main_region(
        gazetteer, text, title, given_region, quantities, subjects, source, parts, grids
    )
    if not quantities and not grids:
        return main, []
    reader = _Reader(text, doc_id, published, Attributor(gazetteer, main, text, subjects))
    facts: list[Fact] = []
    seen: set[tuple[object, ...]] = set()
    found_in_tables = [f for table in grids for f in reader.table(table)]
    headline = _headline_topic(title)
    i, paragraph, topic, context, named_from = 0, None, headline, 0, 0
    for sentence in parts:
        if sentence.paragraph != paragraph:
            if not _carries_topic(text, paragraph, sentence.paragraph):
                topic = headline  # a topic reaches no further than its paragraph, mostly
            if not _continues_lead_in(text, paragraph, sentence.paragraph, context):
                context = sentence.paragraph.start
            elif paragraph is not None and context == paragraph.start:
                # the lead-in's last sentence (…主要目标：) is what its items hang from
                stop = max(text.rfind(c, paragraph.start, paragraph.end) for c in "。！？；")
                context = stop + 1 if stop >= 0 else paragraph.start
            paragraph = sentence.paragraph
            named_from = paragraph.start  # where the paragraph's words are yet to be read for cues
        while i < len(quantities) and quantities[i].start < sentence.start:
            i += 1
        j = i
        while j < len(quantities) and quantities[j].start < sentence.end:
            j += 1
        if topic is headline and i < j:  # read once: the words since the last look
            if cues_between(text, sentence, named_from, quantities[i].start):
                topic = None  # the paragraph names its own metrics: the title speaks for none
            named_from = quantities[i].start
        found, topic = reader.sentence(sentence, quantities[i:j], topic, context)
        for fact in found:
            key = (fact.region, fact.scope, fact.metric_id, fact.kind, round(fact.value, 4))
            if key not in seen:
                seen.add(key)
                facts.append(fact)
        i = j
    for fact in found_in_tables:
        key = (fact.region, fact.scope, fact.metric_id, fact.kind, round(fact.value, 4))
        if key not in seen:
            seen.add(key)
            facts.append(fact)
    return main, _headline_restated(_bounds_restated(facts), text, title)


def _counts_regions(text: str, q: Quantity) -> bool:
    """Is the count part of a list's regions (其余六个县, 前三个区), or how many regions
    (…的区县有3个), no figure of its own?"""
    for group in ("region_rest", "region_first", "region_count"):
        for m in catalogue.word_group(group).finditer(text, max(0, q.start - 8), q.end + 12):
            if m.start() <= q.start and q.end <= m.end():
                return True
    return False


def _headline_topic(title: str) -> Reading | None:
    """The one metric a title names (…高新技术企业认定工作圆满完成): what a paragraph with no
    metric of its own goes on about (万州区新认定21家)."""
    named = [
        cue.metric_id
        for m in catalogue.cue_pattern().finditer(title)
        for cue in catalogue.cues_by_phrase()[m.group(0)]
        if cue.requires is None and cue.followed_by is None
    ]
    # …高新技术企业和科技型中小企业培育工作情况: metrics a verb tells apart (新认定, 入库)
    told_apart = {metric_id for _, metric_id in catalogue.verb_metrics()}
    if len(set(named)) != 1 and not (named and set(named) <= told_apart):
        return None
    metric = catalogue.metrics()[named[0]]
    return Reading(metric.metric_id, "value", 0.0, metric.unit, False, 0)


_WHOLE = re.compile(r"全(?:市|省|区|县|州)")
_COMPARED = re.compile(r"(?:仅次于|高于|低于|超过|领先于?|落后于?)$")
# 家企业新获国家高新技术企业认定: the firms a count names after it, and the metric they get
_FIRMS_AFTER = re.compile(r"(?:家|户)?(?:企业|单位)")
_FIRMS_AFTER_CHARS = 12
_AMOUNT_RANKED = re.compile(r"(?:总量|数量|总数|增量)均?(?:居|位居|位列|排名?|列)")
_SINCE_LAST_YEAR = re.compile(r"(?:比|较)(?:上年|去年|上年末|上年底|年初|上年同期)")
_AMOUNT = re.compile(r"(?:的)?(?:总数|总量|总额|数量)$")


def _level_average(text: str, q: Quantity) -> bool:
    """全市1.88%的平均水平: a whole's average level, with no rate word between the whole
    and the figure (全省平均增长8%的水平 is a rate)."""
    if not catalogue.word_group("whole_average").match(text, q.end):
        return False
    whole = text.rfind("全", max(0, q.start - 6), q.start)
    return whole >= 0 and not catalogue.word_group("growth").search(text, whole, q.start)


def _names_metric(words: str) -> bool:
    """Are the words between a name and a bracket a metric (有效高企, 高新技术企业总数)?"""
    words = _AMOUNT.sub("", words)
    return len(words) <= _BRACKET_WORDS and catalogue.cue_pattern().search(words) is not None


_BRACKET_WORDS = 10  # a bracket's label before its figure (增长, 有效高企), at most
_WORDS = re.compile(r"[^\d\s,.;:，。；：、()]*")
_FIGURES = ("count", "money", "percent", "rank")  # not a bare number (a footnote mark, an ID)
_FULL_STOP = re.compile(r"[。；;！!？?]")


class _Reader:
    """Reads the figures of one article, a sentence at a time."""

    def __init__(self, text: str, doc_id: str, published: str, attributor: Attributor) -> None:
        self.text, self.doc_id, self.published = text, doc_id, published
        self.attributor = attributor
        self.subjects = attributor.subjects
        self.article_year = dates.year_of(published)
        self.timeline = dates.Timeline(text, self.article_year)
        self.goals = Goals(text, self.article_year)
        self._breakdowns = [m.start() for m in catalogue.word_group("breakdown").finditer(text)]

    def _in_breakdown(self, sentence: Sentence, pos: int) -> bool:
        """分行业看，…: figures of parts that are no regions, up to the paragraph's end or a
        sentence or clause after it that opens with the whole or a region (…。全区规上工业企业
        共计78户; 从产业看，江北区规上工业增加值…)."""
        i = bisect.bisect_left(self._breakdowns, pos) - 1
        if i < 0 or self._breakdowns[i] < sentence.paragraph.start:
            return False
        opens_whole = catalogue.word_group("whole_region").match(self.text, sentence.start)
        subject = self.attributor.subject_at(sentence, pos)
        names_region = subject is not None and subject.kind in ("region", "whole")
        after = subject is not None and subject.start > self._breakdowns[i]
        return not (opens_whole and self._breakdowns[i] < sentence.start) and not (
            names_region and after
        )

    def sentence(
        self,
        sentence: Sentence,
        quantities: list[Quantity],
        topic: Reading | None,
        context: int | None = None,
    ) -> tuple[list[Fact], Reading | None]:
        """The facts of one sentence, and the topic its paragraph carries on with: the last
        metric read or named (全省有效高新技术企业的数量…。其中成都市共有9856家).
        ``context`` is where the words its years are read from begin: its paragraph, or the
        lead-in its list items hang from (到2025年，主要目标：/ • …)."""
        text = self.text
        paired = pairs(text, sentence, quantities, self.subjects, self.attributor.subject_at)
        previous, window_start = topic, sentence.start
        read_end = sentence.start  # after the last figure read: a cue later is the new topic
        readings: list[Reading] = []
        facts: list[Fact] = []
        starts = [q.start for q in quantities]
        for k, q in enumerate(quantities):
            pair = paired.get(q.start)
            if pair is not None:  # 分别为4.68%、2.32%: each figure reads the words before 分别
                window_start = min(window_start, sentence.clause_at(q.start).start)
                if pair.cue is None and pair.region is None:
                    # 分别增长21.1%和32.6%: it follows the figure as far back as it stands forward
                    previous = readings[-pair.back] if pair.back <= len(readings) else previous
            # region names and the figures before it in its window are no words of its own
            names = [
                (m.start, m.end) for m in self.subjects.mentions_between(window_start, q.start)
            ]
            clause = sentence.clause_at(q.start)
            opening = self.subjects.name_opening(clause.start, q.start, self.attributor.main)
            if opening is not None and opening[0] >= window_start:  # 东区…，西区9.6亿元
                names.append(opening)
            first = bisect.bisect_left(starts, window_start)
            names += [(p.start, p.end) for p in quantities[first:k]]
            names.sort()
            goal = self.goals.at(sentence, q.start, context)
            cue = pair.cue if pair is not None else None
            owner = self._bracketed(sentence, q, window_start)
            reading = None
            if owner is not None:  # 仅次于A(41.2%), 高于全市平均水平的有A(2.31%)和B(3.86%)
                reading = classify(text, sentence, q, window_start, previous, goal, cue, names)
                reading = reading or _same_as(readings, q)
                if reading is not None and reading.kind == "growth" and _level_average(text, q):
                    reading = replace(reading, kind="value")  # 较上年提高…，与全市1.88%的平均水平
            if owner is not None and reading is not None:
                fact = self._fact(sentence, q, reading, window_start, owner, context)
                facts += [fact] if fact else []
                window_start = q.end + 1
                continue
            if not self._in_breakdown(sentence, q.start) and not (pair and pair.unnamed):
                listed = pair is not None and pair.region is not None
                reading = classify(
                    text, sentence, q, window_start, previous, goal, cue, names, listed
                )
            own_start = window_start
            if reading is None:
                threshold = threshold_of(text, sentence, q, window_start)
                if threshold is not None:  # 超过10亿元的县(区)有…，分别为…: the metric goes on
                    previous, window_start = threshold
                    continue
                top = q.family == "rank" and q.qualifier == "at_most"  # 居前三位的是…: no rank
                # 总量居渝东南地区第一，石柱县、秀山县分别为38家: where the level stands, goes on
                top = top or (
                    q.family == "rank" and _AMOUNT_RANKED.search(text, own_start, q.start)
                )
                if _counts_regions(text, q):
                    continue  # 其余六个县: the list's regions, the metric goes on
                if q.family in ("count", "money") or (
                    q.family in _FIGURES and not top and names_other(text, own_start, q, names)
                ):
                    previous = None  # it named something else: what follows is not its
                if q.family in _FIGURES:
                    window_start = q.end
                continue
            window_start = q.end
            yardstick = yardstick_total(text, q, own_start, names)
            if yardstick:  # 占全市231家的37.2%: the share after it reads 占… as its own words
                window_start = own_start
            if pair is None or pair.cue is not None or pair.region is not None:
                readings.append(reading)
            read_end = q.end
            if reading.kind == "rank" and previous and previous.metric_id == reading.metric_id:
                # 成都市投入392.3亿元，居全省首位；绵阳市投入…: what goes on is what was ranked
                kind = previous.kind if reading.rank_of != "value" else "value"
                previous = topic = replace(previous, kind=kind)
            elif (
                reading.kind == "increment"
                and previous
                and (previous.metric_id, previous.kind) == (reading.metric_id, "value")
                and _SINCE_LAST_YEAR.search(text, own_start, q.start)
            ):
                pass  # …39家，比上年增加7家。其中雨城区15家: a part of the level, not the change
            else:
                previous = topic = reading
            if yardstick:  # the whole's figure, where the whole is a region of the gazetteer
                whole = self.attributor.region_named(text.index("占", own_start) + 1, q.start)
                part = self.attributor.attribute(sentence, q.start)
                mine = part is not None and part.region == whole  # 园区…占全区: not its own
                named_regions = [whole] if whole is not None and not mine else []
            else:
                named_regions = (
                    [pair.region] if pair is not None else self._each(sentence, q, own_start)
                )
            shared: list[Fact] = []
            for region in named_regions:
                fact = self._fact(sentence, q, reading, own_start, region, context)
                if fact is not None:
                    shared.append(fact)
            # 什邡、绵竹均超过30家: one figure, several regions; each keeps an id of its own
            # (the first the figure's, so a correction of a region's only figure stays put)
            facts += shared[:1] + [
                replace(f, fact_id=fact_id(self.doc_id, q.start, f.metric_id, f.kind, f.region))
                for f in shared[1:]
            ]
        named = cues_between(text, sentence, read_end, sentence.end)
        if named and not _names_its_own(text, readings, read_end, named[-1]):
            # a metric named after the last figure is what the paragraph goes on about
            metric = catalogue.metrics()[named[-1][0]]
            topic = Reading(metric.metric_id, "value", 0.0, metric.unit, False, named[-1][1])
        return facts, topic

    def _bracketed(self, sentence: Sentence, q: Quantity, window_start: int) -> Region | None:
        """The region named right before the brackets a figure stands in, which the figure
        is then of (仅次于A(41.2%), 高于德阳高新区(增长9.6%), 与眉山市(有效高企318家), 约占长寿区
        有效高新技术企业(112家)的63%): a name, or a name and a metric, then the brackets."""
        text = self.text
        average = catalogue.word_group("whole_average").match(text, q.end)
        whole = catalogue.word_group("whole_bracket").search(text, window_start, q.start)
        if average and whole is not None and whole.end() == q.start:
            return self._whole_of(sentence, q, whole.start(), whole.end())  # 与全市1.88%的平均水平
        compared = self._compared_with(window_start, q)
        if compared is not None:
            return compared
        opening = text.rfind("(", window_start, q.start)
        if opening < 0 or not text.startswith(")", q.end):
            return None
        inside = text[opening + 1 : q.start]
        if len(inside) > _BRACKET_WORDS or not _WORDS.fullmatch(inside):
            return None  # (其中园区41家…), (2022年…): words of their own, not a label
        whole = catalogue.word_group("whole_bracket").search(text, window_start, opening)
        if whole is not None:  # 占全市(480家)的40.8%, 比全省(6.1%)高: the whole's own
            return self._whole_of(sentence, q, whole.start(), whole.end())
        inner = _WHOLE.match(inside)
        if inner is not None:  # 高于全市1.4个百分点(全市增长6.0%): the whole the brackets name
            return self._whole_of(sentence, q, opening + 1, opening + 1 + inner.end())
        named = [m for m in _WHOLE.finditer(text, window_start, opening)]
        if named and _names_metric(text[named[-1].end() : opening]):
            # 约占全市高新技术企业总数(205家)的22%: the whole and its metric, then the brackets
            return self._whole_of(sentence, q, named[-1].start(), named[-1].end())
        mentions = self.subjects.mentions_between(window_start, opening)
        if not mentions or len(mentions[-1].candidates) != 1:
            return None
        between = text[mentions[-1].end : opening]
        if between and not _names_metric(between):
            return None
        return mentions[-1].candidates[0]

    def _compared_with(self, window_start: int, q: Quantity) -> Region | None:
        """仅次于九龙坡区的24.6%, 高于全省的2.26%: the region compared with, and its figure."""
        mentions = self.subjects.mentions_between(window_start, q.start)
        if not mentions or self.text[mentions[-1].end : q.start] != "的":
            return None
        before = self.text[max(window_start, mentions[-1].start - 4) : mentions[-1].start]
        named = mentions[-1]
        if not _COMPARED.search(before) or len(named.candidates) != 1:
            return None
        return named.candidates[0]

    def _whole_of(self, sentence: Sentence, q: Quantity, start: int, end: int) -> Region | None:
        """The region 全区 at text[start:end] stands for, beside a figure of a part: the
        region itself, or, where that is the part (园区…占全区(416.9亿元) in a zone's page),
        the district the zone lies in."""
        attributor = self.attributor
        whole = attributor.region_named(start, end)
        part = attributor.attribute(sentence, q.start)
        if whole is None or part is None or part.region != whole:
            return whole
        parent = attributor.gaz.parent(whole) if whole.level == "zone" else None
        word = self.text[start:end]
        return parent if parent is not None and names_whole(word, parent) else None

    def _each(self, sentence: Sentence, q: Quantity, own_start: int) -> list[Region | None]:
        """泸州市、南充市均超过200家: a figure of each region of a list; else [None], the
        figure's one region found by its subject."""
        subject = self.attributor.subject_at(sentence, q.start)
        each = catalogue.word_group("each").search(self.text, own_start, q.start)
        if subject is not None and subject.kind == "regions" and each:
            return list(subject.regions)
        return [None]

    def table(self, table: Span) -> list[Fact]:
        """The facts of a table written with |: one per region row and metric column."""
        facts = []
        for figure in grid.figures(self.text, table):
            start = figure.label.start  # the row read from its name on (位次 before it)
            row = Sentence(start, figure.row.end, figure.row, (Span(start, figure.row.end),), start)
            subject = self.attributor.subject_at(row, figure.cell.start)
            if figure.by_region and (subject is None or subject.kind not in ("region", "whole")):
                continue  # 合计, 采矿业: a row of no region
            where = self.attributor.attribute(row, figure.cell.start)
            if where is None:
                continue
            column = figure.column
            stated = self.timeline.year(row.start, figure.cell.start, row.start, False)
            if column.year is not None:  # 指标 | 2021年 | 2022年: the column's year
                stated = (column.year, STATED)
            year, year_source = stated if stated else (self.article_year, ARTICLE_DATE)
            facts.append(
                Fact(
                    fact_id=fact_id(self.doc_id, figure.cell.start, column.metric_id, column.kind),
                    doc_id=self.doc_id,
                    region=where.region.name,
                    region_code=where.region.code,
                    region_level=where.region.level,
                    scope=where.scope,
                    metric_id=column.metric_id,
                    kind=column.kind,
                    value=figure.value,
                    unit=column.unit,
                    qualifier="exact",
                    estimated=False,
                    rank_of="",
                    year=year,
                    year_source=year_source if year is not None else "",
                    period=column.period or self.timeline.period(row.start, figure.cell.start),
                    quote=self.text[figure.row.start : figure.row.end],
                    quote_start=figure.row.start,
                    quote_end=figure.row.end,
                    figure_text=self.text[figure.cell.start : figure.cell.end],
                    figure_start=figure.cell.start,
                    figure_end=figure.cell.end,
                    published=self.published,
                )
            )
        return facts

    def _fact(
        self,
        sentence: Sentence,
        q: Quantity,
        reading: Reading,
        own_start: int,
        named: Region | None,
        context: int | None = None,
    ) -> Fact | None:
        text = self.text
        where = self.attributor.attribute(sentence, q.start, named)
        if where is None:
            return None
        para = (
            sentence.paragraph.start if context is None else min(context, sentence.paragraph.start)
        )
        stated = self.timeline.year(para, q.start, own_start, reading.kind == "target")
        if (noted := dates.year_note(text, q.end)) is not None:
            stated = (noted, STATED)
        if reading.change_from and self.timeline.own_year(own_start, q.start) is None:
            return None  # 从88家增加至131家: a start value whose year the text does not give
        year, year_source = self._year(sentence, reading, stated)
        if reading.base_year is not None and year is not None and _over_years(reading, year):
            return None  # 较2015年增长55%: a change over several years, not on the year before
        clause = sentence.clause_at(q.start)
        # the clause, and its cue when earlier; a list that runs on is cut around the figure
        quote_start = max(min(reading.cue_start, clause.start), q.start - _QUOTE_BEFORE)
        quote_end = min(clause.end, q.end + _QUOTE_AFTER)
        while quote_end > q.end and text[quote_end - 1] in "，,;；。:：、":
            quote_end -= 1
        return Fact(
            fact_id=fact_id(self.doc_id, q.start, reading.metric_id, reading.kind),
            doc_id=self.doc_id,
            region=where.region.name,
            region_code=where.region.code,
            region_level=where.region.level,
            scope=where.scope,
            metric_id=reading.metric_id,
            kind=reading.kind,
            value=reading.value,
            unit=reading.unit,
            qualifier=q.qualifier,
            estimated=reading.estimated,
            rank_of=reading.rank_of,
            year=year,
            year_source=year_source,
            period=self.timeline.period(para, q.start),
            quote=text[quote_start:quote_end],
            quote_start=quote_start,
            quote_end=quote_end,
            figure_text=q.text,
            figure_start=q.start,
            figure_end=q.end,
            published=self.published,
        )

    def _year(
        self, sentence: Sentence, reading: Reading, stated: tuple[int, str] | None
    ) -> tuple[int | None, str]:
        """The year the paragraph states up to the figure; else the article's."""
        if stated is not None:
            return stated
        if reading.kind == "target" and catalogue.word_group("longterm").search(
            self.text, sentence.start, sentence.end
        ):
            return None, ""  # a long-term goal states no year
        year = self.article_year
        return year, ARTICLE_DATE if year is not None else ""


def _same_as(readings: list[Reading], q: Quantity) -> Reading | None:
    """The figure read as the sentence's last level or rate of its unit was (a rival's, in
    brackets); never as an increment (…增加26家，分布在A(45家)、B(38家): parts of the total)."""
    for r in reversed(readings):
        if r.unit == q.unit and r.kind != "increment":
            return Reading(r.metric_id, r.kind, q.value, q.unit, False, r.cue_start)
    return None


def _over_years(reading: Reading, year: int) -> bool:
    """Is a change measured against a year long before (较2015年增加7家)? A count's change
    since the end of the year before last (较2022年底, in 2024) still counts as recent."""
    gap = year - (reading.base_year or year)
    return gap != 1 if reading.kind == "growth" else gap > 2


def _bounds_restated(facts: list[Fact]) -> list[Fact]:
    """达到1036家，突破千家大关, or a headline's 突破1.2万家 above a body's 12379家: a bound
    an exact figure of the same article, region, metric and year meets restates it."""
    exact: dict[tuple[object, ...], list[float]] = {}
    for f in facts:
        if f.qualifier == "exact":
            exact.setdefault((f.region, f.scope, f.metric_id, f.kind, f.year), []).append(f.value)

    def restated(f: Fact) -> bool:
        values = exact.get((f.region, f.scope, f.metric_id, f.kind, f.year), [])
        if f.qualifier == "at_least":
            return any(f.value <= v for v in values)
        if f.qualifier == "at_most":
            return any(f.value >= v for v in values)
        return False

    return [f for f in facts if not restated(f)]


def _headline_restated(facts: list[Fact], text: str, title: str) -> list[Fact]:
    """A headline's figure that the body states too (…会议召开 今年新增规上工业企业20户 over a
    goal section's 新增规上工业企业20户): the body's reading, with its context, stands."""
    at = text.find(title) if len(title) > 4 else -1
    if at < 0:
        return facts
    end = at + len(title)
    headline = [f for f in facts if at <= f.figure_start < end]
    if not headline:
        return facts
    body = {
        (f.region, f.scope, f.metric_id, f.value) for f in facts if not at <= f.figure_start < end
    }
    return [
        f for f in facts
        if not (at <= f.figure_start < end and (f.region, f.scope, f.metric_id, f.value) in body)
    ]  # fmt: skip


_QUOTE_BEFORE, _QUOTE_AFTER = 160, 60  # characters of a quote around its figure, at most
_LIST_ITEM = re.compile(r"\s*(?:[•·●▪\-–—*]|\d{1,2}[.、)）]|[(（]\d{1,2}[)）])")
_LIST_LINE_CHARS = 20  # 利州区 186家: a line this short without a full stop is a list item


def _names_its_own(text: str, readings: list[Reading], read_end: int, named: Cue) -> bool:
    """45家企业新获高新技术企业认定: the metric after the last figure is that figure's own
    (named after it), whose kind goes on, not a new topic's."""
    last = readings[-1] if readings else None
    return (
        last is not None
        and last.metric_id == named[0]
        and _FIRMS_AFTER.match(text, read_end) is not None
        and named[1] - read_end <= _FIRMS_AFTER_CHARS
    )


def _carries_topic(text: str, before: Span | None, paragraph: Span) -> bool:
    """Does ``paragraph`` go on about the metric the one before it named? After 如下：, in a
    list of short lines, after a table (its header's metric), or when it splits that total
    by region (从区县分布看，…)."""
    if before is None:
        return False
    line = text[paragraph.start : paragraph.end].strip().rstrip("；;。")  # an item's own end
    return (
        text[before.start : before.end].rstrip().endswith(("：", ":"))
        or text.startswith("|", before.start)
        or (len(line) <= _LIST_LINE_CHARS and not _FULL_STOP.search(line))
        or catalogue.word_group("region_breakdown").match(line) is not None
    )


def _continues_lead_in(text: str, before: Span | None, paragraph: Span, context: int) -> bool:
    """Is ``paragraph`` an item of a list a lead-in ending with ：opened (到2025年，主要目标：
    / • 高新技术企业突破150家, or lines ending with ；)? Its years are read from the lead-in
    on; items of a numbered list with no lead-in (1.… 2.…) stand alone."""
    if before is None:
        return False
    last = text[before.start : before.end].rstrip()
    lead_in = last.endswith(("：", ":"))
    chained = context < before.start  # the item before hung from a lead-in too
    item = _LIST_ITEM.match(text, paragraph.start) is not None
    marked = item and _LIST_ITEM.match(text, before.start) is not None
    # items each a line ending with ；(地区生产总值增长7%左右； / 新增高新技术企业15家；)
    return lead_in or (chained and (marked or last.endswith(("；", ";"))))


def _inside_span(q: Quantity, spans: Sequence[Span]) -> bool:
    return any(s.start <= q.start < s.end for s in spans)


def _inside(q: Quantity, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < q.end and q.start < b for a, b in spans)
