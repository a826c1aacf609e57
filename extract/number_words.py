"""The words around a number, read once from ``data/catalogue`` into one cached object.

* ``units.csv``           — unit as written → family, canonical unit, factor
* ``qualifiers.csv``      — cue words (约, 突破, 余, 以上 …) → qualifier, by position
* ``numeral_phrases.csv`` — idioms and slogan words where a Chinese numeral is not a count
* ``rank_words.csv``      — ranks without a digit (首位)

Besides the tables, the object answers the look-ups the scanner makes at a position in
the text: the longest unit or cue word that starts (or, for a cue before the number,
ends) there.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.paths import CATALOGUE
from extract.vocabulary import QUALIFIERS

__all__ = ["NumberWords", "Unit", "number_words", "skip_space"]

_SPACES = frozenset(" \t\u3000\xa0")


@dataclass(frozen=True)
class Unit:
    """What a unit as written measures: 万元 is money, counted in 亿元 at a factor 0.0001."""

    family: str
    unit: str
    factor: float


def skip_space(text: str, p: int) -> int:
    """``p`` moved past one space, as in ``1085.95 亿元``."""
    return p + 1 if p < len(text) and text[p] in _SPACES else p


class _Longest:
    """Finds the longest of ``words`` at a position; a first (last) character that starts
    (ends) no word answers at once, which is the common case next to a number."""

    def __init__(self, words: Collection[str]) -> None:
        self._words = frozenset(words)
        self._lengths = tuple(sorted({len(w) for w in words}, reverse=True))
        self._firsts = frozenset(w[0] for w in words)
        self._lasts = frozenset(w[-1] for w in words)

    def starting(self, text: str, p: int) -> str:
        """The longest word that starts at ``p``, or ""."""
        if text[p : p + 1] not in self._firsts:
            return ""
        for n in self._lengths:
            w = text[p : p + n]
            if len(w) == n and w in self._words:
                return w
        return ""

    def ending(self, text: str, p: int) -> str:
        """The longest word that ends at ``p``, or ""."""
        if p == 0 or text[p - 1] not in self._lasts:
            return ""
        for n in self._lengths:
            if p - n >= 0 and (w := text[p - n : p]) in self._words:
                return w
        return ""


class NumberWords:
    """The four tables, and longest-match look-ups into them."""

    def __init__(
        self,
        units: dict[str, Unit],
        qualifiers: tuple[dict[str, str], dict[str, str], dict[str, str]],
        fixed_phrases: Collection[str],
        slogan_after: tuple[str, ...],
        rank_words: dict[str, float],
    ) -> None:
        self.units = units
        # Cue words by position: before the number, between number and unit (余, 多,
        # 以上 …), after the unit (以上, 左右 …).
        self.before, self.after_number, self.after_unit = qualifiers
        self.fixed = re.compile(_alternation(fixed_phrases)) if fixed_phrases else None
        self.slogan_after = slogan_after
        self.rank_words = rank_words
        self.rank_alternation = _alternation(rank_words) or "(?!)"  # "(?!)" matches nothing
        self.unit_reach = max(map(len, units), default=0)  # the longest unit's length
        self._units = _Longest(units)
        self._before = _Longest(self.before)
        self._after_number = _Longest(self.after_number)
        self._after_unit = _Longest(self.after_unit)

    def unit_at(self, text: str, p: int) -> str:
        """The longest unit written at ``p``, or ""."""
        return self._units.starting(text, p)

    def cue_after_number(self, text: str, p: int) -> str:
        """The longest cue at ``p`` that may sit between number and unit (余, 多), or ""."""
        return self._after_number.starting(text, p)

    def cue_after_unit(self, text: str, p: int) -> tuple[int, str]:
        """(end, qualifier) of a non-exact cue after a unit ending at ``p`` (one space
        allowed); (p, "") if none."""
        q = skip_space(text, p)
        cue = self._after_unit.starting(text, q)
        if cue and self.after_unit[cue] != "exact":
            return q + len(cue), self.after_unit[cue]
        return p, ""

    def cue_before(self, text: str, p: int) -> tuple[int, str]:
        """(start, qualifier) of a cue ending at p (one space allowed); (p, 'exact') if none.

        An exact cue that is longest (最近) keeps a shorter one inside it (近) from counting.
        """
        q_end = p - 1 if p > 0 and text[p - 1] in _SPACES else p
        cue = self._before.ending(text, q_end)
        if cue and self.before[cue] != "exact":
            return q_end - len(cue), self.before[cue]
        return p, "exact"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(line for line in f if line.strip() and not line.startswith("#"))


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first so the longest wins."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _qualifiers(path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Cue words by position: (before, after_number, after_unit); "after" fills both."""
    before: dict[str, str] = {}
    after_number: dict[str, str] = {}
    after_unit: dict[str, str] = {}
    for r in _rows(path):
        cue, pos, q = r["cue"], r["position"], r["qualifier"]
        if q not in QUALIFIERS:
            raise ValueError(f"{path.name}: unknown qualifier {q!r} for {cue!r}")
        if pos == "before":
            before[cue] = q
        elif pos == "after_number":
            after_number[cue] = q
        elif pos == "after":
            after_number[cue] = q
            after_unit[cue] = q
        else:
            raise ValueError(f"{path.name}: unknown position {pos!r} for {cue!r}")
    return before, after_number, after_unit


@lru_cache(maxsize=4)
def number_words(folder: Path = CATALOGUE) -> NumberWords:
    """The tables in ``folder``, read once."""
    units = {
        r["raw_unit"]: Unit(r["family"], r["unit"], float(r["factor"]))
        for r in _rows(folder / "units.csv")
    }
    phrases = list(_rows(folder / "numeral_phrases.csv"))
    return NumberWords(
        units,
        _qualifiers(folder / "qualifiers.csv"),
        fixed_phrases=[r["phrase"] for r in phrases if r["role"] == "fixed"],
        slogan_after=tuple(r["phrase"] for r in phrases if r["role"] != "fixed"),
        rank_words={r["word"]: float(r["value"]) for r in _rows(folder / "rank_words.csv")},
    )
