"""Downloads: CSV that Excel and WPS open correctly, XLSX with sources and definitions, JSON with
the datapackage, and a PowerPoint deck of native (editable) charts."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Mapping, Sequence

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.util import Inches, Pt

from dashboard import labels
from dashboard.charts import metric_title
from dashboard.i18n import metric_definition, metric_name, region_label, t
from extract.spreadsheet import neutralise_cell


def neutralise(table: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would evaluate get a leading apostrophe; numbers stay numbers."""
    table = table.copy()
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]) and not pd.api.types.is_bool_dtype(
            table[column]
        ):
            table[column] = table[column].map(neutralise_cell)
    return table


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM: without it Excel and WPS read Chinese as mojibake."""
    return neutralise(table).to_csv(index=False).encode("utf-8-sig")


def metrics_sheet(catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every metric with both names, its unit and what it counts."""
    return pd.DataFrame(
        {
            t("export.metric_id", lang): catalogue["metric_id"],
            t("export.category", lang): [t(f"category.{c}", lang) for c in catalogue["category"]],
            t("export.name_zh", lang): catalogue["zh"],
            t("export.name_en", lang): catalogue["en"],
            t("common.unit", lang): catalogue["unit"],
            t("export.definition", lang): [metric_definition(m) for m in catalogue["metric_id"]],
        }
    )


def xlsx_bytes(
    data: pd.DataFrame, documents: pd.DataFrame, catalogue: pd.DataFrame, lang: str
) -> bytes:
    """Three sheets: the data, the articles it comes from, the definition of every metric."""
    buffer = io.BytesIO()
    sheets = {
        t("export.sheet_data", lang): data,
        t("export.sheet_sources", lang): documents,
        t("export.sheet_metrics", lang): metrics_sheet(catalogue, lang),
    }
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, sheet in sheets.items():
            neutralise(sheet).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def json_bytes(package: Mapping[str, object], tables: Mapping[str, pd.DataFrame]) -> bytes:
    """The datapackage descriptor with the (filtered) tables inlined as each resource's data."""
    descriptor = copy.deepcopy(dict(package))
    resources = list(descriptor.get("resources", []))  # type: ignore[arg-type]
    names = {r.get("name") for r in resources}
    resources += [{"name": n} for n in tables if n not in names]
    for resource in resources:
        if resource.get("name") in tables:
            table = tables[resource["name"]]
            resource.pop("path", None)  # a resource holds either a path or inline data
            resource["data"] = json.loads(table.to_json(orient="records", force_ascii=False))
    descriptor["resources"] = resources
    return json.dumps(descriptor, ensure_ascii=False, indent=1).encode("utf-8")


def pptx_bytes(
    rows: pd.DataFrame,
    metrics: Sequence[str],
    notes_by_metric: Mapping[str, Sequence[str]],
    lang: str,
) -> bytes:
    """One slide per metric with a native bar chart that can be edited in PowerPoint or WPS."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    for metric in metrics:
        panel = rows[rows["metric_id"] == metric]
        _chart_slide(deck, panel, metric, notes_by_metric.get(metric, ()), lang)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _chart_slide(
    deck: Presentation, panel: pd.DataFrame, metric: str, notes: Sequence[str], lang: str
) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    unit = panel["unit"].dropna().iloc[0] if panel["unit"].notna().any() else ""
    kind = str(panel["kind"].iloc[0]) if len(panel) else "value"
    slide.shapes.title.text = f"{metric_title(metric, unit, lang)} · {t(f'kind.{kind}', lang)}"
    present = panel[panel["value"].notna()]
    if len(present):  # python-pptx cannot draw a chart without categories
        _add_bar_chart(slide, present, metric, lang)
    missing = panel[panel["value"].isna()]
    if len(missing):
        box = slide.shapes.add_textbox(Inches(0.6), Inches(6.5), Inches(12), Inches(0.5))
        box.text_frame.text = t("chart.note_missing", lang, items="、".join(missing["region"]))
        box.text_frame.paragraphs[0].font.size = Pt(12)
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _add_bar_chart(slide: object, present: pd.DataFrame, metric: str, lang: str) -> None:
    data = CategoryChartData()
    data.categories = [
        region_label(r, lv, lang)
        for r, lv in zip(present["region"], present["region_level"], strict=True)
    ]
    data.add_series(metric_name(metric, lang), [float(v) for v in present["value"]])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.6), Inches(1.4), Inches(12), Inches(5.0), data
    )
    chart = frame.chart
    chart.has_legend = False
    chart.font.size = Pt(14)
    for point, record in zip(
        chart.plots[0].series[0].points, present.to_dict("records"), strict=True
    ):
        point.data_label.text_frame.text = labels.format_row(record, lang)
        point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END
        if labels.as_bool(record.get("estimated")):
            # Estimates hatched as on screen, so the deck tells the same story.
            point.format.fill.patterned()
            point.format.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
            point.format.fill.fore_color.rgb = RGBColor(0x1F, 0x5F, 0x99)
            point.format.fill.back_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
