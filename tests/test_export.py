"""Downloads: formula-safe CSV with BOM, three-sheet XLSX, datapackage JSON, native PPTX charts."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.dml.color import RGBColor

from dashboard import deck, export
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


DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["a"], "title": ["=bad()"], "published": ["2024-03"], "source": ["日报"],
        "url": [""], "region": ["遂宁市"], "n_facts": ["2"], "content_hash": ["abc"],
        "path": ["a.txt"], "encoding": ["utf-8"],
    }
)  # fmt: skip


def test_xlsx_has_data_sources_and_metric_definitions() -> None:
    body = export.xlsx_bytes(TABLE, DOCUMENTS, catalogue.load_metrics(), "zh")
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["数据", "来源", "指标定义"]
    assert book["数据"]["B2"].value == "'=1+1"
    sources = book["来源"]
    header = [c.value for c in sources[1]]
    assert header[0] == "文章标题" and sources["A2"].value == "'=bad()"
    # What a reader cites, not how the file was stored.
    assert not {"content_hash", "path", "encoding", "doc_id"} & set(header)
    definitions = book["指标定义"]
    header = [c.value for c in definitions[1]]
    assert "单位" in header and "定义" in header
    rows = {r[1].value: r for r in definitions.iter_rows(min_row=2)}
    assert rows["高新技术企业"][header.index("定义")].value.startswith("经认定")
    # Readable as it opens: a frozen, bold header and columns wider than the default.
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
    assert definitions.column_dimensions["E"].width > 20


def test_json_is_self_contained() -> None:
    body = json.loads(export.json_bytes(TABLE, DOCUMENTS, catalogue.load_metrics(), "zh"))
    names = [r["name"] for r in body["resources"]]
    assert names == ["figures", "sources", "metrics"]
    assert all("data" in r and "path" not in r for r in body["resources"])
    assert body["resources"][0]["data"][0]["region"] == "遂宁市"
    assert "a.txt" not in json.dumps(body, ensure_ascii=False)


def test_pptx_title_slide_then_a_native_chart_per_metric_with_notes_on_the_slide() -> None:
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
    notes = {
        "high_tech_enterprises": [
            "未报道：涪陵区",
            "来源：从数字跃动 感受科创脉动（成都日报，2023-12-14）",
        ]
    }
    colors = {"成都市": "#1f5f99", "涪陵区": "#d9822b", "龙泉驿区": "#3c8d5a"}
    metrics = ["high_tech_enterprises", "innovation_platforms"]
    shown = Presentation(io.BytesIO(deck.pptx_bytes(rows, metrics, notes, colors, "zh")))
    slides = list(shown.slides)
    assert len(slides) == 3
    assert slides[0].shapes.title.text == "川渝高新技术指标对比"
    assert "成都市、涪陵区、龙泉驿区" in slides[0].placeholders[1].text_frame.text
    first = slides[1]
    assert first.shapes.title.text.startswith("高新技术企业（家）")
    chart = next(s for s in first.shapes if s.has_chart).chart
    assert list(chart.plots[0].categories) == ["成都市（市）", "龙泉驿区（区县）"]
    points = chart.plots[0].series[0].points
    labels = [p.data_label.text_frame.text for p in points]
    assert labels == ["预计 ≥13,000 家 (2023年)", "≥450 家 (2023年)"]
    # The app's colours: 成都市's estimate hatched in its colour, 龙泉驿区 solid in its own.
    assert points[0].format.fill.fore_color.rgb == RGBColor.from_string("1F5F99")
    assert points[1].format.fill.fore_color.rgb == RGBColor.from_string("3C8D5A")
    on_slide = "\n".join(s.text_frame.text for s in first.shapes if s.has_text_frame)
    assert "成都日报" in on_slide and "未报道" in on_slide
    assert "成都日报" in first.notes_slide.notes_text_frame.text
