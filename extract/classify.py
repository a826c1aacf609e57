"""What a figure measures: its metric and its kind (value, increment, target, growth, share, rank).

The metric comes from the nearest catalogue cue before the figure in its clause,
or from the noun phrase right after a classifier (新建3个博士后创新实践基地),
or, for a continuation (同比增长5.61%, 总数增至146个, 居全省第3位), from the
figure before it in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract import catalogue
from extract.numbers import Quantity
from extract.segment import Sentence

_PERSON_UNIT = "人"
_MONEY_UNIT = "亿元"
_PERCENT_UNIT = "%"
# Where a noun phrase after a classifier stops: punctuation, a line end, or a conjunction.
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A clause holding only another region's name before its figure (，绵阳市1011家).
_REGION_ONLY = re.compile(
    r"^[，,、;；\s]*[\u4e00-\u9fff]{1,6}?(?:市|区|县|州|省)(?:为|有|达|是|共)?$"
)
_PHRASE_END = re.compile(r"[，。；：！？,.;:!?\n]|和|及|与|等")


@dataclass(frozen=True)
class Reading:
    metric_id: str
    kind: str
    value: float
    unit: str
    estimated: bool
    cue_start: int  # where the metric was named, for the quote


def _cue_before(text: str, sentence: Sentence, start: int, end: int) -> tuple[str, int, int] | None:
    """The last cue in text[start:end] whose context holds; longest wins at the same end."""
    best: tuple[str, int, int] | None = None
    for m in catalogue.cue_pattern().finditer(text, start, end):
        metric_id = _valid_metric(text, sentence, m)
        if metric_id and (best is None or m.end() >= best[2]):
            best = (metric_id, m.start(), m.end())
    return best


def _valid_metric(text: str, sentence: Sentence, m: re.Match[str]) -> str | None:
    for cue in catalogue.cues_by_phrase()[m.group(0)]:
        if cue.requires is None or cue.requires.search(text, sentence.start, m.start()):
            return cue.metric_id
    return None


def _phrase_after(text: str, sentence: Sentence, q: Quantity) -> int:
    """End of the noun phrase right after a figure (q.end when none follows)."""
    if q.end >= sentence.end or text[q.end] in "、":
        return q.end
    stop = _PHRASE_END.search(text, q.end, sentence.end)
    return stop.start() if stop else sentence.end


def _cue_after(text: str, sentence: Sentence, q: Quantity) -> tuple[str, int, int] | None:
    """A cue that ends the noun phrase right after a classifier: 3个博士后创新实践基地."""
    end = _phrase_after(text, sentence, q)
    if end == q.end or end - q.end > 24:
        return None
    found = _cue_before(text, sentence, q.end, end)
    return found if found and found[2] == end else None


# Counts of organisations are written with 家 or 个 alike (创新平台91家); other units must agree.
_ORG_UNITS = frozenset({"家", "个"})


def _fits(metric_unit: str, q: Quantity) -> bool:
    if q.family == "money":
        return metric_unit == _MONEY_UNIT
    if q.family == "count":
        return q.unit == metric_unit or {q.unit, metric_unit} <= _ORG_UNITS
    return False


def _counts_other_noun(text: str, sentence: Sentence, q: Quantity) -> bool:
    """等14个成果转化平台: a noun after the classifier says what is counted, and it is no cue."""
    end = _phrase_after(text, sentence, q)
    return end - q.end >= 3 and _cue_after(text, sentence, q) is None


def _blank(text: str, start: int, end: int, cue: tuple[str, int, int] | None) -> str:
    """text[start:end] with the cue phrase itself blanked (增加值 is a name, not 增加)."""
    window = text[start:end]
    if cue and start <= cue[1] < end:
        a, b = cue[1] - start, min(cue[2], end) - start
        window = window[:a] + " " * (b - a) + window[b:]
    return window


def classify(
    text: str, sentence: Sentence, q: Quantity, window_start: int, previous: Reading | None
) -> Reading | None:
    """Read one quantity; ``window_start`` is where its own words begin (after the last figure)."""
    if q.family not in ("count", "money", "percent", "rank"):
        return None
    clause = sentence.clause_at(q.start)
    head = text[clause.start : q.start]
    if catalogue.word_group("skip").search(head):
        return None
    cue = None
    if q.family in ("count", "money"):
        cue = _cue_after(text, sentence, q)
        if cue is None and _counts_other_noun(text, sentence, q):
            return None
    cue = cue or _cue_before(text, sentence, window_start, q.start)
    inherited = False
    if cue is None:
        if previous is None or not _continues(text, window_start, q):
            return None
        inherited = True
        metric_id = previous.metric_id
    else:
        metric_id = cue[0]
    metric = catalogue.metrics()[metric_id]
    kind_window = _blank(text, clause.start, q.start, cue)
    own_window = _blank(text, window_start, q.start, cue)
    estimated = bool(catalogue.word_group("estimate").search(own_window))

    if q.family == "rank":
        return Reading(metric_id, "rank", q.value, "位", estimated, clause.start)
    if q.family == "percent":
        if catalogue.word_group("share").search(own_window):
            kind = "share"
        elif catalogue.word_group("growth").search(own_window):
            kind = "growth"
        elif metric.unit == _PERCENT_UNIT and not inherited:
            kind = _level_kind(text, sentence, q, kind_window)
        else:
            return None
        return Reading(metric_id, kind, q.value, _PERCENT_UNIT, estimated, clause.start)
    if not _fits(metric.unit, q):
        return None
    kind = _level_kind(text, sentence, q, kind_window)
    return Reading(metric_id, kind, q.value, metric.unit, estimated, clause.start)


def _level_kind(text: str, sentence: Sentence, q: Quantity, kind_window: str) -> str:
    if catalogue.word_group("target").search(kind_window) or catalogue.word_group(
        "target_sentence"
    ).search(text, sentence.start, q.start):
        return "target"
    if catalogue.word_group("increment").search(kind_window):
        return "increment"
    return "value"


def _continues(text: str, window_start: int, q: Quantity) -> bool:
    """Does the figure continue the previous one's metric (同比增长, 总数增至, 居全省第3位)?"""
    if q.family in ("percent", "rank"):
        return True
    window = text[window_start : q.start]
    if _REGION_ONLY.match(window):  # 成都市1.2万家，绵阳市1011家: the next region's figure
        return True
    if not catalogue.word_group("inherit").search(window):
        return False
    # 总数增至146个 continues; 园区企业知识产权拥有量达3500余件 names something else.
    rest = catalogue.word_group("inherit").sub("", window)
    rest = catalogue.word_group("whole_region").sub("", rest)
    return len(_CJK.findall(rest)) <= 3
