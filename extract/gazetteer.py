"""The region table (data/gazetteer/regions.csv) and fast matching of region names in text.

Everything about places lives in the data files; this module only loads them. Matching
is one compiled regex built as a trie of every surface form (full names, shorts,
aliases, and a county written after its city: 攀枝花东区), so scanning an article is a
single C-level pass with leftmost-longest results. Two readings follow the scan:

* an address chain is one mention of its innermost region (四川省泸州市江阳区 → 江阳区);
* a region's name followed by a zone word (zone_words.csv) is that region's zone, even
  when zones.csv does not list it (新都高新技术产业园区 → 新都高新区, a zone of 新都区).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extract import paths
from extract.guard import trie

ALIAS_SEP = ";"
STOPLIST_NAME = "short_stoplist.txt"
ZONE_WORDS_NAME = "zone_words.csv"
_LIST_JOIN = re.compile(r"[、和及与]")
_DERIVED_CODE = re.compile(r"^Z(\d{6})-([a-z]+)$")

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


@dataclass(frozen=True)
class ZoneWord:
    written: str  # 高新技术产业园区
    short: str  # 高新区
    kind: str  # gxq: the code suffix of the zones it names


class Gazetteer:
    regions: list[Region]

    def __init__(
        self,
        regions: Iterable[Region],
        stoplist: Iterable[str] = (),
        zone_words: Iterable[ZoneWord] = (),
    ) -> None:
        self.regions = list(regions)
        self._by_code = {r.code: r for r in self.regions}
        self._zone_words = sorted(zone_words, key=lambda z: len(z.written), reverse=True)
        self._zone_kinds = {z.kind: z.short for z in self._zone_words}
        index: dict[str, list[Region]] = {}
        for r in self.regions:
            for form in (*r.surfaces, *self._compound_names(r)):
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
        self._pattern = trie(words) if words else None
        names = stop & set(self._index)
        self._held = trie(names) if names else None

    @classmethod
    def load(cls, path: Path = paths.GAZETTEER) -> Gazetteer:
        """The gazetteer in ``path`` (and the stoplist beside it), read once per path (as
        given: resolving it cost a call per article 0.4 ms of file-system lookups)."""
        return _load(Path(path))

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        """Read without the cache (tests, alternative tables)."""
        stop_path = path.with_name(STOPLIST_NAME)
        stoplist = read_stoplist(stop_path) if stop_path.exists() else []
        words_path = path.with_name(ZONE_WORDS_NAME)
        zone_words = read_zone_words(words_path) if words_path.exists() else []
        return cls(read_regions(path), stoplist, zone_words)

    def _compound_names(self, region: Region) -> list[str]:
        """A county written after its city's name: 攀枝花东区, 泸州市江阳区."""
        parent = self._by_code.get(region.parent_code)
        if region.level != "county" or parent is None or parent.level != "city":
            return []
        return [p + region.name for p in (parent.short, parent.name) if p]

    def lookup(self, name: str) -> tuple[Region, ...]:
        """All regions written ``name`` (full name, short or alias)."""
        return self._index.get(name.strip(), ())

    def get(self, name: str) -> Region | None:
        """The one region written ``name`` (a zone the tables do not list included);
        None when unknown or ambiguous."""
        found = self.lookup(name)
        if not found:
            whole = [m for m in self.mentions(name.strip()) if m.end - m.start == len(name.strip())]
            found = whole[0].candidates if whole else ()
        return found[0] if len(found) == 1 else None

    def by_code(self, code: str) -> Region | None:
        """The region of ``code``; a zone derived from its parent's code is rebuilt."""
        found = self._by_code.get(code)
        if found is None and (m := _DERIVED_CODE.match(code)):
            parent = self._by_code.get(m.group(1))
            if parent is not None and m.group(2) in self._zone_kinds:
                found = self._zone_of(parent, m.group(2))
        return found

    def _zone_of(self, parent: Region, kind: str) -> Region:
        """The ``kind`` zone of ``parent``: the listed one, else one named after the parent."""
        code = f"Z{parent.code}-{kind}"
        if code in self._by_code:
            return self._by_code[code]
        prefix = parent.short
        grand = self._by_code.get(parent.parent_code)
        if not prefix:  # 东区 → 攀枝花东区高新区
            prefix = (grand.short if grand and grand.level == "city" else "") + parent.name
        zone = Region(
            code, prefix + self._zone_kinds[kind], "", "zone", parent.code, parent.name, ()
        )
        self._by_code[code] = zone  # derived the same way every time: a cache, not state
        return zone

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
        """Leftmost-longest, non-overlapping mentions of region names in ``text``; an
        address chain is one mention, and a name followed by a zone word names the zone."""
        if self._pattern is None:
            return []
        out: list[Mention] = []
        held: list[Mention] = []  # ordinary words that are also a region's short (石柱)
        for m in self._pattern.finditer(text):
            surface = m.group()
            if surface in self._blockers and not (
                surface in self._index and self._zone_word_at(text, m.end())
            ):  # 安居 is a word, 安居经济开发区 a zone's name
                if surface in self._index:
                    held.append(Mention(m.start(), m.end(), surface, self._index[surface]))
                continue
            found = Mention(m.start(), m.end(), surface, self._index[surface])
            if out and out[-1].end == found.start:
                found = self._chain(text, out[-1], found) or found
                if found.start == out[-1].start:
                    out.pop()
            out.append(found)
        if held:
            out = self._listed(text, out, held)
        return [self._zoned(text, m) for m in out]

    def held_at(self, text: str, pos: int) -> Mention | None:
        """A region name that is also an ordinary word (东区, 长寿), written at ``pos``: no
        mention alone, but a subject where a clause opens with it (东区R&D经费投入…)."""
        if self._held is None:
            return None
        m = self._held.match(text, pos)
        return Mention(m.start(), m.end(), m.group(), self._index[m.group()]) if m else None

    def _listed(self, text: str, out: list[Mention], held: list[Mention]) -> list[Mention]:
        """石柱、彭水、酉阳: a short that is an ordinary word alone names its region where it
        stands in a list of region names (one pass each way along the list)."""
        items = sorted(
            [(m, True) for m in out] + [(h, False) for h in held], key=lambda x: x[0].start
        )
        accepted = [ok for _, ok in items]
        for order in (range(1, len(items)), range(len(items) - 2, -1, -1)):
            for i in order:
                j = i - 1 if order.step == 1 else i + 1
                first, second = sorted((items[i][0], items[j][0]), key=lambda m: m.start)
                if (
                    accepted[j]
                    and not accepted[i]
                    and _LIST_JOIN.fullmatch(text[first.end : second.start])
                ):
                    accepted[i] = True
        return [m for (m, _), ok in zip(items, accepted, strict=True) if ok]

    def _chain(self, text: str, outer: Mention, inner: Mention) -> Mention | None:
        """四川省 + 泸州市: one mention of the inner region, when it lies within the outer."""
        kept = tuple(
            r for r in inner.candidates if any(self.is_within(r, o) for o in outer.candidates)
        )
        if not kept:
            return None
        return Mention(outer.start, inner.end, text[outer.start : inner.end], kept)

    def _zone_word_at(self, text: str, pos: int) -> bool:
        return any(w.kind and text.startswith(w.written, pos) for w in self._zone_words)

    def _zoned(self, text: str, mention: Mention) -> Mention:
        """新都 + 高新技术产业园区: a mention of 新都区's high-tech zone."""
        region = mention.candidates[0]
        if region.level not in ("city", "county"):
            return mention
        for word in self._zone_words:
            if word.kind and text.startswith(word.written, mention.end):
                end = mention.end + len(word.written)
                zone = self._zone_of(region, word.kind)
                return Mention(mention.start, end, text[mention.start : end], (zone,))
        return mention


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


def read_zone_words(path: Path) -> list[ZoneWord]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return [ZoneWord(r["written"], r["short"], r["kind"]) for r in rows]


def read_stoplist(path: Path) -> list[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def _bracket_variants(form: str) -> set[str]:
    return {form, form.translate(_BRACKETS), form.translate(_BRACKETS_BACK)}
