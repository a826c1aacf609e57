"""Finite, plausible figures only: what an article cannot mean is dropped with a warning.

A figure of 400 digits reads as infinity, a misread one as ten billion firms; either would
reach every chart and export. The bounds per unit and kind live in
``data/catalogue/plausible.csv`` (``*`` matches any unit or kind; the first row that
matches decides).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Protocol

from extract import paths


class Figure(Protocol):
    value: float
    unit: str
    kind: str
    figure_text: str


@cache
def bounds() -> tuple[tuple[str, str, float, float], ...]:
    with (paths.CATALOGUE / "plausible.csv").open(encoding="utf-8") as f:
        return tuple(
            (r["unit"], r["kind"], float(r["min"]), float(r["max"])) for r in csv.DictReader(f)
        )


def problem(value: object, unit: str, kind: str) -> str:
    """Why ``value`` cannot be a figure in ``unit`` of ``kind``; empty when it can."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"{value!r} is not a number"
    if not math.isfinite(number):
        return f"{value!r} is not a finite number"
    for row_unit, row_kind, low, high in bounds():
        if row_unit in ("*", unit) and row_kind in ("*", kind):
            if not low <= number <= high:
                return f"{number:g} {unit} is outside the plausible range {low:g} to {high:g}"
            return ""
    return ""


def keep(facts: Sequence[Figure]) -> tuple[list[Figure], list[str]]:
    """(the plausible facts, a warning for each one dropped)."""
    kept, warnings = [], []
    for fact in facts:
        why = problem(fact.value, fact.unit, fact.kind)
        if why:
            shown = fact.figure_text if len(fact.figure_text) <= 40 else fact.figure_text[:37] + "…"
            warnings.append(f"figure {shown!r} dropped: {why}")
        else:
            kept.append(fact)
    return kept, warnings


def finite(values: Iterable[object]) -> list[float | None]:
    """Numbers as floats, None for anything not finite (for exporters that refuse NaN/inf)."""
    out: list[float | None] = []
    for v in values:
        try:
            number = float(v)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = math.nan
        out.append(number if math.isfinite(number) else None)
    return out
