"""How a figure reads: qualifier symbol, unit, estimate, target, year; never zero for missing."""

from __future__ import annotations

import math

import pytest

from dashboard import labels

CASES = [
    # value, unit, qualifier, kind, estimated, lang, expected
    (450, "家", "at_least", "value", False, "zh", "≥450 家"),
    (300, "项", "approx", "value", False, "zh", "≈300 项"),
    (13000, "家", "at_least", "value", True, "zh", "预计 ≥13,000 家"),
    (300, "家", "exact", "target", False, "zh", "目标 300 家"),
    (5.61, "%", "exact", "growth", False, "zh", "5.61%"),
    (9473, "亿元", "exact", "value", False, "en", "947.3 bn yuan"),  # 亿元 as bn yuan
    (1085.95, "亿元", "exact", "value", False, "zh", "1,085.95 亿元"),
    (3, "位", "exact", "rank", False, "zh", "第3位"),
    (10, "人", "at_most", "value", False, "en", "≤10 people"),
    (math.nan, "家", "exact", "value", False, "zh", "未报道"),
    (None, "家", "exact", "value", False, "en", "not reported"),
]


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "kind", "estimated", "lang", "expected"), CASES
)
def test_format_value(value, unit, qualifier, kind, estimated, lang, expected) -> None:
    assert labels.format_value(value, unit, qualifier, kind, estimated, lang) == expected


def test_format_row_carries_year_and_period() -> None:
    row = {"value": 450.0, "unit": "家", "qualifier": "at_least", "kind": "value", "year": 2023}
    assert labels.format_row(row, "zh") == "≥450 家 (2023年)"
    row = {"value": 9473, "unit": "亿元", "qualifier": "exact", "kind": "value",
           "estimated": "true", "year": 2023, "period": "1-8月"}  # fmt: skip
    assert labels.format_row(row, "zh") == "预计 9,473 亿元 (2023年1-8月)"


@pytest.mark.parametrize(("number", "text"), [(9473.0, "9,473"), (0.8794, "0.88"), (2.5, "2.5")])
def test_format_number(number: float, text: str) -> None:
    assert labels.format_number(number) == text
