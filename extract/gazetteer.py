"""The region table (data/gazetteer/regions.csv) and fast matching of region names in text.

Everything about places lives in the data files; this module only loads them. Matching
is one compiled regex built as a trie of every surface form (full names, shorts,
aliases), so scanning an article is a single C-level pass with leftmost-longest results.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extract import paths

ALIAS_SEP = ";"
STOPLIST_NAME = "short_stoplist.txt"

# Articles print the same bracketed alias with half- or full-width brackets.
_BRACKETS = str.maketrans("()", "（）")
_BRACKETS_BACK = str.maketrans("（）", "()")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short: str
    level: str
    parent_code: str
    parent: str
    aliases: tuple[str, ...]

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every form the region can be written in: name, short, aliases."""
        forms = [self.name, self.short, *self.aliases]
        return tuple(dict.fromkeys(f for f in forms if f))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    candidates: tuple[Region, ...]  # several when a name is ambiguous (市中区)


class Gazetteer:
    regions: list[Region]

    def __init__(self, regions: Iterable[Region], stoplist: Iterable[str] = ()) -> None:
        self.regions = list(regions)
        self._by_code = {r.code: r for r in self.regions}
        index: dict[str, list[Region]] = {}
        for r in self.regions:
            for form in r.surfaces:
                for variant in _bracket_variants(form):
                    index.setdefault(variant, [])
                    if r not in index[variant]:
                        index[variant].append(r)
        self._index = {s: tuple(rs) for s, rs in index.items()}

        stop = frozenset(stoplist)
        # Stoplisted surfaces are not matched; other stoplisted words are matched only to
        # be discarded, which keeps the place names inside them (嘉陵江 → 嘉陵) from matching.
        self._blockers = stop
        words = (set(self._index) - stop) | stop
        self._pattern = _trie_regex(words) if words else None

    @classmethod
    def load(cls, path: Path = paths.GAZETTEER) -> Gazetteer:
        """The gazetteer in ``path`` (and the stoplist beside it), read once per path."""
        return _load(Path(path).resolve())

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        """Read without the cache (tests, alternative tables)."""
        stop_path = path.with_name(STOPLIST_NAME)
        stoplist = read_stoplist(stop_path) if stop_path.exists() else []
        return cls(read_regions(path), stoplist)

    def lookup(self, name: str) -> tuple[Region, ...]:
        """All regions written ``name`` (full name, short or alias)."""
        return self._index.get(name.strip(), ())

    def get(self, name: str) -> Region | None:
        """The one region written ``name``; None when unknown or ambiguous."""
        found = self.lookup(name)
        return found[0] if len(found) == 1 else None

    def by_code(self, code: str) -> Region | None:
        return self._by_code.get(code)

    def parent(self, region: Region) -> Region | None:
        return self._by_code.get(region.parent_code) if region.parent_code else None

    def ancestors(self, region: Region) -> list[Region]:
        """Parent, grandparent … up to the province."""
        out: list[Region] = []
        current = self.parent(region)
        while current is not None and current not in out:
            out.append(current)
            current = self.parent(current)
        return out

    def is_within(self, inner: Region, outer: Region) -> bool:
        return inner == outer or outer in self.ancestors(inner)

    def mentions(self, text: str) -> list[Mention]:
        """Leftmost-longest, non-overlapping mentions of region names in ``text``."""
        if self._pattern is None:
            return []
        out: list[Mention] = []
        for m in self._pattern.finditer(text):
            surface = m.group()
            if surface in self._blockers:
                continue
            out.append(Mention(m.start(), m.end(), surface, self._index[surface]))
        return out


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> Gazetteer:
    return Gazetteer.from_csv(path)


def read_regions(path: Path) -> list[Region]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Region(
                code=row["code"],
                name=row["name"],
                short=row["short"] or "",
                level=row["level"],
                parent_code=row["parent_code"] or "",
                parent=row["parent"] or "",
                aliases=tuple(a for a in (row["aliases"] or "").split(ALIAS_SEP) if a),
            )
            for row in csv.DictReader(f)
        ]


def read_stoplist(path: Path) -> list[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def _bracket_variants(form: str) -> set[str]:
    return {form, form.translate(_BRACKETS), form.translate(_BRACKETS_BACK)}


def _trie_regex(words: Iterable[str]) -> re.Pattern[str]:
    """One regex for many literals; the greedy optional tail makes the longest word win."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_trie_node(trie))


def _trie_node(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
    return body
