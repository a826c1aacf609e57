"""Downloads: CSV that Excel and WPS open correctly, XLSX with sources and definitions, and a
self-contained JSON data package (the PowerPoint deck is dashboard/deck.py)."""

from __future__ import annotations

import io
import json

import pandas as pd

from dashboard.i18n import metric_definition, region_name, t, unit_name
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
    # openpyxl loads with the first workbook, not with every page that offers one.
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

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
