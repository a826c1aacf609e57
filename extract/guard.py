"""Faster scans for alternations of many words: a look-ahead of their first characters.

Python's ``re`` tries every alternative of ``一季度|上半年|…`` at every position of the
text; only a pattern that opens with a literal or a character class gets its fast
skip to the next possible start. :func:`guarded` puts the characters a match can start
with in front of the pattern, ``(?=[一上…])(?:一季度|上半年|…)``, so most positions are
rejected by one class test. The look-ahead is zero-width and only states what every
match already starts with, so the guarded pattern matches exactly what the pattern does.
When the first characters cannot be told (``.``, a negated class, an alternative that
can match nothing, inline flags), the pattern is compiled as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_ZERO_WIDTH_ESCAPES = "bBAZ"
_CLASS_ESCAPES = "dswDSW"
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_OPTIONAL = ("?", "*", "{")  # quantifiers that may allow zero


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled behind a look-ahead of its first characters, when known."""
    chars = first_chars(pattern)
    if not chars or _skips_already(pattern):
        return re.compile(pattern, flags)
    return re.compile(f"(?=[{chars}])(?:{pattern})", flags)


def _skips_already(pattern: str) -> bool:
    """Whether ``re`` already skips to possible starts: every alternative opens with a
    literal character (through groups), or the pattern with one class. A look-ahead would
    only slow those down."""
    alternatives = _alternatives(pattern)
    if len(alternatives) == 1 and alternatives[0].startswith("[") and alternatives[0][1:2] != "^":
        end = _class_end(alternatives[0], 0)
        return alternatives[0][end : end + 1] not in _OPTIONAL
    return all(_literal_first(a) for a in alternatives)


def _literal_first(seq: str) -> bool:
    """Whether ``seq`` opens with a literal character that is not optional."""
    if seq.startswith("(?:"):
        end = _group_end(seq, 0)
        return seq[end : end + 1] not in _OPTIONAL and all(
            _literal_first(a) for a in _alternatives(seq[3 : end - 1])
        )
    if seq.startswith("\\"):
        width = 2 if len(seq) > 1 and not seq[1].isalnum() else 0  # \( is a literal, \d is not
    else:
        width = 1 if seq and seq[0] not in ".^$[()|*+?{" else 0
    return width > 0 and seq[width : width + 1] not in _OPTIONAL


def first_chars(pattern: str) -> str | None:
    """The characters a match of ``pattern`` can start with, written as the inside of a
    character class; None when that cannot be told."""
    if re.match(r"\(\?[aiLmsux]+\)", pattern):
        return None  # global flags must stay at the pattern's head
    out: list[str] = []
    for alternative in _alternatives(pattern):
        chars = _sequence_first(alternative)
        if chars is None:
            return None
        out.append(chars)
    return "".join(out)


def _alternatives(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|``."""
    parts, start = [], 0
    for i, depth in _structure(pattern):
        if pattern[i] == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _structure(pattern: str, i: int = 0) -> Iterator[tuple[int, int]]:
    """(index, depth after it) of each bracket and ``|`` from ``pattern[i]`` on, outside
    escapes and character classes."""
    depth = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i)
            continue
        if c in "()|":
            depth += 1 if c == "(" else -1 if c == ")" else 0
            yield i, depth
        i += 1


def _class_end(pattern: str, i: int) -> int:
    """The index after the class that opens at ``pattern[i]``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1  # a ] first in a class is a literal
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _group_end(pattern: str, i: int) -> int:
    """The index after the group that opens at ``pattern[i]``."""
    for j, depth in _structure(pattern, i):
        if depth == 0:
            return j + 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def _sequence_first(seq: str) -> str | None:
    """First characters of a sequence of atoms: its first consuming atom's, and the next
    atom's too while the atoms before may match nothing."""
    i, out = 0, []
    while True:
        if i >= len(seq):
            return None  # the sequence can match the empty string: any position
        atom, i, zero_width = _atom(seq, i)
        if atom is None and not zero_width:
            return None
        if zero_width:
            continue
        optional = False
        if i < len(seq) and seq[i] in "?*{+":
            optional, i = _quantifier(seq, i)
        out.append(atom)
        if not optional:
            return "".join(out)


def _quantifier(seq: str, i: int) -> tuple[bool, int]:
    """(whether the quantifier at ``seq[i]`` allows zero, the index after it)."""
    c = seq[i]
    if c == "{":
        end = seq.index("}", i)
        low = seq[i + 1 : end].split(",")[0].strip()
        optional, i = (not low or int(low) == 0), end + 1
    else:
        optional, i = c in "?*", i + 1
    if i < len(seq) and seq[i] in "?+":
        i += 1  # lazy or possessive
    return optional, i


def _loose(content: str) -> str:
    """A class's content made safe to join with others': a leading ] or a - at either
    end is escaped, so it stays a literal inside the joined class."""
    if content.startswith(("]", "-")):
        content = "\\" + content
    if content.endswith("-") and not content.endswith("\\-"):
        content = content[:-1] + "\\-"
    return content


def _atom(seq: str, i: int) -> tuple[str | None, int, bool]:
    """(the atom's first characters as class content, the index after it, zero-width)."""
    c = seq[i]
    if c in "^$":
        return None, i + 1, True
    if c == ".":
        return None, i + 1, False
    if c == "\\":
        nxt = seq[i + 1]
        if nxt in _ZERO_WIDTH_ESCAPES:
            return None, i + 2, True
        if nxt in _CLASS_ESCAPES:
            return seq[i : i + 2], i + 2, False
        if nxt in _HEX_ESCAPES:
            end = i + 2 + _HEX_ESCAPES[nxt]
            return seq[i:end], end, False
        if nxt.isdigit() or nxt in "gN":
            return None, i + 2, False  # a back-reference or a named character: not told
        return seq[i : i + 2], i + 2, False
    if c == "[":
        end = _class_end(seq, i)
        if seq[i + 1] == "^":
            return None, end, False
        return _loose(seq[i + 1 : end - 1]), end, False
    if c == "(":
        end = _group_end(seq, i)
        inner = seq[i + 1 : end - 1]
        if inner.startswith(("?=", "?!", "?<=", "?<!", "?#")):
            return None, end, True
        if inner.startswith("?:"):
            inner = inner[2:]
        elif inner.startswith("?P<"):
            inner = inner[inner.index(">") + 1 :]
        elif inner.startswith("?"):
            return None, end, False  # inline flags or a conditional: not told
        return first_chars(inner), end, False
    if c in "])}|*+?{":
        return None, i + 1, False
    return re.escape(c) if c in "-]^\\[" else c, i + 1, False


def trie(words: Iterable[str]) -> re.Pattern[str]:
    """One regex for many literal words, as a tree of their shared beginnings: re then
    follows one branch per character instead of trying every word. The greedy optional tail
    makes the longest word win, as in an alternation of the words longest first."""
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
