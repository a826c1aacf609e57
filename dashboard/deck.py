"""The comparison as a PowerPoint deck: a title slide, then one native (editable) bar chart per
metric in the app's region colours, with the chart's notes and sources on its slide.

python-pptx is imported only here, and this module only when a deck is asked for.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.util import Inches, Pt

from dashboard import labels
from dashboard.charts import PALETTE, metric_title
from dashboard.i18n import metric_name, region_label, region_name, t
from extract import plausible


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
