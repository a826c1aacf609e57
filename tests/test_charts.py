"""Chart builders keep the honest-display rules: bounds, estimates, gaps, levels, years, sources."""

from __future__ import annotations

import pandas as pd

from dashboard import charts

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
    fig = charts.bar_chart(ROWS, ["high_tech_enterprises"], list(ROWS["region"]), SOURCES, "zh")
    bar = next(t for t in fig.data if t.type == "bar")
    assert list(bar.y) == [13000.0, 200.0]  # the missing region has no bar, not a zero bar
    assert list(bar.text) == ["预计 ≥13,000 家 (2023年)", "≥200 家 (2022年)"]
    assert list(bar.marker.pattern.shape) == ["/", ""]  # the estimate is hatched
    notes = annotations(fig)
    assert "未报道" in notes
    assert "级别不同" in notes and "年份不同" in notes
    assert "成都日报" in notes


def test_ranking_and_trend_charts_carry_sources() -> None:
    rank = charts.ranking_chart(ROWS, "high_tech_enterprises", SOURCES, "en")
    assert "Sources: " in annotations(rank)
    trend_rows = pd.concat([ROWS.iloc[[0]], ROWS.iloc[[0]].assign(year=2022, estimated=False)])
    trend = charts.trend_chart(trend_rows, "high_tech_enterprises", SOURCES, "zh")
    assert list(trend.data[0].x) == [2022, 2023]  # in year order, whatever the input order
    assert "成都日报" in annotations(trend)


def test_png_download_is_named_and_large() -> None:
    config = charts.image_config(["high_tech_enterprises"], ROWS, "zh", present=True)
    options = config["toImageButtonOptions"]
    assert options == {"format": "png", "scale": 3, "filename": "高新技术企业_2022-2023_对比"}
