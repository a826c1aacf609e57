"""Chart builders keep the honest-display rules: bounds, estimates, gaps, levels, years, sources."""

from __future__ import annotations

import pandas as pd

from dashboard import charts, selection

ROWS = pd.DataFrame(
    {
        "region": ["成都市", "涪陵区", "绵阳高新区"],
        "region_level": ["city", "county", "zone"],
        "metric_id": ["high_tech_enterprises"] * 3,
        "kind": ["value"] * 3,
        "value": [13000.0, float("nan"), 200.0],
        "unit": ["家"] * 3,
        "qualifier": ["at_least", None, "at_least"],
        "estimated": [True, False, False],
        "year": pd.array([2023, pd.NA, 2022], dtype="Int64"),
        "period": ["", "", ""],
        "fact_ids": ["f1", None, "f3"],
        "doc_ids": ["d1", None, "d3"],
    }
)
SOURCES = ["从数字跃动 感受科创脉动（成都日报，2023-12-14）"]


def annotations(fig) -> str:
    return "\n".join(a.text for a in fig.layout.annotations)


def test_bar_chart_draws_bounds_estimates_and_gaps_honestly() -> None:
    colors = charts.region_colors(list(ROWS["region"]))
    fig = charts.bar_chart(ROWS, ["high_tech_enterprises"], colors, SOURCES, "zh")
    bar = next(t for t in fig.data if t.type == "bar")
    assert list(bar.y) == [13000.0, 200.0]  # the missing region has no bar, not a zero bar
    assert list(bar.hovertext) == ["预计 ≥13,000 家 (2023年)", "≥200 家 (2022年)"]
    assert list(bar.text) == ["预计 ≥13,000 家<br>(2023年)", "≥200 家<br>(2022年)"]
    assert list(bar.marker.pattern.shape) == ["/", ""]  # the estimate is hatched
    notes = annotations(fig)
    assert "未报道" in notes
    assert "级别不同" in notes and "年份不同" in notes
    assert "成都日报" in notes


def test_ranking_and_trend_charts_carry_sources() -> None:
    colors = charts.region_colors(list(ROWS["region"]))
    rank = charts.ranking_chart(ROWS, "high_tech_enterprises", colors, SOURCES, "en")
    assert "Sources: " in annotations(rank)
    trend_rows = pd.concat([ROWS.iloc[[0]], ROWS.iloc[[0]].assign(year=2022, estimated=False)])
    trend = charts.trend_chart(trend_rows, "high_tech_enterprises", colors, SOURCES, "zh")
    assert list(trend.data[0].x) == [2022, 2023]  # in year order, whatever the input order
    assert "成都日报" in annotations(trend)


def test_png_download_is_named_and_large() -> None:
    config = charts.image_config(["high_tech_enterprises"], ROWS, "zh", present=True)
    options = config["toImageButtonOptions"]
    assert options == {"format": "png", "scale": 3, "filename": "高新技术企业_2022-2023_对比"}
    # The toolbar speaks Chinese: its dictionary travels inline in the config.
    assert config["locale"] == "zh-CN"
    assert config["locales"]["zh-CN"]["dictionary"]["Download plot as a PNG"] == "下载图片（PNG）"


def test_region_keeps_its_colour_as_the_selection_changes() -> None:
    colors = charts.region_colors(["成都市", "涪陵区", "绵阳高新区"])
    full = charts.bar_chart(ROWS, ["high_tech_enterprises"], colors, SOURCES, "zh")
    alone = charts.bar_chart(ROWS.iloc[[2]], ["high_tech_enterprises"], colors, SOURCES, "zh")
    bar = lambda fig: next(t for t in fig.data if t.type == "bar")  # noqa: E731
    assert list(bar(alone).marker.color) == [list(bar(full).marker.color)[-1]]


def test_log_axis_has_ticks_at_powers_of_ten_only() -> None:
    colors = charts.region_colors(list(ROWS["region"]))
    fig = charts.bar_chart(ROWS, ["high_tech_enterprises"], colors, SOURCES, "zh", log=True)
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.dtick == 1


def test_english_chart_names_regions_and_scales_yuan() -> None:
    rows = ROWS.assign(metric_id="high_tech_industry_revenue", unit="亿元")
    colors = charts.region_colors(list(ROWS["region"]))
    fig = charts.bar_chart(rows, ["high_tech_industry_revenue"], colors, SOURCES, "en")
    bar = next(t for t in fig.data if t.type == "bar")
    assert bar.x[0].startswith("Chengdu City")
    assert list(bar.y) == [1300.0, 20.0]  # 亿元 drawn as bn yuan, as the labels say
    assert "bn yuan" in fig.layout.title.text


def test_long_notes_wrap_inside_the_chart() -> None:
    note = "Note: the chart mixes region levels (district/county, prefecture-level city, zone)"
    lines = charts.wrap_note(note, 40)
    assert len(lines) > 1 and all(len(x) <= 40 for x in lines)
    assert " ".join(lines) == note
    chinese = "来源：" + "很长的标题" * 20
    lines = charts.wrap_note(chinese, 40)
    assert "".join(lines) == chinese and all(len(x) <= 20 for x in lines)  # 2 columns each


def test_sources_cite_the_article_each_value_stands_on() -> None:
    """Not every article that stated the cell: a province's map would cite hundreds."""
    rows = pd.DataFrame(
        {"doc_id": ["a", None, ""], "doc_ids": ["a;b;c", "d;e", "f"], "value": [1.0, 2.0, 3.0]}
    )
    documents = pd.DataFrame(
        {"doc_id": list("abcdef"), "title": list("ABCDEF"), "source": "S", "published": "2024"}
    )
    notes = selection.source_notes(rows, documents)
    assert notes == ["A（S，2024）", "D（S，2024）", "E（S，2024）", "F（S，2024）"]
    assert selection.source_notes(rows.drop(columns="doc_id"), documents)[:3] == [
        "A（S，2024）", "B（S，2024）", "C（S，2024）"
    ]  # fmt: skip
