"""The first-character look-ahead never changes what a pattern matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import catalogue, paths
from extract.guard import first_chars, guarded, trie


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        ("一季度|上半年", "一上"),
        ("(?:增长|提高)(?![至到])|净增", "增提净"),
        (r"(?<![\d.])(20\d\d)年|今年", r"2今"),  # a look-behind takes no character
        (r"(?P<o>[第前])?(?:\d+|[一二])", r"第前\d一二"),  # an optional atom: the next one too
        ("[a-]x|y", r"a\-y"),  # a class's - stays a literal in the joined class
        (r"\(注\)|\u4e00", r"\(\u4e00"),
    ],
)
def test_first_chars(pattern: str, chars: str) -> None:
    assert first_chars(pattern) == chars


@pytest.mark.parametrize("pattern", ["a|", ".b", "[^a]b", "a?", r"(?i)ab", "(a)?(?(1)b|c)", "x*y*"])
def test_first_chars_not_told(pattern: str) -> None:
    assert first_chars(pattern) is None


def test_a_pattern_that_skips_already_is_left_as_it_is() -> None:
    # re finds the starts of literal alternatives itself; a look-ahead would slow it down
    assert guarded("占比|比重").pattern == "占比|比重"
    assert guarded("[、和]").pattern == "[、和]"
    assert guarded("(?:去年|上年)同期|较").pattern == "(?:去年|上年)同期|较"
    assert guarded(r"\d+个|前\d").pattern.startswith("(?=[")


def _cue_patterns() -> list[str]:
    rows = catalogue.read_csv_rows(paths.CATALOGUE / "cues.csv")
    return sorted({catalogue.word_group(r["group"]).pattern for r in rows})


_ALPHABET = "".join(sorted(set("".join(_cue_patterns())) - set("\\()[]{}|?*+^$.")))
_PATTERNS = [
    *_cue_patterns(),
    r"(?P<o>[第前])?(?:(?P<a>\d+(?:\.\d+)?)(?P<s>[万亿])?|(?P<c>[一二三十]+))|(?P<r>首位|末位)",
    r"(?<![\d.])(20\d\d)年(?:度)?|去年|今年|上年",
    r"[\u4e00-\u9fff]{2,6}?(?:产业园|园区|[智光]谷)",
]


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.sampled_from(_PATTERNS),
    text=st.text(alphabet=_ALPHABET + "0123456789年度第前万亿首末位，。", max_size=60),
)
def test_guarded_matches_what_the_pattern_matches(pattern: str, text: str) -> None:
    plain, fast = re.compile(pattern), guarded(pattern)
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
        (m.span(), m.groups()) for m in plain.finditer(text)
    ]
    for pos in range(len(text) + 1):
        assert bool(fast.match(text, pos)) == bool(plain.match(text, pos))


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(alphabet="研发投入强度经费", min_size=1, max_size=5), min_size=1),
    text=st.text(alphabet="研发投入强度经费，", max_size=40),
)
def test_a_trie_finds_what_the_longest_first_alternation_finds(words: list[str], text: str) -> None:
    longest_first = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    assert [m.span() for m in trie(words).finditer(text)] == [
        m.span() for m in longest_first.finditer(text)
    ]
