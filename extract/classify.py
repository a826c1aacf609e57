"""What a figure measures: its metric and its kind (value, increment, target, growth, share, rank).

The metric comes from the nearest catalogue cue before the figure since the figure
before it (across clauses: R&D经费投入强度…创历史新高，达到3.30%), or from the noun
phrase right after a classifier (新建3个博士后创新实践基地), or, for a continuation
(同比增长5.61%, 总数增至146个, 居全省第3位), from the figure before it. A cue is no
name of the figure when it is a definition in brackets (R&D经费与GDP之比), the whole a
share is taken of (占规上工业总产值比重), or a subset names the part of it meant
(规模以上工业企业R&D经费, 第三产业科技型企业).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract import catalogue
from extract.number_words import skip_space
from extract.numbers import Quantity
from extract.segment import Sentence, Span

_MONEY_UNIT = "亿元"
_PERCENT_UNIT = "%"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PART_OF = re.compile(r"[，,、]?其中|.{0,10}(?:其中的?|贡献了?)$")  # 其中我区11家; 我县贡献14家
_LEVEL_AGAIN = re.compile(r"^[、，,]?(?:达到|达(?![州川])|增至|共计)")  # not 达州市
_GENERIC_FIRMS = re.compile(r"(?:家)?企业(?:通过|获得|被)?")
_NEXT_ITEM = re.compile(r"\s*、\s*")  # the words of a list's next item, its name left out
_FIRMS_BEFORE = re.compile(r"^(?:家)?企业(?:通过|获得|被)?[^，,；;。]{0,8}[，,]")
_TWO_CJK = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff]")  # two or more
# 从2021年的40.1%下降至2022年的16.4%: the figure after 至 is the same measure as before it.
_CHANGE_TO = re.compile(  # 增加至146个; 净增12户至157户 (至 right after the change)
    r"(?:(?:增加|增长|提高|提升|上升|扩大|下降|减少|降低|回落|增|降|升)(?:至|到)[^，,。；;]{0,8}|^(?:至|到))$"
)
_CHANGE_FROM = re.compile(r"(?:从|由)[^，,。；;至到]{0,10}$")
_PHRASE_END = re.compile(r"[，。；：！？,.;:!?\n]|和|及|与|等")
_CLOSE_QUOTES = "”’\"'」』"
# A percentage written without its sign (强度2.36) reads as one only right after its cue.
_BARE_PERCENT_GAP = re.compile(r"[ \t]*(?:为|达|达到|是|约)?[ \t]*")
_BRACKET_LOOKBACK = 40  # a definition in brackets is short
_RD_METRICS = frozenset({"rd_spending", "rd_intensity"})
_HEAD_CHARS = 120  # the clause words before a figure that decide its kind (新增 heads a list)
_NEAR_CHARS = 60  # how far back a clause's words are searched for what a figure counts
_HEAD_CUE = 4  # a cue this close to its paragraph's head takes its context from before it
_CONTEXT_CHARS = 80  # how far back in its paragraph a cue's context may stand (登记技术合同…成交额)
_BRACKETED_END = re.compile(r"\([^()]*\)$")
_BRACKETED = re.compile(r"\([^()]*\)")
_FIRMS_THAT = re.compile(r"[\u4e00-\u9fff][^，,；;。]*的(?:企业|单位|机构)(?:数)?(?:为|有|达到?)?$")
_THOSE_THAT = re.compile(r"[\u4e00-\u9fff]的(?:仅|只)?有$")
_RATE_AFTER = re.compile(r"的?(?:增速|增幅|速度增长)")
_BEFORE_CUE = 14  # how far before a cue its subset or yardstick words stand


@dataclass(frozen=True)
class Reading:
    metric_id: str
    kind: str
    value: float
    unit: str
    estimated: bool
    cue_start: int  # where the metric was named, for the quote
    base_year: int | None = None  # a growth rate stated against this year (较2015年)
    change_from: bool = False  # the first figure of 从88家增加至131家
    rank_of: str = ""  # for a rank, what is ranked: value, growth or share (增速排第6位)


Cue = tuple[str, int, int]  # metric_id, start, end


def cues_between(text: str, sentence: Sentence, start: int, end: int) -> list[Cue]:
    """The cues in text[start:end] that name figures, in order (a list of metrics)."""
    found: list[Cue] = []
    for m in catalogue.cue_pattern().finditer(text, start, end):
        metric_id = _valid_metric(text, sentence, m)
        if metric_id is None or _in_brackets(text, sentence, m.start()):
            continue
        before = text[max(sentence.start, m.start() - _BEFORE_CUE) : m.start()]
        if catalogue.word_group("yardstick_cue").search(before):
            continue  # 占全市规上工业总产值的28.3%: the whole a share is taken of
        found.append((metric_id, m.start(), m.end()))
    return found


def _cue_before(text: str, sentence: Sentence, start: int, end: int) -> Cue | None:
    """The last cue in text[start:end] that names a figure."""
    found = cues_between(text, sentence, start, end)
    return found[-1] if found else None


def _valid_metric(text: str, sentence: Sentence, m: re.Match[str]) -> str | None:
    context_start = max(sentence.paragraph.start, m.start() - _CONTEXT_CHARS)
    if m.start() - sentence.paragraph.start <= _HEAD_CUE:  # 从投入强度看，…: goes on from before
        context_start = max(0, m.start() - 2 * _CONTEXT_CHARS)
    for cue in catalogue.cues_by_phrase()[m.group(0)]:
        if cue.requires is not None and not cue.requires.search(text, context_start, m.start()):
            continue
        if cue.followed_by is not None and not cue.followed_by.match(text, m.end()):
            continue
        return cue.metric_id
    return None


def _in_brackets(text: str, sentence: Sentence, pos: int) -> bool:
    """Inside (…) opened shortly before ``pos``: a definition, not the figure's name."""
    lo = max(sentence.start, pos - _BRACKET_LOOKBACK)
    return text.rfind("(", lo, pos) > text.rfind(")", lo, pos)


