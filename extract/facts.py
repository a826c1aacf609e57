"""One article's normalised text → its facts: the figures, what they measure, whom and when."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields

from extract import __version__, catalogue, dates
from extract.attribute import Attributor
from extract.classify import Reading, classify
from extract.gazetteer import Gazetteer, Region
from extract.main_region import main_region
from extract.numbers import Quantity, find_quantities
from extract.segment import Sentence, sentences
from extract.subjects import Subjects
from extract.vocabulary import ARTICLE_DATE


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
        return asdict(self)


FACT_COLUMNS = [f.name for f in fields(Fact)]


def fact_id(doc_id: str, figure_start: int, metric_id: str, kind: str) -> str:
    key = f"{doc_id}|{figure_start}|{metric_id}|{kind}"
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def extract_facts(
    text: str,
    doc_id: str,
    published: str,
    gazetteer: Gazetteer,
    title: str = "",
    given_region: str = "",
    garbled: Sequence[tuple[int, int]] = (),
) -> tuple[Region | None, list[Fact]]:
    """The article's main region, and every region figure the text states, each once, in
    reading order."""
    quantities = [q for q in find_quantities(text) if not _inside(q, garbled)]
    subjects = Subjects(gazetteer, text)
    main = main_region(gazetteer, text, title, given_region, quantities, subjects)
    if not quantities:
        return main, []
    attributor = Attributor(gazetteer, main, text, subjects)
    article_year = dates.year_of(published)
    starts = [q.start for q in quantities]
    facts: list[Fact] = []
    seen: set[tuple[object, ...]] = set()
    for sentence in sentences(text):
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        previous: Reading | None = None
        window_start = sentence.start
        readings: list[Reading] = []
        in_turn = _respectively(text, sentence, quantities[lo:hi])
        for q in quantities[lo:hi]:
            clause = sentence.clause_at(q.start)
            if q.start in in_turn:  # 分别增长21.1%和32.6%: the i-th earlier figure's metric
                back = in_turn[q.start]
                previous = readings[-back] if back <= len(readings) else previous
                window_start = clause.start
            reading = classify(text, sentence, q, max(window_start, clause.start), previous)
            window_start = q.end
            if reading is not None and q.start not in in_turn:
                readings.append(reading)
            if reading is None:
                if q.family not in ("pp", "other"):
                    previous = None if q.family in ("count", "money") else previous
                continue
            previous = reading
            fact = _fact(text, doc_id, published, article_year, sentence, q, reading, attributor)
            if fact is None:
                continue
            key = (fact.region, fact.scope, fact.metric_id, fact.kind, round(fact.value, 4))
            if key not in seen:
                seen.add(key)
                facts.append(fact)
    return main, facts


def _fact(
    text: str,
    doc_id: str,
    published: str,
    article_year: int | None,
    sentence: Sentence,
    q: Quantity,
    reading: Reading,
    attributor: Attributor,
) -> Fact | None:
    where = attributor.attribute(sentence, q.start)
    if where is None:
        return None
    clause = sentence.clause_at(q.start)
    quote_start = min(reading.cue_start, clause.start)
    quote_end = clause.end
    while quote_end > q.end and text[quote_end - 1] in "，,;；。:：、":
        quote_end -= 1
    year, year_source = _year(text, sentence, q, reading, article_year)
    period = dates.stated_period(text[sentence.paragraph.start : q.start])
    return Fact(
        fact_id=fact_id(doc_id, q.start, reading.metric_id, reading.kind),
        doc_id=doc_id,
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
        year=year,
        year_source=year_source,
        period=period,
        quote=text[quote_start:quote_end],
        quote_start=quote_start,
        quote_end=quote_end,
        figure_text=q.text,
        figure_start=q.start,
        figure_end=q.end,
        published=published,
    )


def _year(
    text: str, sentence: Sentence, q: Quantity, reading: Reading, article_year: int | None
) -> tuple[int | None, str]:
    """The year the sentence (or its paragraph, before it) states; else the article's."""
    stated = dates.stated_year(text[sentence.start : q.start], article_year)
    if stated is None:
        stated = dates.stated_year(text[sentence.paragraph.start : sentence.start], article_year)
    if stated is not None:
        return stated
    if reading.kind == "target" and catalogue.word_group("longterm").search(
        text, sentence.start, sentence.end
    ):
        return None, ""  # a long-term goal states no year
    return article_year, ARTICLE_DATE if article_year is not None else ""


def _respectively(text: str, sentence: Sentence, quantities: list[Quantity]) -> dict[int, int]:
    """Figures after 分别 → how far back the figure they follow stands (n, n-1 … 1)."""
    found: dict[int, int] = {}
    for m in catalogue.word_group("respectively").finditer(text, sentence.start, sentence.end):
        clause = sentence.clause_at(m.start())
        after = [q for q in quantities if m.end() <= q.start < clause.end]
        if len(after) < 2:
            continue
        for i, q in enumerate(after):
            found[q.start] = len(after) - i
    return found


def _inside(q: Quantity, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < q.end and q.start < b for a, b in spans)
