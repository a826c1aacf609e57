"""Find every quantity in normalised (simplified, half-width-digit) Chinese text.

A quantity is a number together with the words that say what it counts and how exact it
is: 突破1.3万家, 2000余人, 约300项, 8794万元, 28.4%, 1.4个百分点, 第3位. What a unit or a
cue word means lives in data files, not here:

* ``data/catalogue/units.csv``      — unit as written → family, canonical unit, factor
* ``data/catalogue/qualifiers.csv`` — cue words (约, 突破, 余, 以上 …) → qualifier
* ``data/catalogue/numeral_phrases.csv`` — idioms and slogan words where a Chinese numeral
  is not a count (千家万户, 六个突破)
* ``data/catalogue/rank_words.csv`` — ranks without a digit (首位)

Values are in the family's canonical unit: money in 亿元 (8794万元 → 0.8794), counts as
plain numbers (1.3万家 → 13000), percent and percentage points as written.

Ranges (5~8年, 10-20家, 3至5个, 10-20万元): ``low`` and ``high`` carry the two ends,
``value`` is ``low`` and ``qualifier`` is ``approx`` unless a cue word says more (10-20家以上
→ at_least). A range only promises "somewhere between", so the figure is never ``exact``;
``value = low`` keeps the one number the text guarantees, and ``high`` is there for anyone
who wants the midpoint.

What is deliberately not a quantity: calendar years (2023年, a bare 2023), dates and clock
times (1-8月, 12月13日, 11时6分), ordinals (十四届, 第二个, 第一批), numbers glued to Latin
letters or inside IDs (5G, L4, 焦页5-1HF, 0816-2395666, %E4), vague magnitudes (数十台,
上千个, 百亿级) and Chinese numerals that carry no unit or sit in slogans (一批, 三大产业,
六个“突破”). Chinese numerals are accepted only with a unit from the units file; a bare
``一`` with a classifier (一个, 一家) is the article "a", not a count.

Arabic numbers with a unit-less context are kept as family ``other`` (unit ``""``) so that
nothing is lost silently; they never become a region metric.

Thousands commas are read when every group after the first has exactly three digits
(1,085.95); a list written ``120,150,200`` without spaces is therefore misread as one number.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.paths import CATALOGUE
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


# --------------------------------------------------------------------------- numerals

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join([*_CN_DIGITS, *_CN_SMALL, *_CN_BIG])
# Numerals made only of these are magnitudes (百, 千亿), read only after a cue like 近/超.
_VAGUE_CHARS = frozenset("百佰千仟万亿")

_AR = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_SCALE = r"(?:千万|百万|千亿|百亿|万亿|[千万亿])"
_CN = f"[{_CN_CHARS}]+"
_SCALES = {
    "千": 1e3, "万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "千亿": 1e11, "百亿": 1e10,
    "万亿": 1e12, "十": 10, "百": 100,
}  # fmt: skip
_AR_FULL = re.compile(rf"({_AR})(千万|百万|千亿|百亿|万亿|[十百千万亿])?")
_SCALE_AFTER_CUE = re.compile("万亿|[万亿]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def _parse_cn(s: str) -> float | None:
    """Chinese numeral → number; None for strings that are not one well-formed numeral."""
    if not s or not all(c in _CN_CHARS for c in s):
        return None
    if len(s) > 1 and all(c in _CN_DIGITS for c in s) and "两" not in s:
        # Digit-by-digit writing (二〇二三) — but 三四 "three or four" is not 34.
        if not any(c in "零〇" for c in s):
            return None
        return float("".join(str(_CN_DIGITS[c]) for c in s))
    total = 0.0  # 亿 level and above
    wan = 0.0  # 万 level
    section = 0.0  # below 万
    num: float | None = None
    last_small = 10**9  # units inside a section must fall (千 > 百 > 十)
    last_unit = 0.0  # for the colloquial 一万五 = 15000
    after_zero = False
    for c in s:
        if c in _CN_DIGITS:
            if num is not None and not after_zero:
                return None  # two digits in a row: 一一, 三四
            num = float(_CN_DIGITS[c])
            after_zero = c in "零〇"
            if after_zero:
                num = None
                last_unit = 0.0
        elif c in _CN_SMALL:
            u = _CN_SMALL[c]
            if u >= last_small:
                return None
            section += (num if num is not None else 1.0) * u
            num, last_small, last_unit, after_zero = None, u, u, False
        else:  # 万 or 亿
            u = _CN_BIG[c]
            part = section + (num or 0.0)
            if u == 10_000:
                if wan:
                    return None
                wan = (part or 1.0) * u
            else:
                total = (total + wan + part or 1.0) * u
                wan = 0.0
            section, num, last_small, last_unit, after_zero = 0.0, None, 10**9, u, False
    if num is not None and last_unit >= 100 and not after_zero:
        num *= last_unit / 10  # 一万五 → 15000, 三千五 → 3500
    return total + wan + section + (num or 0.0)


def _parse_ar(s: str) -> float | None:
    m = _AR_FULL.fullmatch(s)
    if not m:
        return None
    v = float(m.group(1).replace(",", ""))
    return v * _SCALES[m.group(2)] if m.group(2) else v


def parse_number(s: str) -> float | None:
    """Read one numeral: "1.3万" → 13000, "两千" → 2000, "1,085.95" → 1085.95, "五分之一" → 0.2.

    Returns None when ``s`` is not a numeral (ordinals such as 第一 included).
    """
    s = s.strip().translate(_FULLWIDTH)
    if not s:
        return None
    if "分之" in s:
        den, _, nu = s.partition("分之")
        d, n = parse_number(den), parse_number(nu)
        return n / d if d and n is not None else None
    if s[0].isascii():
        return _parse_ar(s)
    return _parse_cn(s)


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class _Unit:
    family: str
    unit: str
    factor: float


@dataclass(frozen=True)
class _Catalogue:
    units: dict[str, _Unit]
    unit_lengths: tuple[int, ...]
    before: dict[str, str]
    before_lengths: tuple[int, ...]
    after_number: dict[str, str]  # cues allowed between number and unit (余, 多, 以上 …)
    after_unit: dict[str, str]  # cues allowed after the unit (以上, 左右 …)
    after_lengths: tuple[int, ...]
    fixed: re.Pattern[str] | None
    slogan_after: tuple[str, ...]
    rank_words: dict[str, float]
    master: re.Pattern[str]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(line for line in f if line.strip() and not line.startswith("#"))


def _lengths(keys: Iterable[str]) -> tuple[int, ...]:
    return tuple(sorted({len(k) for k in keys}, reverse=True))


@lru_cache(maxsize=4)
def _catalogue(folder: Path = CATALOGUE) -> _Catalogue:
    units = {
        r["raw_unit"]: _Unit(r["family"], r["unit"], float(r["factor"]))
        for r in _rows(folder / "units.csv")
    }
    before: dict[str, str] = {}
    after_number: dict[str, str] = {}
    after_unit: dict[str, str] = {}
    for r in _rows(folder / "qualifiers.csv"):
        cue, pos, q = r["cue"], r["position"], r["qualifier"]
        if q not in QUALIFIERS:
            raise ValueError(f"qualifiers.csv: unknown qualifier {q!r} for {cue!r}")
        if pos == "before":
            before[cue] = q
        elif pos == "after_number":
            after_number[cue] = q
        elif pos == "after":
            after_number[cue] = q
            after_unit[cue] = q
        else:
            raise ValueError(f"qualifiers.csv: unknown position {pos!r} for {cue!r}")
    fixed_words: list[str] = []
    slogan: list[str] = []
    for r in _rows(folder / "numeral_phrases.csv"):
        (fixed_words if r["role"] == "fixed" else slogan).append(r["phrase"])
    rank_words = {r["word"]: float(r["value"]) for r in _rows(folder / "rank_words.csv")}
    fixed = (
        re.compile("|".join(map(re.escape, sorted(fixed_words, key=len, reverse=True))))
        if fixed_words
        else None
    )
    rank_alt = "|".join(map(re.escape, sorted(rank_words, key=len, reverse=True))) or "(?!)"
    master = re.compile(
        rf"(?P<frac>(?P<den>{_AR}|{_CN})分之(?P<nu>{_AR}|{_CN}))"
        rf"|(?P<ord>[第前])?(?:(?P<ar>{_AR})(?P<sc>{_SCALE})?|(?P<cn>{_CN}))"
        rf"|(?P<rw>{rank_alt})"
    )
    return _Catalogue(
        units=units,
        unit_lengths=_lengths(units),
        before=before,
        before_lengths=_lengths(before),
        after_number=after_number,
        after_unit=after_unit,
        after_lengths=_lengths(after_number.keys() | after_unit.keys()),
        fixed=fixed,
        slogan_after=tuple(slogan),
        rank_words=rank_words,
        master=master,
    )


# --------------------------------------------------------------------------- scanning

_RANK = _Unit("rank", "位", 1)

_SPACES = frozenset(" \t\u3000\xa0")
_OPEN_QUOTES = frozenset("“\"「『‘'")
# After 第N these end the phrase, so 第N is a rank (居世界第一。) rather than an ordinal (第一批).
_RANK_END = frozenset(",。;;、,.!?!?)）”’\"'…:：\n\r \t\u3000")
_RANGE_TAIL = re.compile(
    rf"[ \u3000]?(?P<sep>[~～\-–—至到])[ \u3000]?(?:(?P<ar>{_AR})(?P<sc>{_SCALE})?|(?P<cn>{_CN}))"
)


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _clean(x: float) -> float:
    return float(f"{x:.12g}")  # 8794 * 0.0001 → 0.8794, not 0.8794000000000001


def _skip_space(text: str, p: int) -> int:
    return p + 1 if p < len(text) and text[p] in _SPACES else p


def _longest(text: str, p: int, table: Container[str], lengths: tuple[int, ...]) -> str:
    """The longest key of ``table`` that starts at ``p``, or ""."""
    for n in lengths:
        w = text[p : p + n]
        if len(w) == n and w in table:
            return w
    return ""


def _cue_before(cat: _Catalogue, text: str, p: int) -> tuple[int, str]:
    """(start, qualifier) of a cue ending at p (one space allowed); (p, 'exact') if none."""
    q_end = p - 1 if p > 0 and text[p - 1] in _SPACES else p
    for n in cat.before_lengths:
        if q_end - n >= 0 and (w := text[q_end - n : q_end]) in cat.before:
            q = cat.before[w]
            return (q_end - n, q) if q != "exact" else (p, "exact")
    return p, "exact"


@dataclass
class _Num:
    start: int
    end: int
    value: float
    is_cn: bool
    raw: str
    scale: str = ""
    scale_start: int = -1


def _read_num(
    text: str, ar: str | None, sc: str | None, cn: str | None, start: int, end: int
) -> _Num | None:
    if ar is not None:
        v = _parse_ar(ar)
        if v is None:
            return None
        n = _Num(start, end, v, False, ar)
        if sc:
            n.value *= _SCALES[sc]
            n.scale, n.scale_start = sc, end - len(sc)
        return n
    assert cn is not None
    v = _parse_cn(cn)
    if v is None:
        return None
    n = _Num(start, end, v, True, cn)
    for big in ("万亿", "亿", "万"):  # a trailing scale may belong to the unit (千亿元)
        head_s = cn[: -len(big)]
        if cn.endswith(big) and head_s and "万" not in head_s and "亿" not in head_s:
            head = _parse_cn(head_s)
            if head is not None:
                n.scale, n.scale_start = big, end - len(big)
                n.value = head * _SCALES[big]
            break
    return n


def _unit_at(cat: _Catalogue, text: str, num: _Num) -> tuple[int, str]:
    """Find the unit after ``num``; may move ``num.end`` back when its scale starts the unit.

    Returns (position after the number and any 余/多 cue, unit as written or "").
    """
    if num.scale:
        u = _longest(text, num.scale_start, cat.units, cat.unit_lengths)
        if len(u) > len(num.scale) and u.startswith(num.scale):
            num.value /= _SCALES[num.scale]  # 8794万元: the number is 8794, the unit 万元
            num.end = num.scale_start
            num.scale = ""
            return num.end, u
    return num.end, ""


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, left to right, non-overlapping. Never raises on any str."""
    cat = _catalogue()
    out: list[Quantity] = []
    fixed_spans: list[tuple[int, int]] | None = None
    last_end = 0
    n_text = len(text)
    for m in cat.master.finditer(text):
        if m.start() < last_end:
            continue
        q = _one(cat, text, m, n_text)
        if q is None:
            continue
        if q.family != "rank" and _in_cn_only(m):
            if fixed_spans is None:
                fixed_spans = [f.span() for f in cat.fixed.finditer(text)] if cat.fixed else []
            i = bisect_right(fixed_spans, (q.num_end, q.num_end)) - 1
            if i >= 0 and fixed_spans[i][1] > q.num_start:
                continue  # inside an idiom (千家万户); fixed phrases never overlap each other
        if q.start < last_end:
            continue
        out.append(q)
        last_end = q.end
    return out