def _names_part(text: str, clause_start: int, cue: Cue) -> bool:
    """规模以上工业企业R&D经费, 第三产业科技型企业, 企业研发经费: a part of what the cue names."""
    before = text[max(clause_start, cue[1] - 2 * _BEFORE_CUE) : cue[1]]
    before = _BRACKETED_END.sub("", before)[-_BEFORE_CUE:]  # 非工业企业(重点建筑业企业)R&D经费
    if catalogue.word_group("subset").search(before):
        return True
    return cue[0] in _RD_METRICS and catalogue.word_group("subset_rd").search(before) is not None


def _part_s_rd_goes_on(text: str, sentence: Sentence, clause: Span, cue: Cue) -> bool:
    """园区内规上工业企业研发投入增长13.5%，研发投入强度达到2.6%: a clause that opens with an
    R&D cue goes on with the R&D of the part the clause before named."""
    opens = not text[clause.start : cue[1]].strip()
    if cue[0] not in _RD_METRICS or not opens or clause.start == sentence.start:
        return False
    if catalogue.word_group("whole_economy").search(text, cue[1], cue[2]):
        return False  # …，全社会研发投入强度达到2.6%: the whole region's again
    earlier = Span(sentence.start, clause.start)
    cues = [
        c for c in cues_between(text, sentence, earlier.start, earlier.end) if c[0] in _RD_METRICS
    ]
    return bool(cues) and _names_part(text, sentence.start, cues[-1])


def _phrase_after(text: str, sentence: Sentence, q: Quantity) -> int:
    """End of the noun phrase right after a figure (q.end when none follows)."""
    if q.end >= sentence.end or text[q.end] in "、" + _CLOSE_QUOTES:
        return q.end  # …达到25亿元”的目标: a quote closes, no noun of the figure's follows
    stop = _PHRASE_END.search(text, q.end, sentence.end)
    end = stop.start() if stop else sentence.end
    while end > q.end and text[end - 1] in _CLOSE_QUOTES:
        end -= 1
    return end


