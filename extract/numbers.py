"""Find every quantity in normalised (simplified, half-width-digit) Chinese text.

A quantity is a number together with the words that say what it counts and how exact it
is: 突破1.3万家, 2000余人, 约300项, 8794万元, 28.4%, 1.4个百分点, 第3位. Reading a numeral
is ``extract.numerals``; what a unit or a cue word means lives in data files under
``data/catalogue`` (units, qualifiers, numeral phrases, rank words), read by
``extract.number_words``. This module only scans.

Values are in the family's canonical unit: money in 亿元 (8794万元 → 0.8794), counts as
plain numbers (1.3万家 → 13000), percent and percentage points as written. One space may
stand between number, cue and unit (``180 余个``, ``1085.95 亿元``).

Ranges (5~8年, 10-20家, 3至5个, 10-20万元): ``low`` and ``high`` carry the two ends,
``value`` is ``low`` and ``qualifier`` is ``approx`` unless a cue word says more (10-20家以上
→ at_least). A range only promises "somewhere between", so the figure is never ``exact``;
``value = low`` keeps the one number the text guarantees, and ``high`` is there for anyone
who wants the midpoint.

What is deliberately not a quantity: calendar years (2023年, a bare 2023), dates and clock
times (1-8月, 12月13日, 11时6分), ordinals (十四届, 第二个, 第一批), numbers glued to Latin
letters or inside IDs (5G, L4, 焦页5-1HF, 0816-2395666, %E4), footnote marks ([1], ［2］,
[注1]), vague magnitudes (数十台, 上千个, 百亿级) and Chinese numerals that carry no unit or
sit in slogans (一批, 三大产业, 六个“突破”). Chinese numerals are accepted only with a unit
from the units file; a bare ``一`` with a classifier (一个, 一家) is the article "a", not a
count.

Arabic numbers with a unit-less context are kept as family ``other`` (unit ``""``) so that
nothing is lost silently; they never become a region metric.

Thousands commas are read when every group after the first has exactly three digits
(1,085.95); a list written ``120,150,200`` without spaces is therefore misread as one number.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from extract.guard import guarded
from extract.number_words import NumberWords, Unit, number_words, skip_space
from extract.numerals import (
    ARABIC,
    CHINESE,
    CN_DIGITS,
    SCALE,
    SCALES,
    VAGUE_CHARS,
    Numeral,
    parse_number,
    read_numeral,
)
from extract.vocabulary import QUALIFIERS

__all__ = ["FAMILIES", "QUALIFIERS", "Quantity", "find_quantities", "parse_number"]

FAMILIES = ("money", "count", "percent", "pp", "rank", "other")


@dataclass(frozen=True)
class Quantity:
    """One figure in the text; ``text == source[start:end]``."""

    start: int  # span of qualifier words + number + unit
    end: int
    num_start: int  # span of the number itself
    num_end: int
    value: float  # in ``unit``; for a range, the low end
    family: str  # one of FAMILIES
    unit: str  # canonical unit (亿元, 家, 个, 人, %, 个百分点, 位 …); "" when none
    raw_unit: str  # unit as written (万元, 户, 名 …); "" when none
    qualifier: str  # one of QUALIFIERS
    low: float | None = None  # set only for ranges
    high: float | None = None
    text: str = ""


_RANK = Unit("rank", "位", 1)
_RANK_UNITS = ("位", "名")
_PERCENT = Unit("percent", "%", 1)
_PER_MILLE = Unit("other", "‰", 1)

_OPEN_QUOTES = frozenset("“\"「『‘'")
_FOOTNOTE_OPEN = frozenset("[［【〔")
_FOOTNOTE_CLOSE = frozenset("]］】〕")
_ID_SEPARATORS = ("-", "/", ":", ".")
# After 第N these end the phrase, so 第N is a rank (居世界第一。) rather than an ordinal (第一批).
_RANK_END = frozenset(",。;;、,.!?!?)）”’\"'…:：\n\r \t\u3000")
_SCALE_AFTER_CUE = re.compile("万亿|[万亿]")
_RANGE_SEP = re.compile(r"[~～\-–—至到]")
_RANGE_TAIL = re.compile(
    rf"[ \u3000]?(?P<sep>{_RANGE_SEP.pattern})[ \u3000]?"
    rf"(?:(?P<ar>{ARABIC})(?P<sc>{SCALE})?|(?P<cn>{CHINESE}))"
)


@lru_cache(maxsize=4)
def _pattern(rank_alternation: str) -> re.Pattern[str]:
    """One pattern for every figure: a fraction, a numeral (maybe after 第/前), a rank word."""
    return guarded(
        rf"(?P<frac>(?P<den>{ARABIC}|{CHINESE})分之(?P<nu>{ARABIC}|{CHINESE}))"
        rf"|(?P<ord>[第前])?(?:(?P<ar>{ARABIC})(?P<sc>{SCALE})?|(?P<cn>{CHINESE}))"
        rf"|(?P<rw>{rank_alternation})"
    )


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, left to right, non-overlapping. Never raises on any str."""
    words = number_words()
    out: list[Quantity] = []
    idioms: list[tuple[int, int]] | None = None  # found only when a Chinese numeral needs it
    last_end = 0
    for m in _pattern(words.rank_alternation).finditer(text):
        if m.start() < last_end:
            continue
        q = _one(words, text, m)
        if q is None or q.start < last_end:
            continue
        if q.family != "rank" and _in_cn_only(m):
            if idioms is None:
                idioms = [f.span() for f in words.fixed.finditer(text)] if words.fixed else []
            if _inside(idioms, q):
                continue
        out.append(q)
        last_end = q.end
    return out


