"""Finite, plausible values only: an absurd figure is dropped with a warning, never stored,
and what the tables hold never breaks a chart or an export."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from review_support import copy_data

from dashboard import charts, data, deck, selection
from extract import pipeline, plausible, tables


@pytest.mark.parametrize(
    ("value", "unit", "kind", "ok"),
    [
        (186, "家", "value", True),
        (math.inf, "家", "value", False),
        (math.nan, "亿元", "value", False),
        (1e11, "家", "value", False),
        (-5, "家", "value", False),  # a negative count
        (-5, "家", "increment", True),
        (130, "%", "share", False),
        (-12.5, "%", "growth", True),
        (0, "位", "rank", False),
        (3, "位", "rank", True),
        (1e13, "unknown-unit", "value", False),
    ],
)
def test_problem_names_what_cannot_be(value: float, unit: str, kind: str, ok: bool) -> None:
    assert (plausible.problem(value, unit, kind) == "") == ok


def test_a_400_digit_figure_is_dropped_with_a_warning(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    raw = data_dir / "raw"
    (raw / "huge.txt").write_text(
        "2023年，涪陵区高新技术企业达到" + "9" * 400 + "家。2023年，涪陵区科技型企业达到900家。",
        encoding="utf-8",
    )
    summary = pipeline.run(inputs=(raw,), out=data_dir / "processed")
    facts = tables.read_tables(data_dir / "processed")["facts"]
    assert all(math.isfinite(v) for v in facts["value"])
    assert not (facts["doc_id"] == "huge").any() or (facts["value"] < 1e7).all()
    assert any(w.startswith("huge.txt: figure '9999") and "not a finite number" in w
               for w in summary.warnings)  # fmt: skip


def test_old_tables_with_inf_show_missing_and_export() -> None:
    facts = pd.DataFrame(
        {
            "region": ["成都市", "涪陵区"], "region_level": ["city", "county"],
            "metric_id": ["high_tech_enterprises"] * 2, "kind": ["value"] * 2,
            "value": ["inf", "186"], "unit": ["家"] * 2, "qualifier": ["exact"] * 2,
            "estimated": ["false"] * 2, "year": ["2023", "1e400"], "period": ["", ""],
            "scope": ["", ""], "quote": ["", ""], "fact_ids": ["a", "b"], "doc_ids": ["d", "e"],
        }
    )  # fmt: skip
    typed = data._typed(facts)
    assert typed["value"].isna().tolist() == [True, False]
    assert typed["year"].isna().tolist() == [False, True]
    raw = facts.assign(value=[math.inf, 186.0], year=[2023, 2023])
    colors = charts.region_colors(list(raw["region"]))
    body = deck.pptx_bytes(raw, ["high_tech_enterprises"], {}, colors, "zh")
    assert len(Presentation(io.BytesIO(body)).slides) == 2


def test_trend_leaves_out_a_figure_without_a_year() -> None:
    wide = pd.DataFrame(
        {
            "region": ["成都市"] * 3, "region_level": ["city"] * 3,
            "metric_id": ["high_tech_enterprises"] * 3, "kind": ["value"] * 3,
            "value": [100.0, 120.0, 130.0], "unit": ["家"] * 3, "qualifier": ["exact"] * 3,
            "estimated": [False] * 3, "year": pd.array([2022, 2023, pd.NA], dtype="Int64"),
            "period": [""] * 3, "fact_ids": ["a", "b", "c"], "doc_ids": ["d", "e", "f"],
        }
    )  # fmt: skip
    rows = selection.series(wide, ["成都市"], "high_tech_enterprises", "value")
    fig = charts.trend_chart(rows, "high_tech_enterprises", {"成都市": "#000"}, [], "zh")
    assert list(fig.data[0].x) == [2022, 2023]