def _cue_after(text: str, sentence: Sentence, q: Quantity) -> Cue | None:
    """A cue that ends the noun phrase right after a classifier: 3个博士后创新实践基地,
    24家企业获评“国家高新技术企业”."""
    end = _phrase_after(text, sentence, q)
    defined = _DEFINED_AFTER.match(text, q.end)  # 31家——这是全区有效高新技术企业的数量
    if defined is None and (end == q.end or end - q.end > 24):
        return None
    found = _cue_before(text, sentence, defined.end() if defined else q.end, end)
    if found is None:
        return None
    first = cues_between(text, sentence, q.end, end)[0]
    clause = sentence.clause_at(q.start)
    if (
        first[1] == skip_space(text, q.end)
        and _verb_follows(text, first[2])
        and not cues_between(text, sentence, max(clause.start, q.start - _NEAR_CHARS), q.start)
    ):
        return first  # 119户规模以上工业企业累计完成…: the noun right after the figure
    tail = text[found[2] : end]  # 67家企业通过高新技术企业认定: what the firms went through
    if defined and _AMOUNT_TAIL.fullmatch(tail):
        return found  # …高新技术企业的数量: the figure is that amount
    return found if not tail or catalogue.word_group("count_tail").fullmatch(tail) else None


_DEFINED_AFTER = re.compile(r"\s*[—―-]{1,2}\s*(?:这就是|这是|即)")
_AMOUNT_TAIL = re.compile(r"的?(?:数量|总量|总数|数)")
# Counts of organisations are written with 家 or 个 alike (创新平台91家); other units must agree.
_ORG_UNITS = frozenset({"家", "个"})


def _fits(metric_unit: str, q: Quantity) -> bool:
    if q.family == "money":
        return metric_unit == _MONEY_UNIT
    if q.family == "count":
        return q.unit == metric_unit or {q.unit, metric_unit} <= _ORG_UNITS
    return False


def _verb_follows(text: str, pos: int) -> bool:
    groups = ("connective", "increment", "growth", "inherit", "comparison")
    return any(catalogue.word_group(g).match(text, pos) for g in groups)


def _counts_other_noun(text: str, sentence: Sentence, q: Quantity) -> bool:
    """等14个成果转化平台: a noun after the classifier says what is counted, and it is no cue."""
    end = _phrase_after(text, sentence, q)
    nouns = _TWO_CJK.search(text, q.end, end) is not None  # not a footnote mark such as [1]
    if not nouns or end - q.end < 3 or _verb_follows(text, q.end):
        return False  # 88家增加至131家, 431家净增89家: a verb follows, not a noun
    if catalogue.word_group("level_word").match(text, q.end):
        return False  # 迈上6.8万亿元台阶: a level the figure reached, no other noun
    if _GENERIC_FIRMS.fullmatch(catalogue.word_group("count_tail").sub("", text[q.end : end])):
        return False  # 19家企业通过认定: firms of the metric being talked about
    return _cue_after(text, sentence, q) is None


def _blank(text: str, start: int, end: int, cue: Cue | None) -> str:
    """text[start:end] with the cue phrase itself blanked (增加值 is a name, not 增加)."""
    window = text[start:end]
    if cue and start <= cue[1] < end:
        a, b = cue[1] - start, min(cue[2], end) - start
        said = catalogue.word_group("stock").match(window, a, b)
        a = said.end() if said else a  # 有效高新技术企业: a name that says it counts them all
        window = window[:a] + " " * (b - a) + window[b:]
    return window


def _company_goes_on(
    text: str, sentence: Sentence, clause: Span, names: Sequence[tuple[int, int]]
) -> bool:
    """甲公司获批省级企业技术中心，年研发投入超过8000万元: a clause with no subject of its
    own goes on with the company the clause before it opened with."""
    if clause.start <= sentence.start or any(clause.start <= a < clause.end for a, _ in names):
        return False
    if catalogue.word_group("whole_region").match(text, clause.start):
        return False  # …公司落户，全区研发投入…: the region's own again
    before = sentence.clause_at(clause.start - 1)
    return catalogue.word_group("company_opening").match(text, before.start) is not None


def _company_figure(head: str, q: Quantity | None = None) -> bool:
    """该公司…, 集团…: a company's own figure; but 甲公司、乙公司等24家企业 counts companies."""
    found = list(catalogue.word_group("skip").finditer(head))
    counts_firms = (
        q is not None and q.family == "count" and "等" in head[found[-1].end() :]
        if found
        else False
    )
    return bool(found) and not counts_firms