def _in_cn_only(m: re.Match[str]) -> bool:
    """Only Chinese numerals can be part of an idiom (千家万户); Arabic digits never are."""
    return m.group("cn") is not None or (
        m.group("frac") is not None and not m.group("den")[0].isascii()
    )


def _inside(spans: list[tuple[int, int]], q: Quantity) -> bool:
    """Whether q's number overlaps one of the sorted, non-overlapping idiom ``spans``."""
    i = bisect_right(spans, (q.num_end, q.num_end)) - 1
    return i >= 0 and spans[i][1] > q.num_start


def _clean(x: float) -> float:
    return float(f"{x:.12g}")  # 8794 * 0.0001 → 0.8794, not 0.8794000000000001


def _make(
    text: str,
    start: int,
    end: int,
    ns: int,
    ne: int,
    value: float,
    unit: Unit | None,
    raw_unit: str,
    qualifier: str,
    low: float | None = None,
    high: float | None = None,
) -> Quantity:
    return Quantity(
        start=start,
        end=end,
        num_start=ns,
        num_end=ne,
        value=_clean(value),
        family=unit.family if unit else "other",
        unit=unit.unit if unit else "",
        raw_unit=raw_unit,
        qualifier=qualifier,
        low=None if low is None else _clean(low),
        high=None if high is None else _clean(high),
        text=text[start:end],
    )


def _one(words: NumberWords, text: str, m: re.Match[str]) -> Quantity | None:
    kind = m.lastgroup  # the outermost group of the branch that matched closes last
    if kind == "rw":
        return _rank_word(words, text, m)
    if kind == "frac":
        return _fraction(words, text, m)
    return _number(words, text, m)


def _rank_word(words: NumberWords, text: str, m: re.Match[str]) -> Quantity | None:
    """位居首位 is rank 1; 首位度 is a primacy index, not a rank."""
    s, e = m.span()
    if text.startswith("度", e):
        return None
    return _make(text, s, e, s, e, words.rank_words[m.group()], _RANK, m.group(), "exact")


def _fraction(words: NumberWords, text: str, m: re.Match[str]) -> Quantity | None:
    """百分之三十 is 30 %, 千分之五 is 5 ‰, 五分之一 is a bare 0.2."""
    d, n = parse_number(m.group("den")), parse_number(m.group("nu"))
    if not d or n is None:
        return None
    s, e = m.span()
    start, qual = words.cue_before(text, s)
    end, qual_after = words.cue_after_unit(text, e)
    qual = qual_after or qual
    if d == 100:
        return _make(text, start, end, s, e, n, _PERCENT, "百分之", qual)
    if d == 1000:
        return _make(text, start, end, s, e, n, _PER_MILLE, "千分之", qual)
    return _make(text, start, end, s, e, n / d, None, "分之", qual)


