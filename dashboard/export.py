"""Downloads: CSV that Excel and WPS open correctly, XLSX with sources and definitions, JSON with
the datapackage, and a PowerPoint deck of native (editable) charts."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.util import Inches, Pt

from dashboard import labels
from dashboard.charts import PALETTE, metric_title
from dashboard.i18n import metric_definition, metric_name, region_label, region_name, t, unit_name
from extract import plausible
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
    """Every metric with both names, its unit and what it counts, in the reader's language."""
    return pd.DataFrame(
        {
            t("export.category", lang): [t(f"category.{c}", lang) for c in catalogue["category"]],
            t("export.name_zh", lang): catalogue["zh"],
            t("export.name_en", lang): catalogue["en"],
            t("common.unit", lang): [unit_name(u, lang) for u in catalogue["unit"]],
            t("export.definition", lang): [
                metric_definition(m, lang) for m in catalogue["metric_id"]
            ],
        }
    )


def sources_sheet(documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The articles behind the figures, as a reader cites them (no hashes, paths or encodings)."""
    return pd.DataFrame(
        {
            t("figure.title", lang): documents["title"],
            t("figure.published", lang): documents["published"],
            t("figure.source", lang): documents["source"],
            t("common.region", lang): [region_name(r, lang) for r in documents["region"]],
            t("export.n_facts", lang): pd.to_numeric(documents["n_facts"], errors="coerce"),
            t("figure.url", lang): documents["url"],
        }
    )


def xlsx_bytes(
    figures: pd.DataFrame, documents: pd.DataFrame, catalogue: pd.DataFrame, lang: str
) -> bytes:
    """Three sheets: the figures, the articles they come from, the definition of every metric.

    Each sheet has a frozen, bold header and columns wide enough to read.
    """
    buffer = io.BytesIO()
    sheets = {
        t("export.sheet_data", lang): figures,
        t("export.sheet_sources", lang): sources_sheet(documents, lang),
        t("export.sheet_metrics", lang): metrics_sheet(catalogue, lang),
    }
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, sheet in sheets.items():
            neutralise(sheet).to_excel(writer, sheet_name=name[:31], index=False)
            _readable_sheet(writer.sheets[name[:31]], sheet)
    return buffer.getvalue()


def _readable_sheet(sheet: object, table: pd.DataFrame) -> None:
    sheet.freeze_panes = "A2"  # type: ignore[attr-defined]
    for i, column in enumerate(table.columns, start=1):
        cells = [str(column), *("" if pd.isna(v) else str(v) for v in table[column])]
        # A CJK character is about two Latin ones wide; long sentences are capped and wrap.
        width = max(_display_width(c) for c in cells)
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)  # type: ignore[attr-defined]
        if width > 60:
            for (cell,) in sheet.iter_rows(min_col=i, max_col=i, min_row=2):  # type: ignore[attr-defined]
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:  # type: ignore[index]
        cell.font = Font(bold=True)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def json_bytes(
    figures: pd.DataFrame, documents: pd.DataFrame, catalogue: pd.DataFrame, lang: str
) -> bytes:
    """A self-contained data package: every resource holds its data inline, no file paths.

    Field names are stable; each field's title is the header in the reader's language.
    """
    sheets = {
        "figures": figures,
        "sources": sources_sheet(documents, lang),
        "metrics": metrics_sheet(catalogue, lang),
    }
    resources = []
    for name, table in sheets.items():
        fields = [{"name": str(c), "title": t(f"figure.{c}", lang)} for c in table.columns]
        if name != "figures":
            fields = [{"name": str(c), "title": str(c)} for c in table.columns]
        records = json.loads(table.to_json(orient="records", force_ascii=False))
        resources.append({"name": name, "schema": {"fields": fields}, "data": records})
    package = {
        "name": "chuanyu-metrics",
        "title": t("app.title", lang),
        "language": lang,
        "resources": resources,
    }
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")


def pptx_bytes(
    rows: pd.DataFrame,
    metrics: Sequence[str],
    notes_by_metric: Mapping[str, Sequence[str]],
    colors: Mapping[str, str],
    lang: str,
    today: str = "",
) -> bytes:
    """A title slide, then one slide per metric with a native bar chart that can be edited in
    PowerPoint or WPS, in the app's region colours, its notes and sources on the slide itself
    (and again in the speaker notes)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    _title_slide(deck, rows, lang, today)
    for metric in metrics:
        panel = rows[rows["metric_id"] == metric]
        _chart_slide(deck, panel, metric, notes_by_metric.get(metric, ()), colors, lang)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _title_slide(deck: Presentation, rows: pd.DataFrame, lang: str, today: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])  # title and subtitle
    slide.shapes.title.text = t("app.title", lang)
    comma = "、" if lang == "zh" else ", "
    regions = comma.join(region_name(r, lang) for r in dict.fromkeys(rows["region"]))
    kind = str(rows["kind"].iloc[0]) if len(rows) else "value"
    lines = [
        t("export.deck_regions", lang, regions=regions),
        t("export.deck_kind", lang, kind=t(f"kind.{kind}", lang)),
        t("export.deck_note", lang),
    ]
    if today:
        lines.append(t("export.deck_date", lang, date=today))
    body = slide.placeholders[1].text_frame
    body.text = lines[0]
    for line in lines[1:]:
        body.add_paragraph().text = line
    for paragraph in body.paragraphs:
        paragraph.font.size = Pt(18)