def classify(
    text: str,
    sentence: Sentence,
    q: Quantity,
    window_start: int,
    previous: Reading | None,
    goal: bool = False,
    named: Cue | None = None,
    names: Sequence[tuple[int, int]] = (),
    listed: bool = False,
) -> Reading | None:
    """Read one quantity. ``window_start`` is where its own words begin (after the figure
    before it); ``goal`` says it stands in a goal's context; ``named`` is the metric a list
    pairs with it (分别); ``names`` are the region names in its words, which name no metric;
    ``listed`` says a list of regions pairs with it (A、B和C，分别为…)."""
    clause = sentence.clause_at(q.start)
    head = max(clause.start, q.start - _HEAD_CHARS)
    if _company_figure(text[head : q.start], q) or _company_goes_on(text, sentence, clause, names):
        return None
    if text.startswith("的", q.end) and catalogue.word_group("threshold_after").match(
        text, q.end + 1
    ):
        return None  # 投入超过20亿元的市(州)有7个: a threshold, not a figure of anyone
    counted = q.family in ("count", "money")
    if q.qualifier in ("at_least", "at_most") and catalogue.word_group("region_count").search(
        text, max(clause.start, q.start - _NEAR_CHARS), q.start
    ):
        return None  # 仍有3个区县有效高新技术企业不足5家: a bar those regions are under
    cue = named or (_cue_after(text, sentence, q) if counted else None)
    after = cue is not None and named is None
    if counted and catalogue.word_group("after_condition").match(text, skip_space(text, q.end)):
        return None  # 有52户实现产值正增长: the firms that met a condition, a part
    if counted and catalogue.word_group("recertified").search(text, head, q.start):
        return None  # 其中首次认定112家、重新认定75家: firms certified again, none new
    if after and _company_figure(text[q.end : _phrase_after(text, sentence, q)]):
        return None  # 42家企业申报高新技术企业认定: applications, not firms certified
    if cue is None:
        if counted and _counts_other_noun(text, sentence, q):
            return None
        cue = _cue_before(text, sentence, window_start, q.start)
    if cue is not None and (
        _names_part(text, clause.start, cue) or _part_s_rd_goes_on(text, sentence, clause, cue)
    ):
        return None
    those = counted and _THOSE_THAT.search(text, max(clause.start, q.start - _NEAR_CHARS), q.start)
    named = those and any(
        c[2] == those.start() + 1
        for c in cues_between(text, sentence, clause.start, those.start() + 1)
    )  # 其中国家级的有4个: the words before 的 name a metric
    if (
        those
        and not named
        and not catalogue.word_group("increment").search(
            text, max(clause.start, those.start() - 4), those.start() + 1
        )
    ):
        return (
            None  # 营业收入过亿元的仅有3家: those that meet a condition (新认定的有9家: new ones)
        )
    near = max(clause.start, q.start - _NEAR_CHARS)  # a bounded look back: linear in a list
    firms_that = counted and _FIRMS_THAT.search(text, near, q.start)
    if cue is not None and not after and cue[2] <= clause.start and firms_that:
        return None  # 规模以上工业企业中，开展R&D活动的企业46家: the firms that do something
    earlier_cue = cue is not None and not after and cue[2] <= clause.start
    if (
        earlier_cue
        and counted
        and catalogue.word_group("own_count_noun").search(text, near, q.start)
    ):
        return None  # …共建研究院，引进博士团队2个: the clause counts a noun of its own
    inherited = cue is None
    own = _without(text, window_start, q.start, names)
    same_measure = previous is not None and (previous.unit == _PERCENT_UNIT) == (
        q.family == "percent"
    )
    changed = same_measure and bool(_CHANGE_TO.search(own))
    if inherited:
        if (
            previous is None
            or not (
                _continues(own, q)
                or (listed and _names_nothing(own))  # 其余四市分别为61家、…: the list's figures
                or (yardstick_total(text, q, window_start, names) and _names_only(own, previous))
                or (
                    # 东坡区投入14.26亿元，占全市的36.6%；彭山区投入10.38亿元: another's level
                    (previous.kind == "value" or (counted and previous.kind in ("share", "growth")))
                    and _another_region(text[window_start : q.start], own)
                )
            )
        ):
            return None
        metric_id = _verb_metric(own, previous.metric_id)
    else:
        metric_id = cue[0]
    metric = catalogue.metrics()[metric_id]
    if listed and inherited:  # A、B、C新认定数居前三位，分别为…: the list's clause says the kind
        head = max(sentence.start, q.start - _HEAD_CHARS)
    words_start = min(head, cue[1]) if cue and not after else head
    kind_window = _blank(text, words_start, q.start, cue)
    if after:  # 24家企业获评“国家高新技术企业”: the words after the figure say the kind
        words_after = _blank(text, q.end, _phrase_after(text, sentence, q), cue)
        stock = catalogue.word_group("stock").search(kind_window)  # 共有213家企业被认定为…
        if catalogue.word_group("new_after").search(words_after) and not stock:
            words_after += "新增"  # 2家企业被认定为…: firms certified now, not all that are
        kind_window += words_after
    own_window = _blank(text, window_start, q.start, cue)
    if catalogue.word_group("part_after").search(own_window):
        return None  # 电子信息领域5589家: one part of the total the cue named
    estimated = bool(catalogue.word_group("estimate").search(own_window))
    cue_start = cue[1] if cue and not after else clause.start

    if q.family == "rank":
        if q.qualifier == "at_most":
            return None  # 进入全国前10位: among the first ten, no position
        return Reading(
            metric_id, "rank", q.value, "位", estimated, clause.start,
            rank_of=_rank_of(own_window, previous if inherited else None),
        )  # fmt: skip
    if q.family == "other" and not inherited:
        return _bare_percent(text, q, cue, metric.unit, kind_window, goal, estimated)
    change_from = bool(_CHANGE_FROM.search(own))
    counts_firms = cue is not None and not after and metric.unit in _ORG_UNITS
    if (
        q.family == "percent"
        and counts_firms
        and catalogue.word_group("measure_noun").search(text, cue[2], q.start)
    ):
        return None  # 规上工业企业研发费用增长19.2%: the rate of what the firms spend
    if q.family == "percent":
        if changed and previous is not None and previous.metric_id == metric_id:
            kind: str | None = previous.kind  # 从2021年的40.1%下降至2022年的16.4%
        elif metric.unit == _PERCENT_UNIT and not inherited and _CHANGE_TO.search(own):
            kind = "target" if goal or _is_goal(kind_window) else "value"  # 强度提升至1.93%
        elif inherited and previous is not None and _NEXT_ITEM.fullmatch(own):
            kind = previous.kind  # 市中区增长8.2%、东兴区7.5%: the next item, the same rate
        elif (
            inherited
            and previous is not None
            and metric.unit == _PERCENT_UNIT
            and catalogue.word_group("earlier_level").search(own)
        ):
            kind = previous.kind  # 强度达到1.86%，较上年的1.71%提高…: the level a year before
        elif (
            inherited
            and previous is not None
            and metric.unit == _PERCENT_UNIT
            and previous.kind == "value"
            and (listed or _another_region(text[window_start : q.start], own))
        ):
            kind = "value"  # 绵阳市…强度达到7.04%，德阳市为3.51%: the rate of another region
        else:
            if _RATE_AFTER.match(text, q.end):  # 以9.8%的增速领跑全市: the rate of growth
                own_window += "增速"
            rate_window = own_window
            if metric.unit == _PERCENT_UNIT and cue is not None and not after:
                # …投入保持较快增长，研发经费投入强度首次突破2%: a rate's own words follow its name
                rate_window = _blank(text, max(window_start, cue[1]), q.start, cue)
            kind = _percent_kind(rate_window, metric.unit, inherited, kind_window, goal)
        if kind is None:
            return None
        if kind == "share" and metric_id == "rd_spending" and _of_gdp(own_window):
            metric_id, kind = "rd_intensity", "value"  # R&D经费…，占地区生产总值的1.47%
        base = (
            _base_year(own_window, text[clause.start : window_start]) if kind == "growth" else None
        )
        value = q.value
        if kind == "growth" and catalogue.word_group("decline").search(own_window.rstrip()):
            value = -value  # 下降3.1%: the rate of a fall is negative
        return Reading(
            metric_id, kind, value, _PERCENT_UNIT, estimated, cue_start, base, change_from
        )
    if not _fits(metric.unit, q):
        return None
    if not after and counted and _GENERIC_FIRMS.match(text, q.end):
        kind_window += text[q.end : _phrase_after(text, sentence, q)]  # 19家企业通过认定
    if cue is not None and catalogue.word_group("new_by_name").search(text, cue[1], cue[2]):
        kind_window += "新增"  # 升规工业企业: the name itself says they are new
    # 从88家增加至131家: both ends are levels, whatever the verb between them says
    if (changed or change_from) and not goal:
        kind = "value"
    elif (
        previous is not None
        and (inherited or previous.kind == "increment")
        and _part_counted_alike(own, previous)
    ):
        kind = previous.kind  # 19家企业通过认定，其中我区11家: a part, counted as the whole was
    elif listed and inherited and previous is not None and previous.kind == "increment":
        kind = previous.kind  # 新认定132家。A、B、C新认定数居前三位，分别为43家…: new ones too
    else:
        kind = _level_kind(kind_window, goal, own_window)
    value = q.value
    if kind == "value" and catalogue.word_group("decline").search(own_window.rstrip()):
        kind, value = "increment", -value  # 比上年末减少1户: a fall in the count
    flow = kind == "increment" or (kind == "value" and (q.family == "money" or q.unit == "项"))
    if flow and _over_several_years(text, sentence, q):
        return None  # “十四五”以来累计新增科技型企业120家: a total over years, not a year's
    # 较2015年增加7家; 较2021年底的5家增加了4家
    base = (
        _base_year(own_window, text[clause.start : window_start]) if kind == "increment" else None
    )
    return Reading(metric_id, kind, value, metric.unit, estimated, cue_start, base, change_from)


