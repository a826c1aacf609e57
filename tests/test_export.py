"""Downloads: formula-safe CSV with BOM, three-sheet XLSX, datapackage JSON, native PPTX charts."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from dashboard import export
from extract import catalogue
from extract.spreadsheet import neutralise_cell

TABLE = pd.DataFrame(
    {
        "region": ["遂宁市", "成都市"],
        "quote": ["=1+1", "@SUM(A1)"],
        "note": ["+86 电话", "-减"],
        "value": [-3.5, 13000.0],
    }
)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1"])
def test_neutralise_cell(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell


def test_csv_has_bom_neutralises_text_and_keeps_numbers() -> None:
    body = export.csv_bytes(TABLE)
    assert body.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")
    assert list(back["quote"]) == ["'=1+1", "'@SUM(A1)"]
    assert list(back["note"]) == ["'+86 电话", "'-减"]
    assert list(back["value"]) == [-3.5, 13000.0]  # a negative number is not a formula


def test_xlsx_has_data_sources_and_metric_definitions() -> None:
    documents = pd.DataFrame({"doc_id": ["a"], "title": ["=bad()"], "source": ["日报"]})
    body = export.xlsx_bytes(TABLE, documents, catalogue.load_metrics(), "zh")
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["数据", "来源", "指标定义"]
    assert book["数据"]["B2"].value == "'=1+1"
    assert book["来源"]["B2"].value == "'=bad()"
    metrics = [row[0].value for row in book["指标定义"].iter_rows(min_row=2)]
    assert "high_tech_enterprises" in metrics and "high_tech_enterprise_output" in metrics
    header = [c.value for c in book["指标定义"][1]]
    assert "单位" in header and "定义" in header


def test_json_inlines_tables_in_the_datapackage() -> None:
    package = {"name": "chuanyu", "resources": [{"name": "facts", "path": "facts.csv"}]}
    body = json.loads(export.json_bytes(package, {"facts": TABLE}))
    facts = body["resources"][0]
    assert "path" not in facts and facts["data"][0]["region"] == "遂宁市"


def test_pptx_one_native_chart_per_metric_with_sources_in_notes() -> None:
    rows = pd.DataFrame(
        {
            "region": ["成都市", "涪陵区", "龙泉驿区", "成都市"],
            "region_level": ["city", "county", "county", "city"],
            "metric_id": ["high_tech_enterprises"] * 3 + ["innovation_platforms"],
            "kind": ["value"] * 4,
            "value": [13000.0, float("nan"), 450.0, 146.0],
            "unit": ["家", "家", "家", "个"],
            "qualifier": ["at_least", None, "at_least", "exact"],
            "estimated": [True, False, False, False],
            "year": [2023, None, 2023, 2023],
            "period": ["", "", "", ""],
        }
    )
    notes = {"high_tech_enterprises": ["来源：从数字跃动 感受科创脉动（成都日报，2023-12-14）"]}
    deck = Presentation(
        io.BytesIO(
            export.pptx_bytes(rows, ["high_tech_enterprises", "innovation_platforms"], notes, "zh")
        )
    )
    slides = list(deck.slides)
    assert len(slides) == 2
    first = slides[0]
    assert first.shapes.title.text.startswith("高新技术企业（家）")
    chart = next(s for s in first.shapes if s.has_chart).chart
    assert list(chart.plots[0].categories) == ["成都市（市）", "龙泉驿区（区县）"]
    labels = [p.data_label.text_frame.text for p in chart.plots[0].series[0].points]
    assert labels == ["预计 ≥13,000 家 (2023年)", "≥450 家 (2023年)"]
    assert "成都日报" in first.notes_slide.notes_text_frame.text
    assert any("未报道" in s.text_frame.text for s in first.shapes if s.has_text_frame)
