"""The fixed words of the facts table: kinds, qualifiers, how a year was found, and when
two figures are the same figure. One definition each, shared by the extractor, the
tables, the evaluation and the review store."""

from __future__ import annotations

KINDS = ("value", "increment", "target", "growth", "share", "rank")
QUALIFIERS = ("exact", "approx", "at_least", "at_most")
# How a figure's year was found: written out, counted from the article's date (去年), or
# taken from the article's date because the text states none.
STATED, RELATIVE, ARTICLE_DATE = "stated", "relative", "article_date"
YEAR_SOURCES = (STATED, RELATIVE, ARTICLE_DATE)
TOLERANCE = 0.005  # values within 0.5 % are the same figure (as FACTS.md scores them)


def same_value(a: float | None, b: float | None) -> bool:
    """True when two figures agree within ``TOLERANCE`` (relative), or both are zero."""
    if a is None or b is None:
        return False
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b)) or abs(a - b) < 1e-9