def _of_gdp(own_window: str) -> bool:
    """占地区生产总值的: a share taken of the region's GDP (R&D spending's is its intensity)."""
    return catalogue.word_group("gdp_whole").search(own_window) is not None


def _over_several_years(text: str, sentence: Sentence, q: Quantity) -> bool:
    """累计 after a span of years earlier in the sentence (2017年以来, 五年, “十四五”以来): what
    is new or done over those years (not a level reached, 累计建成平台31个)."""
    lead = text[sentence.start : q.start]
    span = catalogue.word_group("years_span").search(lead)
    return span is not None and "累计" in lead[span.start() :]


def threshold_of(
    text: str, sentence: Sentence, q: Quantity, window_start: int
) -> tuple[Reading, int] | None:
    """投入超过10亿元的县(区)有…: no figure of anyone, but the metric the figures after it
    (分别为17.34亿元和13.02亿元) go on with, and where the threshold's words end; so too the
    top places of a ranking (科技型企业数量居前三位的分别是A、B、C，数量分别为…); None for any
    other figure."""
    # …居前三位的分别是: the places the regions named next take (not 电子信息…居前三位)
    top = q.family == "rank" and q.qualifier == "at_most" and text.startswith("的", q.end)
    after = (
        catalogue.word_group("threshold_after").match(text, q.end + 1)
        if text.startswith("的", q.end)
        else None
    )
    cue = _cue_before(text, sentence, window_start, q.start) if after or top else None
    if cue is None:
        return None
    if after and catalogue.word_group("threshold_part").fullmatch(after.group(0)):
        return (
            None  # 营业收入过10亿元的企业仅有2家: firms over a line are a part, no metric goes on
        )
    metric = catalogue.metrics()[cue[0]]
    reading = Reading(cue[0], "value", q.value, metric.unit, False, cue[1])
    return reading, after.end() if after else q.end


