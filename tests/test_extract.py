"""Extraction end to end on short articles: golden cases kept as data in tests/cases."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extract.dates import detect_published
from extract.reading import extract_article, extract_text

CASES = Path(__file__).parent / "cases" / "extraction.csv"


def _cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _as_expect(fact, with_source: bool) -> str:
    value = f"{fact.value:g}"
    fields = [fact.region, fact.scope, fact.metric_id, fact.kind, value, fact.qualifier]
    fields.append(str(fact.year))
    return "|".join(fields + ([fact.year_source] if with_source else []))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["case"])
def test_golden_case(case: dict[str, str]) -> None:
    meta = {"doc_id": case["case"], "region": case["region"], "published": case["published"]}
    _, facts, _ = extract_text(case["text"], meta)
    expect = case["expect"]
    absent = expect.startswith("!")  # this fact must not come out
    expect = expect.removeprefix("!")
    with_source = expect.count("|") == 7  # the year's source is checked where a case names it
    region_wide = [_as_expect(f, with_source) for f in facts if not f.scope]
    if expect == "-":
        assert region_wide == []
    elif absent:
        assert expect not in [_as_expect(f, with_source) for f in facts]
    elif expect.split("|")[1]:  # a scoped fact
        assert expect in [_as_expect(f, with_source) for f in facts]
    else:
        assert expect in region_wide


def test_quote_and_figure_point_into_the_text() -> None:
    text, facts, _ = extract_text(
        "1-8月，全市高新技术产业营业收入预估完成9473亿元，同比增长5.61%。",
        {"doc_id": "t", "region": "成都市", "published": "2023-12-14"},
    )
    assert facts
    for f in facts:
        assert text[f.quote_start : f.quote_end] == f.quote
        assert text[f.figure_start : f.figure_end] == f.figure_text
    revenue = next(f for f in facts if f.kind == "value")
    assert (revenue.estimated, revenue.period, revenue.year) == (True, "1-8月", 2023)


MAIN_REGION_CASES = CASES.with_name("main_region.csv")


def _main_region_cases() -> list[dict[str, str]]:
    with MAIN_REGION_CASES.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


@pytest.mark.parametrize("case", _main_region_cases(), ids=lambda c: c["case"])
def test_main_region_case(case: dict[str, str]) -> None:
    meta = {"doc_id": case["case"], "published": "2024-01-10", "title": case["title"]}
    article = extract_article(case["text"], meta)
    assert article.meta["region"] == case["region"]


def test_a_table_s_column_header_names_the_period() -> None:
    text = (
        "| 指标名称 | 单位 | 全年目标 | 上半年完成 | 完成率 |\n"
        "| 新增高新技术企业 | 家 | 4 | 3 | 75% |"
    )
    meta = {"doc_id": "t", "region": "屏山县", "published": "2025-07-15"}
    _, facts, _ = extract_text(text, meta)
    periods = {(f.kind, f.value): f.period for f in facts}
    assert periods == {("target", 4.0): "", ("increment", 3.0): "1-6月"}


def test_a_period_in_a_heading_is_no_publication_date() -> None:
    assert detect_published("荣昌高新区2024年1-9月重点指标完成情况") == ""
    assert detect_published("发布日期：2024-10-20 来源：经济发展局") == "2024-10-20"


def test_one_figure_of_several_regions_gives_each_an_id_of_its_own() -> None:
    _, facts, _ = extract_text(
        "德阳市各区县高新技术企业发展较快，什邡、绵竹均超过30家。",
        {"doc_id": "t", "region": "德阳市", "published": "2024-01-01"},
    )
    assert {f.region for f in facts} == {"什邡市", "绵竹市"}
    assert len({f.fact_id for f in facts}) == len(facts)
