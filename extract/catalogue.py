"""The metric catalogue and the cue words, read once from ``data/catalogue``.

Each metric's ``cues`` column lists the phrases that name it (``|``-separated).
A cue written ``A...B`` means "B, when A appears earlier in the sentence"
(成交金额 after 登记技术合同). Rules in ``cue_rules.csv`` add such context to
cues that are too loose alone (省级 names provincial platforms only where the
sentence talks about platforms).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from extract import paths
from extract.guard import guarded, trie

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Metric:
    metric_id: str
    category: str
    zh: str
    en: str
    unit: str
    notes: str


@dataclass(frozen=True)
class Cue:
    metric_id: str
    phrase: str
    requires: re.Pattern[str] | None  # must match earlier in the paragraph
    followed_by: re.Pattern[str] | None = None  # must match right after the cue


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a data CSV whose header may be preceded by ``#`` comment lines."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        if None in row:  # more cells than the header names: a comma the quoting missed
            raise ValueError(f"{path.name}: row {row} has more cells than its header")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def load_metrics() -> pd.DataFrame:
    """The catalogue as a table (metric_id, category, zh, en, unit, cues, notes)."""
    import pandas as pd  # here, not above: the rules read the catalogue without pandas

    return pd.DataFrame(read_csv_rows(paths.CATALOGUE / "metrics.csv"))


@lru_cache(maxsize=1)
def metrics() -> dict[str, Metric]:
    return {
        row["metric_id"]: Metric(
            row["metric_id"], row["category"], row["zh"], row["en"], row["unit"], row["notes"]
        )
        for row in read_csv_rows(paths.CATALOGUE / "metrics.csv")
    }


@lru_cache(maxsize=1)
def cues() -> list[Cue]:
    """Every cue with the context it needs: the catalogue's, then ``cue_rules.csv``'s."""
    requires: dict[tuple[str, str], str] = {}
    followed_by: dict[tuple[str, str], str] = {}
    for row in read_csv_rows(paths.CATALOGUE / "metrics.csv"):
        for raw in filter(None, row["cues"].split("|")):
            before, _, phrase = raw.rpartition("...")  # "A...B": B after A
            requires[(row["metric_id"], phrase)] = re.escape(before) if before else ""
    for rule in read_csv_rows(paths.CATALOGUE / "cue_rules.csv"):
        key = (rule["metric_id"], rule["cue"])
        if rule["requires"] == "-":  # a unit note in the catalogue, not a name
            requires.pop(key, None)
        else:
            requires[key] = rule["requires"]
            followed_by[key] = rule.get("followed_by", "")
    compiled = lambda pattern: re.compile(pattern) if pattern else None  # noqa: E731
    return [
        Cue(*key, compiled(context), compiled(followed_by.get(key, "")))
        for key, context in requires.items()
    ]


@lru_cache(maxsize=1)
def cue_pattern() -> re.Pattern[str]:
    """Every cue phrase in one pattern; the longest phrase at a position wins."""
    return trie({c.phrase for c in cues()})


@lru_cache(maxsize=1)
def cues_by_phrase() -> dict[str, list[Cue]]:
    """Phrase → its cues, those that need a context first: 高新技术企业实现工业总产值 is the
    firms' output, 工业总产值 alone industry's."""
    out: dict[str, list[Cue]] = {}
    for c in sorted(cues(), key=lambda c: c.requires is None):
        out.setdefault(c.phrase, []).append(c)
    return out


@cache
def _word_rows() -> tuple[dict[str, str], ...]:
    return tuple(read_csv_rows(paths.CATALOGUE / "cues.csv"))


def word_groups() -> list[str]:
    """The group names of ``cues.csv``."""
    return sorted({r["group"] for r in _word_rows()})


@cache
def word_group(group: str) -> re.Pattern[str]:
    """The cue words of one group of ``cues.csv`` as a compiled alternation."""
    words = [r["cue"] for r in _word_rows() if r["group"] == group]
    if not words:
        raise KeyError(f"cues.csv has no group {group!r}")
    return guarded("|".join(f"(?:{w})" for w in words))


@cache
def verb_metrics() -> list[tuple[re.Pattern[str], str]]:
    """The metric a count's own verb names (认定 → high_tech_enterprises), from
    ``verb_metrics.csv``; the first row whose verb is found wins."""
    rows = read_csv_rows(paths.CATALOGUE / "verb_metrics.csv")
    return [(re.compile(r["verb"]), r["metric_id"]) for r in rows]