def _bare_percent(
    text: str, q: Quantity, cue: Cue | None, unit: str, kind_window: str, goal: bool, est: bool
) -> Reading | None:
    """R&D经费投入强度2.36: a percentage metric's figure printed without its sign."""
    if cue is None or unit != _PERCENT_UNIT or q.raw_unit or not 0 < q.value < 100:
        return None
    gap = _BRACKETED.sub("", text[cue[2] : q.start])  # 强度(与地区生产总值之比)为1.43
    if not _BARE_PERCENT_GAP.fullmatch(gap):
        return None
    return Reading(cue[0], _level_kind(kind_window, goal), q.value, unit, est, cue[1])


def _percent_kind(
    own_window: str, unit: str, inherited: bool, kind_window: str, goal: bool
) -> str | None:
    if catalogue.word_group("multi_year").search(own_window):
        return None  # 复合增长率, 年均增长: not a change on the year before
    if catalogue.word_group("not_rate").search(own_window):
        return None  # 对…增长贡献达96.9%: a contribution, not the metric's rate
    if catalogue.word_group("share").search(own_window):
        kind = "share"
    elif catalogue.word_group("growth").search(own_window):
        kind = "growth"
    elif unit == _PERCENT_UNIT and not inherited:
        return _level_kind(kind_window, goal)
    else:
        return None
    # A goal for a rate of change or a share has no kind in FACTS.md (力争增长10%).
    return None if goal or _is_goal(kind_window) else kind


