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


@pytest.mark.parametrize(
    ("source", "published", "lang", "expected"),
    [
        ("article_date", "2024-03-15", "zh", "截至2024年3月"),
        ("article_date", "2024-03", "en", "as of Mar 2024"),
        ("article_date", "2024", "zh", "截至2024年"),
        ("stated", "2024-03", "zh", "2024年"),
        ("", "2024-03", "zh", "2024年"),  # no year_source column yet: the year as stated
    ],
)
def test_a_year_from_the_article_date_says_so(source, published, lang, expected) -> None:
    assert labels.format_year(2024, "", lang, source, published) == expected


def test_periods_and_extraction_notes_in_english() -> None:
    from dashboard.i18n import extraction_notes, region_name

    assert labels.format_year(2023, "1-8月", "en") == "Jan–Aug 2023"
    assert labels.format_year(2023, "前三季度", "en") == "Q1–Q3 2023"
    assert labels.format_year(2023, "1-8月", "zh") == "2023年1-8月"
    assert region_name("绵阳高新区", "en") == "Mianyang High-tech Zone"
    assert region_name("石柱土家族自治县", "en") == "Shizhu Tujia Autonomous County"
    notes = extraction_notes("dropped 13 page-chrome line(s); something new", "zh")
    assert notes == ["删除网页导航等页面文字 13 行", "something new"]


@pytest.mark.parametrize(
    ("rank_of", "lang", "value_text", "kind_text"),
    [
        ("growth", "zh", "增速第6位", "排名（增速）"),
        ("value", "zh", "总量第6位", "排名（总量）"),
        ("share", "en", "No. 6 by share", "rank (share)"),
        ("", "en", "No. 6", "rank"),  # not known: the rank alone
    ],
)
def test_a_rank_says_what_it_ranks(rank_of: str, lang: str, value_text: str, kind_text: str):
    row = {"value": 6.0, "unit": "位", "kind": "rank", "rank_of": rank_of}
    assert labels.format_row(row, lang) == value_text
    assert labels.kind_name("rank", rank_of, lang) == kind_text
    assert labels.kind_name("growth", "", lang) != kind_text  # other kinds are unchanged