def _in_cn_only(m: re.Match[str]) -> bool:
    return m.group("cn") is not None or (
        m.group("frac") is not None and not m.group("den")[0].isascii()
    )


def _make(
    text: str,
    start: int,
    end: int,
    ns: int,
    ne: int,
    value: float,
    unit: _Unit | None,
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


def _one(cat: _Catalogue, text: str, m: re.Match[str], n_text: int) -> Quantity | None:
    if m.group("rw") is not None:
        s, e = m.span()
        if e < n_text and text[e] == "度":  # 首位度 is an index, not a rank
            return None
        return _make(text, s, e, s, e, cat.rank_words[m.group()], _RANK, m.group(), "exact")
    if m.group("frac") is not None:
        return _fraction(cat, text, m)
    return _number(cat, text, m, n_text)


def _fraction(cat: _Catalogue, text: str, m: re.Match[str]) -> Quantity | None:
    d, n = parse_number(m.group("den")), parse_number(m.group("nu"))
    if not d or n is None:
        return None
    s, e = m.span()
    start, qual = _cue_before(cat, text, s)
    end = e
    p = _skip_space(text, e)
    cue = _longest(text, p, cat.after_unit, cat.after_lengths)
    if cue and cat.after_unit[cue] != "exact":
        qual, end = cat.after_unit[cue], p + len(cue)
    if d == 100:  # 百分之三十
        return _make(text, start, end, s, e, n, _Unit("percent", "%", 1), "百分之", qual)
    if d == 1000:
        return _make(text, start, end, s, e, n, _Unit("other", "‰", 1), "千分之", qual)
    return _make(text, start, end, s, e, n / d, None, "分之", qual)


def _number(cat: _Catalogue, text: str, m: re.Match[str], n_text: int) -> Quantity | None:
    ord_ = m.group("ord")
    grp = "ar" if m.group("ar") is not None else "cn"
    ns, ne0 = m.start(grp), m.end("sc") if m.group("sc") else m.end(grp)
    num = _read_num(text, m.group("ar"), m.group("sc"), m.group("cn"), ns, ne0)
    if num is None:
        return None
    prev = text[ns - 1] if ns > 0 and ord_ != "第" else ""

    if not num.is_cn:
        # Glued to letters, URL escapes or ID separators: 5G's neighbour L4, %E4, 5-1HF, 10:11.
        if prev and ((prev.isascii() and prev.isalpha()) or prev in "%#_"):
            return None
        if prev in ("-", "/", ":", ".") and ns > 1 and _is_ascii_alnum(text[ns - 2]):
            return None
        if len(num.raw) > 1 and num.raw[0] == "0" and num.raw[1] != ".":
            return None  # 0816: an area code or ID
    elif prev and prev in "数几若":
        return None  # 数十台, 几百家: vague

    # Ranges: 5~8年, 10-20万元, 3至5个. Both ends must be written the same way and carry a unit.
    rng = _range(cat, text, num)
    if rng is not None:
        return rng if isinstance(rng, Quantity) else None

    after_num, unit_raw = _unit_at(cat, text, num)
    p = after_num
    qual_after = ""
    if not unit_raw:
        p1 = _skip_space(text, p)
        cue = _longest(text, p1, cat.after_number, cat.after_lengths)
        if cue:
            qual_after, p = cat.after_number[cue], p1 + len(cue)
        p2 = _skip_space(text, p)
        unit_raw = _longest(text, p2, cat.units, cat.unit_lengths)
        if cue and not unit_raw and (sc := _SCALE_AFTER_CUE.match(text, p)):
            num.value *= _SCALES[sc.group()]  # 380余万户: the scale follows the cue
            p = p2 = sc.end()
            unit_raw = _longest(text, p2, cat.units, cat.unit_lengths)
        if unit_raw:
            p = p2
    unit = cat.units.get(unit_raw) if unit_raw else None
    unit_end = p + len(unit_raw) if unit_raw else p
    nxt = text[unit_end] if unit_end < n_text else ""

    if not num.is_cn:
        after_digits = text[num.end] if num.end < n_text else ""
        if not unit_raw and after_digits.isascii() and after_digits.isalpha():
            return None  # 5G, 3D
        if (
            after_digits in ("-", "/", ":", ".")
            and num.end + 1 < n_text
            and _is_ascii_alnum(text[num.end + 1])
        ):
            return None  # dates, phone numbers, versions, model numbers
        if unit and unit_raw.isascii() and nxt.isascii() and nxt.isalpha():
            return None

    # Ordinals and ranks.
    if ord_ == "第":
        if unit_raw in ("位", "名") and not qual_after:
            return _make(
                text, m.start(), unit_end, ns, num.end, num.value, _RANK, unit_raw, "exact"
            )
        if not unit_raw and not qual_after and (num.end >= n_text or text[num.end] in _RANK_END):
            return _make(text, m.start(), num.end, ns, num.end, num.value, _RANK, "", "exact")
        return None  # 第二个, 第一批, 十四届: ordinals, not figures
    if ord_ == "前" and unit_raw in ("位", "名") and not qual_after:
        return _make(text, m.start(), unit_end, ns, num.end, num.value, _RANK, unit_raw, "at_most")

    if unit is not None and unit.family == "none":
        return None  # 12月, 13日, 11时, 十四届
    if _is_year(num) and (not unit_raw or unit_raw in ("年", "年度")):
        return None

    start, qual_before = _cue_before(cat, text, ns)
    if num.is_cn and not _cn_ok(cat, text, num, unit_raw, qual_before, ns, unit_end, nxt):
        return None

    end = unit_end
    cue = _longest(text, _skip_space(text, end), cat.after_unit, cat.after_lengths)
    if unit_raw and cue and cat.after_unit[cue] != "exact":
        qual_after = cat.after_unit[cue]
        end = _skip_space(text, end) + len(cue)
    qual = qual_before if qual_before != "exact" else (qual_after or "exact")
    value = num.value * (unit.factor if unit else 1.0)
    return _make(text, start, end, ns, num.end, value, unit, unit_raw, qual)


def _is_year(num: _Num) -> bool:
    return (
        not num.scale
        and "," not in num.raw
        and "." not in num.raw
        and num.value.is_integer()
        and 1900 <= num.value <= 2100
        and (not num.is_cn or all(c in _CN_DIGITS for c in num.raw))
    )


def _cn_ok(
    cat: _Catalogue, text: str, num: _Num, unit_raw: str, qual_before: str, ns: int,
    unit_end: int, nxt: str,
) -> bool:  # fmt: skip
    """Chinese numerals are figures only with a real unit and outside slogans."""
    if not unit_raw:
        return False
    if num.raw in ("一", "壹"):
        return False  # 一个, 一家: the article "a"
    if set(num.raw) <= _VAGUE_CHARS and qual_before == "exact":
        return False  # 百名, 千亿元园区, 上千个: magnitudes, unless 近百名 / 超千家
    if (ns > 0 and text[ns - 1] in _OPEN_QUOTES) or nxt in _OPEN_QUOTES:
        return False  # “一个标杆”, 六个“突破”
    return not text.startswith(cat.slogan_after, unit_end)


def _scaled_unit(cat: _Catalogue, text: str, num: _Num) -> tuple[str, int, float]:
    """Unit after ``num`` as (raw unit, its end, divisor for num.value).

    A unit that begins with the number's trailing scale takes it over (10万元: unit 万元, so
    the number's value is divided by 1e4); otherwise the unit follows the number.
    """
    if num.scale:
        u = _longest(text, num.scale_start, cat.units, cat.unit_lengths)
        if len(u) > len(num.scale) and u.startswith(num.scale):
            return u, num.scale_start + len(u), _SCALES[num.scale]
    p = _skip_space(text, num.end)
    u = _longest(text, p, cat.units, cat.unit_lengths)
    return u, (p + len(u) if u else num.end), 1.0


def _range(cat: _Catalogue, text: str, num: _Num) -> Quantity | bool | None:
    """A range starting at ``num``: a Quantity, False (a date range: drop it), None (no range)."""
    # The low end may repeat the unit (5%-8%, 10万元-20万元) but not with 至/到, where
    # 从72%提升到131% is a change, not a range.
    low_unit, low_end, low_div = _scaled_unit(cat, text, num)
    if not low_unit or cat.units[low_unit].family == "none":
        low_unit, low_end, low_div = "", num.end, 1.0
    t = _RANGE_TAIL.match(text, low_end)
    if t is None or (t.group("ar") is None) != num.is_cn:
        return None
    if low_unit and t.group("sep") in "至到":
        return None
    hi_grp = "ar" if t.group("ar") is not None else "cn"
    hi = _read_num(text, t.group("ar"), t.group("sc"), t.group("cn"), t.start(hi_grp), t.end())
    if hi is None:
        return None
    unit_raw, end, div = _scaled_unit(cat, text, hi)
    if not unit_raw or (low_unit and (low_unit, low_div) != (unit_raw, div)):
        return None
    unit = cat.units[unit_raw]
    low_v = num.value
    if hi.scale and not num.scale and not low_unit:
        low_v *= _SCALES[hi.scale]  # 10-20万: both ends are 万
    if unit.family == "none":
        return False if low_v < hi.value or _is_year(num) else None  # 1-8月, 2022-2023年度
    if _is_year(num) and _is_year(hi) and unit_raw == "年":
        return False  # 2023—2025年
    if not low_v < hi.value:
        return None
    start, qual = _cue_before(cat, text, num.start)
    cue = _longest(text, _skip_space(text, end), cat.after_unit, cat.after_lengths)
    if cue and cat.after_unit[cue] != "exact":
        qual = cat.after_unit[cue]
        end = _skip_space(text, end) + len(cue)
    qual = qual if qual != "exact" else "approx"
    lo, hv = low_v / div * unit.factor, hi.value / div * unit.factor
    num_end = hi.scale_start if div != 1.0 else hi.end
    return _make(text, start, end, num.start, num_end, lo, unit, unit_raw, qual, lo, hv)
