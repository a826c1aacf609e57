"""Golden cases (tests/cases/numbers.csv) and properties of extract.numbers."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.numbers import FAMILIES, QUALIFIERS, find_quantities, parse_number

CASES = Path(__file__).parent / "cases" / "numbers.csv"
METRIC_FAMILIES = {"money", "count", "percent", "pp", "rank"}


def _cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _close(a: float | None, b: str) -> bool:
    if not b:
        return a is None
    return a is not None and math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-12)


def test_enough_cases() -> None:
    rows = _cases()
    assert len(rows) >= 60
    assert sum(1 for r in rows if not r["value"]) >= 5


@pytest.mark.parametrize("row", _cases(), ids=lambda r: r["text"])
def test_golden(row: dict[str, str]) -> None:
    found = find_quantities(row["text"])
    if not row["value"]:
        if row["family"] == "any":
            assert found == [], found
        else:
            assert [q for q in found if q.family in METRIC_FAMILIES] == [], found
        return
    hits = [q for q in found if q.family == row["family"]]
    assert len(hits) == 1, found
    q = hits[0]
    assert _close(q.value, row["value"]), q
    assert q.unit == row["unit"], q
    assert q.qualifier == row["qualifier"], q
    assert _close(q.low, row["low"]), q
    assert _close(q.high, row["high"]), q


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("1.3万", 13000),
        ("两千", 2000),
        ("一万五千", 15000),
        ("一万五", 15000),
        ("1,085.95", 1085.95),
        ("96484", 96484),
        ("三", 3),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("三亿五千万", 350_000_000),
        ("1.2万亿", 1.2e12),
        ("五分之一", 0.2),
        ("二〇二三", 2023),
        ("３", 3),
    ],
)
def test_parse_number(s: str, expected: float) -> None:
    assert parse_number(s) == pytest.approx(expected)


@pytest.mark.parametrize("s", ["", "第一", "abc", "一一", "三四", "十百"])
def test_parse_number_rejects(s: str) -> None:
    assert parse_number(s) is None


def test_spans_and_order() -> None:
    text = "全市高新技术企业突破1.3万家,新增约300项,营收8794万元,居全省第3位。"
    qs = find_quantities(text)
    assert [q.text for q in qs] == ["突破1.3万家", "约300项", "8794万元", "第3位"]
    first = qs[0]
    assert text[first.num_start : first.num_end] == "1.3万"
    assert (first.raw_unit, qs[2].raw_unit) == ("家", "万元")
    assert all(a.end <= b.start for a, b in itertools.pairwise(qs))


def test_classifier_is_raw_unit() -> None:
    (q,) = find_quantities("引进51支高校、院所人才团队")
    assert (q.raw_unit, q.unit, q.family) == ("支", "个", "count")


_ALPHABET = st.sampled_from(
    [
        *"0123456789.,%~-至到第前约近超余多以上下左右万亿千百十一二两三五元家个人名位项件户年月日",
        *["个百分点", "亿元", "万元", "百分之", "分之", "首位", " ", "“", "A", "G", "\n"],
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(_ALPHABET, max_size=40).map("".join)))
def test_never_raises_and_spans_hold(text: str) -> None:
    last = 0
    for q in find_quantities(text):
        assert q.text == text[q.start : q.end]
        assert q.start <= q.num_start < q.num_end <= q.end
        assert q.start >= last
        last = q.end
        assert q.family in FAMILIES
        assert q.qualifier in QUALIFIERS
        assert math.isfinite(q.value)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("营业收入87.72亿元[1],同比增长9.5%", ["87.72亿元", "9.5%"]),
        ("全年利润12.6亿元［2］。", ["12.6亿元"]),
        ("研发人员占比18%[注1]", ["18%"]),
        ("园区企业[3]达到215家", ["215家"]),
    ],
)
def test_footnote_marks_are_not_quantities(text: str, figures: list[str]) -> None:
    assert [q.text for q in find_quantities(text)] == figures