def _chart_slide(
    deck: Presentation,
    panel: pd.DataFrame,
    metric: str,
    notes: Sequence[str],
    colors: Mapping[str, str],
    lang: str,
) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    unit = panel["unit"].dropna().iloc[0] if panel["unit"].notna().any() else ""
    kind = str(panel["kind"].iloc[0]) if len(panel) else "value"
    slide.shapes.title.text = f"{metric_title(metric, unit, lang)} · {t(f'kind.{kind}', lang)}"
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(30)
    present = panel[panel["value"].notna()]
    if len(present):  # python-pptx cannot draw a chart without categories
        _add_bar_chart(slide, present, metric, colors, lang)
    # The notes a chart carries on screen (levels, years, 未报道, estimates, sources) go on
    # the slide, where the audience sees them, and into the speaker notes.
    box = slide.shapes.add_textbox(Inches(0.6), Inches(5.75), Inches(12.1), Inches(1.6))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(notes):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(10)
        paragraph.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _add_bar_chart(
    slide: object, present: pd.DataFrame, metric: str, colors: Mapping[str, str], lang: str
) -> None:
    data = CategoryChartData()
    data.categories = [
        region_label(r, lv, lang)
        for r, lv in zip(present["region"], present["region_level"], strict=True)
    ]
    values = plausible.finite(
        labels.in_reader_unit(v, u, lang)
        for v, u in zip(present["value"], present["unit"], strict=True)
    )  # XlsxWriter, inside python-pptx, refuses NaN and inf
    data.add_series(metric_name(metric, lang), values)
    frame = slide.shapes.add_chart(  # type: ignore[attr-defined]
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.6), Inches(1.3), Inches(12.1), Inches(4.4), data
    )
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False  # the slide title names the metric and unit
    chart.font.size = Pt(14)
    for point, record in zip(
        chart.plots[0].series[0].points, present.to_dict("records"), strict=True
    ):
        point.data_label.text_frame.text = labels.format_row(record, lang)
        point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END
        color = _rgb(colors.get(record["region"], PALETTE[0]))
        if labels.as_bool(record.get("estimated")):
            # Estimates hatched as on screen, so the deck tells the same story.
            point.format.fill.patterned()
            point.format.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
            point.format.fill.fore_color.rgb = color
            point.format.fill.back_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        else:
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = color