def _verb_metric(own: str, borrowed: str) -> str:
    """新认定18家 after 入库科技型中小企业426户: the verb's metric, where both are verbs'."""
    table = catalogue.verb_metrics()
    if not any(metric_id == borrowed for _, metric_id in table):
        return borrowed
    return next((metric_id for verb, metric_id in table if verb.search(own)), borrowed)


def _is_goal(kind_window: str) -> bool:
    """A goal's words before the figure; 将 after 预计 says what is expected, no goal
    (预计全年规上工业总产值将突破1500亿元: an estimate)."""
    estimate = catalogue.word_group("estimate").search(kind_window)
    return any(
        not (m.group() == "将" and estimate and estimate.start() < m.start())
        for m in catalogue.word_group("target").finditer(kind_window)
    )


def _part_counted_alike(own: str, previous: Reading) -> bool:
    """其中我区11家 after a count of what was certified: the part is counted the same way,
    unless its own words say how (其中2024年新增6家)."""
    own = _FIRMS_BEFORE.sub("", own, count=1)
    if _NEXT_ITEM.fullmatch(own) and previous.kind in ("value", "increment"):
        return True  # 顺庆区11家、高坪区8家: the next item, counted as the one before
    if previous.kind not in ("value", "increment", "target") or not _PART_OF.match(own):
        return False
    return not any(catalogue.word_group(g).search(own) for g in ("increment", "stock", "target"))


def _level_kind(kind_window: str, goal: bool, own_window: str = "") -> str:
    """target (a goal), increment (新增), or value; the last of 新增 / 累计 before the figure
    decides (净增33家、总量达到166家)."""
    if goal or _is_goal(kind_window):
        return "target"
    stock = [
        (m.end(), m.start(), "value") for m in catalogue.word_group("stock").finditer(kind_window)
    ]
    added = [
        (m.end(), m.start(), "increment")
        for m in catalogue.word_group("increment").finditer(kind_window)
    ]
    covered = {end for end, _, _ in stock}
    kind = "value"
    for end, start, word_kind in sorted(stock + added):
        if word_kind == "increment" and start in covered and kind_window[start] != "新":
            covered.add(end)  # 累计引进培育: a total; 累计新培育 adds up what was new
        else:
            kind = word_kind
    if kind == "increment" and own_window and _LEVEL_AGAIN.search(own_window):
        return "value"  # 新增国家高新技术企业4家、达到17家: the list's 新增 stops at 达到
    return kind


def _rank_of(own_window: str, previous: Reading | None) -> str:
    """增速位居全省第9位 ranks growth; 总量排第3位 or a rank after a level ranks the level."""
    if catalogue.word_group("share").search(own_window):
        return "share"
    if catalogue.word_group("growth").search(own_window):
        return "growth"
    if previous is not None and previous.kind in ("growth", "share"):
        return previous.kind
    return "value"


_YEAR = re.compile(r"(20\d\d)年")
# the level a change is measured from, right before the change (较2021年底的5家|增加了4家)
_EARLIER_YEAR = re.compile(r"(?:较|比)(20\d\d)年(?:底|末|同期)?的[^，,；;。]{1,12}$")


def _base_year(own_window: str, before: str = "") -> int | None:
    """较2015年增长55%: the year a change is measured against, when stated in its own
    words or with the earlier level it follows (较2021年底的5家增加了4家)."""
    if earlier := _EARLIER_YEAR.search(before):
        return int(earlier.group(1))
    found = None
    for m in _YEAR.finditer(own_window):
        if catalogue.word_group("year_base").search(own_window, max(0, m.start() - 3), m.start()):
            found = int(m.group(1))
    return found


