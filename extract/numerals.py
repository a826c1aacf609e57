"""Numerals → numbers: Arabic (1.3万, 1,085.95), Chinese (两千, 一万五, 二〇二三) and fractions.

Reading a numeral is separate from finding one in text (``extract.numbers``): the
patterns here say what a numeral looks like, the parsers say what it is worth, and
``read_numeral`` splits off a trailing scale (万, 亿) that may belong to the unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ARABIC",
    "CHINESE",
    "CN_DIGITS",
    "SCALE",
    "SCALES",
    "VAGUE_CHARS",
    "Numeral",
    "parse_arabic",
    "parse_chinese",
    "parse_number",
    "read_numeral",
]

CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join([*CN_DIGITS, *_CN_SMALL, *_CN_BIG])
# Numerals made only of these are magnitudes (百, 千亿), read only after a cue like 近/超.
VAGUE_CHARS = frozenset("百佰千仟万亿")

# Regex pieces for the scanner: an Arabic numeral, a scale word after it, a Chinese numeral.
ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
SCALE = r"(?:千万|百万|千亿|百亿|万亿|[千万亿])"
_CN_DIGIT_CHARS = "".join(CN_DIGITS)
# 三百四十二点六: a decimal point (点) and its digits may follow
CHINESE = f"[{_CN_CHARS}]+(?:点[{_CN_DIGIT_CHARS}]+)?"
SCALES = {
    "千": 1e3, "万": 1e4, "亿": 1e8, "千万": 1e7, "百万": 1e6, "千亿": 1e11, "百亿": 1e10,
    "万亿": 1e12, "十": 10, "百": 100,
}  # fmt: skip
_AR_FULL = re.compile(rf"({ARABIC})(千万|百万|千亿|百亿|万亿|[十百千万亿])?")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
# Trailing scales that may start the unit instead (千亿元 → 千 + 亿元), longest first.
_TRAILING_SCALES = ("万亿", "亿", "万")


def _digit_by_digit(s: str) -> float | None:
    """二〇二三 → 2023; but 三四 "three or four" is not 34, so a zero must be in it."""
    if not any(c in "零〇" for c in s):
        return None
    return float("".join(str(CN_DIGITS[c]) for c in s))


def parse_chinese(s: str) -> float | None:
    """Chinese numeral → number; None for strings that are not one well-formed numeral."""
    whole, point, fraction = s.partition("点")
    if point:  # 三百四十二点六 → 342.6, 零点五 → 0.5
        if not fraction or not all(c in CN_DIGITS for c in fraction):
            return None
        head = 0.0 if whole in ("零", "〇") else parse_chinese(whole)
        if head is None:
            return None
        return head + float("0." + "".join(str(CN_DIGITS[c]) for c in fraction))
    if not s or not all(c in _CN_CHARS for c in s):
        return None
    if len(s) > 1 and all(c in CN_DIGITS for c in s) and "两" not in s:
        return _digit_by_digit(s)
    total = 0.0  # 亿 level and above
    wan = 0.0  # 万 level
    section = 0.0  # below 万
    num: float | None = None
    last_small = 10**9  # units inside a section must fall (千 > 百 > 十)
    last_unit = 0.0  # for the colloquial 一万五 = 15000
    after_zero = False
    for c in s:
        if c in CN_DIGITS:
            if num is not None and not after_zero:
                return None  # two digits in a row: 一一, 三四
            num = float(CN_DIGITS[c])
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


def parse_arabic(s: str) -> float | None:
    """Arabic numeral with an optional scale word → number: "1.3万" → 13000."""
    m = _AR_FULL.fullmatch(s)
    if not m:
        return None
    v = float(m.group(1).replace(",", ""))
    return v * SCALES[m.group(2)] if m.group(2) else v


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
        return parse_arabic(s)
    return parse_chinese(s)


@dataclass
class Numeral:
    """A numeral found at ``text[start:end]``; ``scale`` is its trailing scale word, if any."""

    start: int
    end: int
    value: float
    is_cn: bool
    raw: str
    scale: str = ""
    scale_start: int = -1

    def drop_scale(self) -> None:
        """Give the trailing scale to the unit that starts with it: 8794万元 is 8794 + 万元."""
        self.value /= SCALES[self.scale]
        self.end = self.scale_start
        self.scale = ""


def read_numeral(
    ar: str | None, sc: str | None, cn: str | None, start: int, end: int
) -> Numeral | None:
    """The numeral the scanner matched (Arabic ``ar`` + scale ``sc``, or Chinese ``cn``)."""
    if ar is not None:
        v = parse_arabic(ar)
        if v is None:
            return None
        n = Numeral(start, end, v, False, ar)
        if sc:
            n.value *= SCALES[sc]
            n.scale, n.scale_start = sc, end - len(sc)
        return n
    assert cn is not None
    v = parse_chinese(cn)
    if v is None:
        return None
    n = Numeral(start, end, v, True, cn)
    for big in _TRAILING_SCALES:  # a trailing scale may belong to the unit (千亿元)
        head_s = cn[: -len(big)]
        if cn.endswith(big) and head_s and "万" not in head_s and "亿" not in head_s:
            head = parse_chinese(head_s)
            if head is not None:
                n.scale, n.scale_start = big, end - len(big)
                n.value = head * SCALES[big]
            break
    return n