def _number(words: NumberWords, text: str, m: re.Match[str]) -> Quantity | None:
    """A numeral with its unit and cues: a figure, a rank, or None (date, ID, ordinal …)."""
    ord_, ar, sc, cn = m.group("ord", "ar", "sc", "cn")
    grp = "ar" if ar is not None else "cn"
    num = read_numeral(ar, sc, cn, m.start(grp), m.end("sc") if sc else m.end(grp))
    if num is None or _not_a_figure(text, num, ord_):
        return None
    rng = _range(words, text, num)
    if rng is not None:
        return rng or None
    after = _read_unit(words, text, num)
    if not num.is_cn and _glued_after(text, num, after):
        return None
    if ord_ == "第" or (ord_ == "前" and after.unit in _RANK_UNITS and not after.cue):
        return _rank(text, m.start(), num, after, ord_)
    unit = words.units.get(after.unit)
    if unit is not None and unit.family == "none":
        return None  # 12月, 13日, 11时, 十四届
    if _is_year(num) and after.unit in ("", "年", "年度"):
        return None
    start, qual_before = words.cue_before(text, num.start)
    if num.is_cn and not _cn_ok(words, text, num, after, qual_before):
        return None
    end, qual_unit = words.cue_after_unit(text, after.end) if after.unit else (after.end, "")
    qual = qual_before if qual_before != "exact" else (qual_unit or after.cue or "exact")
    value = num.value * (unit.factor if unit else 1.0)
    return _make(text, start, end, num.start, num.end, value, unit, after.unit, qual)


def _not_a_figure(text: str, num: Numeral, ord_: str | None) -> bool:
    """What stands before the numeral makes it no figure: an ID, a vague 数十, a footnote."""
    if _is_footnote(text, num):
        return True
    prev = text[num.start - 1] if num.start > 0 and ord_ != "第" else ""
    if num.is_cn:
        return bool(prev) and prev in "数几若"  # 数十台, 几百家: vague
    if prev and ((prev.isascii() and prev.isalpha()) or prev in "%#_"):
        return True  # glued to letters or URL escapes: L4, %E4
    if prev in _ID_SEPARATORS and num.start > 1 and _is_ascii_alnum(text[num.start - 2]):
        return True  # inside an ID: 5-1HF, 10:11
    return len(num.raw) > 1 and num.raw[0] == "0" and num.raw[1] != "."  # 0816: area code


def _is_footnote(text: str, num: Numeral) -> bool:
    """[1], ［2］, [注1] mark a note, whatever figure or word they follow."""
    if text[num.end : num.end + 1] not in _FOOTNOTE_CLOSE:
        return False
    s = num.start - 1 if text[num.start - 1 : num.start] == "注" else num.start
    return s > 0 and text[s - 1] in _FOOTNOTE_OPEN


def _glued_after(text: str, num: Numeral, after: _After) -> bool:
    """Digits running into letters or separators are names, dates or IDs: 5G, 2024-02, 3.0.1."""
    c = text[num.end : num.end + 1]
    if not after.unit and c.isascii() and c.isalpha():
        return True  # 5G, 3D
    if c in _ID_SEPARATORS and _is_ascii_alnum(text[num.end + 1 : num.end + 2]):
        return True  # dates, phone numbers, versions, model numbers
    nxt = text[after.end : after.end + 1]
    return bool(after.unit) and after.unit.isascii() and nxt.isascii() and nxt.isalpha()


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _unit_with_scale(words: NumberWords, text: str, num: Numeral) -> str:
    """The unit that begins with the numeral's trailing scale (万元 after 8794万), or ""."""
    u = words.unit_at(text, num.scale_start)
    return u if len(u) > len(num.scale) and u.startswith(num.scale) else ""


@dataclass(slots=True)
class _After:
    """What follows a numeral: its unit as written ("" if none) at ``start:end``, and the
    qualifier of a 余/多 cue between the two ("" if none)."""

    start: int
    end: int
    unit: str
    cue: str


def _read_unit(words: NumberWords, text: str, num: Numeral) -> _After:
    """The unit after ``num``, and a 余/多 cue before it.

    May give the numeral's scale to the unit (8794万元) or take a scale after the cue
    (380余万户), changing ``num``.
    """
    if num.scale and (u := _unit_with_scale(words, text, num)):
        num.drop_scale()
        return _After(num.end, num.end + len(u), u, "")
    p1 = skip_space(text, num.end)
    cue = words.cue_after_number(text, p1)
    p = p1 + len(cue) if cue else num.end
    p2 = skip_space(text, p)
    unit_raw = words.unit_at(text, p2)
    if cue and not unit_raw and (sc := _SCALE_AFTER_CUE.match(text, p)):
        num.value *= SCALES[sc.group()]
        p = p2 = sc.end()
        unit_raw = words.unit_at(text, p2)
    qual = words.after_number[cue] if cue else ""
    return _After(p2, p2 + len(unit_raw), unit_raw, qual) if unit_raw else _After(p, p, "", qual)