def names_other(
    text: str, window_start: int, q: Quantity, names: Sequence[tuple[int, int]] = ()
) -> bool:
    """Do a figure's own words name something other than the figure before it? Then what
    follows no longer continues that figure (工业投资增长25.9%，…)."""
    return not _continues(_without(text, window_start, q.start, names), q)


# 占全市231家的, 约占绵阳全市768家的: the whole's total before its share
_YARDSTICK_TOTAL = re.compile(r"(?:约|近|仅|只|已|共)?占(?:全部|全|总)?[^，,。；;\d%]{0,16}$")
_SHARE_NEXT = re.compile(r"的(?:比重|比例)?(?:为|达)?\d")


def yardstick_total(
    text: str, q: Quantity, start: int, names: Sequence[tuple[int, int]] = ()
) -> bool:
    """占绵阳全市231家的37.2%: the whole a share is taken of, written out; it is that whole's
    figure of the metric before. ``start`` is where the figure's own words begin."""
    own = _without(text, start, q.start, names).strip().lstrip("，,、")
    return (
        q.family in ("count", "money")
        and _YARDSTICK_TOTAL.fullmatch(own) is not None
        and _SHARE_NEXT.match(text, q.end) is not None
    )


def _names_nothing(own: str) -> bool:
    """Do the words before a listed region's figure name nothing of their own (其余四市分别为,
    前三市分别)?"""
    for group in ("region_breakdown", "region_rest", "region_first", "list_lead", "connective"):
        own = catalogue.word_group(group).sub("", own)
    return _TWO_CJK.search(own) is None


def _another_region(raw: str, own: str) -> bool:
    """Are a region's name and connectives (德阳市为, 居前三位的区县是A、B和C，分别为) all the
    words before a figure?"""
    strip = catalogue.word_group("connective")
    own = catalogue.word_group("list_lead").sub("", own)
    return _CJK.search(strip.sub("", raw)) is not None and not _CJK.search(strip.sub("", own))


def _names_only(own: str, previous: Reading) -> bool:
    """Do the words name no metric but the one before (占全区规上工业总产值…, not 占全区
    工业投资…)? A yardstick's whole is then that metric's."""
    cues = catalogue.cues_by_phrase()
    ours = [m for m in catalogue.cue_pattern().finditer(own)]
    if not all(previous.metric_id in {c.metric_id for c in cues[m.group()]} for m in ours):
        return False
    rest = catalogue.cue_pattern().sub("", own)
    for group in ("whole_region", "subset"):
        rest = catalogue.word_group(group).sub("", rest)
    return _TWO_CJK.search(rest.replace("占", "")) is None


def _without(text: str, start: int, end: int, names: Sequence[tuple[int, int]]) -> str:
    """text[start:end] with the region names in it left out."""
    pieces, pos = [], start
    for a, b in names:
        if start <= a and b <= end:
            pieces.append(text[pos:a])
            pos = b
    return "".join([*pieces, text[pos:end]])


def _continues(own: str, q: Quantity) -> bool:
    """Does the figure continue the previous one's metric (同比增长, 总数增至146个,
    居全省第3位, ，绵阳市1011家), rather than name something else (工业投资增长25.9%,
    创新投入指数第8位)? ``own`` is its words since that figure, region names left out;
    the firms the figure before counted (19家企业通过认定，其中我区11家) are its words."""
    own = _FIRMS_BEFORE.sub("", own, count=1)
    bound = q.qualifier == "at_least" and not _TWO_CJK.search(  # 首次突破千亿元: the level again
        catalogue.word_group("connective").sub("", own)
    )
    if q.family in ("count", "money") and not (
        catalogue.word_group("inherit").search(own)
        or catalogue.word_group("target").search(own)  # 4.6亿元，今年目标6亿元
        or not _CJK.search(own)
        or bound
    ):
        return False
    groups = (
        "region_breakdown", "list_lead", "share_of", "multi_year", "not_rate", "target",
        "connective", "inherit",
    )  # fmt: skip
    for group in (*groups, "whole_region", "region_rest", "region_first"):
        own = catalogue.word_group(group).sub("", own)
    return _TWO_CJK.search(own) is None