def _rank(text: str, start: int, num: Numeral, after: _After, ord_: str) -> Quantity | None:
    """第3位 and a closing 第一。 are ranks, 前10位 is "top 10"; 第二个, 第一批 are ordinals."""
    if after.cue:
        return None
    if after.unit in _RANK_UNITS:
        qual = "at_most" if ord_ == "前" else "exact"
        return _make(text, start, after.end, num.start, num.end, num.value, _RANK, after.unit, qual)
    if not after.unit and (num.end >= len(text) or text[num.end] in _RANK_END):
        return _make(text, start, num.end, num.start, num.end, num.value, _RANK, "", "exact")
    return None


def _is_year(num: Numeral) -> bool:
    """A bare four-digit 1900–2100 (or 二〇二三) is a calendar year."""
    return (
        not num.scale
        and "," not in num.raw
        and "." not in num.raw
        and num.value.is_integer()
        and 1900 <= num.value <= 2100
        and (not num.is_cn or all(c in CN_DIGITS for c in num.raw))
    )


def _cn_ok(words: NumberWords, text: str, num: Numeral, after: _After, qual_before: str) -> bool:
    """Chinese numerals are figures only with a real unit and outside slogans."""
    if not after.unit:
        return False
    if num.raw in ("一", "壹"):
        return False  # 一个, 一家: the article "a"
    if set(num.raw) <= VAGUE_CHARS and qual_before == "exact":
        return False  # 百名, 千亿元园区, 上千个: magnitudes, unless 近百名 / 超千家
    nxt = text[after.end : after.end + 1]
    if (num.start > 0 and text[num.start - 1] in _OPEN_QUOTES) or nxt in _OPEN_QUOTES:
        return False  # “一个标杆”, 六个“突破”
    return not text.startswith(words.slogan_after, after.end)


def _scaled_unit(words: NumberWords, text: str, num: Numeral) -> tuple[str, int, float]:
    """Unit after ``num`` as (raw unit, its end, divisor for num.value).

    A unit that begins with the number's trailing scale takes it over (10万元: unit 万元, so
    the number's value is divided by 1e4); otherwise the unit follows the number.
    """
    if num.scale and (u := _unit_with_scale(words, text, num)):
        return u, num.scale_start + len(u), SCALES[num.scale]
    p = skip_space(text, num.end)
    u = words.unit_at(text, p)
    return u, (p + len(u) if u else num.end), 1.0


def _range(words: NumberWords, text: str, num: Numeral) -> Quantity | bool | None:
    """A range starting at ``num``: a Quantity, False (a date range: drop it), None (no range)."""
    # Most numbers have no separator within reach (unit, two spaces): skip the full reading.
    if not _RANGE_SEP.search(text, num.end, num.end + 3 + words.unit_reach):
        return None
    # The low end may repeat the unit (5%-8%, 10万元-20万元) but not with 至/到, where
    # 从72%提升到131% is a change, not a range.
    low_unit, low_end, low_div = _scaled_unit(words, text, num)
    if not low_unit or words.units[low_unit].family == "none":
        low_unit, low_end, low_div = "", num.end, 1.0
    t = _RANGE_TAIL.match(text, low_end)
    if t is None or (t.group("ar") is None) != num.is_cn:
        return None
    if low_unit and t.group("sep") in "至到":
        return None
    hi_grp = "ar" if t.group("ar") is not None else "cn"
    hi = read_numeral(t.group("ar"), t.group("sc"), t.group("cn"), t.start(hi_grp), t.end())
    if hi is None:
        return None
    unit_raw, end, div = _scaled_unit(words, text, hi)
    if not unit_raw or (low_unit and (low_unit, low_div) != (unit_raw, div)):
        return None
    unit = words.units[unit_raw]
    low_v = num.value
    if hi.scale and not num.scale and not low_unit:
        low_v *= SCALES[hi.scale]  # 10-20万: both ends are 万
    if unit.family == "none":
        return False if low_v < hi.value or _is_year(num) else None  # 1-8月, 2022-2023年度
    if _is_year(num) and _is_year(hi) and unit_raw == "年":
        return False  # 2023—2025年
    if not low_v < hi.value:
        return None
    start, qual = words.cue_before(text, num.start)
    end, qual_after = words.cue_after_unit(text, end)
    qual = qual_after or (qual if qual != "exact" else "approx")
    lo, hv = low_v / div * unit.factor, hi.value / div * unit.factor
    num_end = hi.scale_start if div != 1.0 else hi.end
    return _make(text, start, end, num.start, num_end, lo, unit, unit_raw, qual, lo, hv)
