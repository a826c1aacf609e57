"""Download buttons whose files are built on click, never on a rerun that does not need them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from dashboard import charts, export, figures, selection
from dashboard.i18n import t

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
JSON = "application/json"


def button(column: object, label: str, build: Callable[[], bytes], name: str, mime: str) -> None:
    # A callable is run by Streamlit only when the button is clicked; "ignore": no rerun after.
    column.download_button(  # type: ignore[attr-defined]
        label, build, file_name=name, mime=mime, on_click="ignore", key=f"download_{name}"
    )


def figure_table(rows: pd.DataFrame, tables: Mapping[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """Facts, or comparison rows with the fact behind each value, as one readable row each."""
    if "fact_ids" in rows.columns:
        rows = figures.chosen_facts(rows, tables["facts"])
    return figures.readable(rows, tables["documents"], lang)


def cited(documents: pd.DataFrame, table_rows: pd.DataFrame) -> pd.DataFrame:
    """The articles the rows cite, for the 来源 sheet."""
    ids = set(table_rows["doc_id"].dropna()) if "doc_id" in table_rows.columns else set()
    return documents[documents["doc_id"].isin(ids)]


def deck_bytes(
    rows: pd.DataFrame,
    metrics: Sequence[str],
    documents: pd.DataFrame,
    colors: Mapping[str, str],
    lang: str,
) -> bytes:
    """The comparison as a deck: each metric's slide carries the notes its chart has."""
    from dashboard import deck  # python-pptx loads with the first deck, not on every run

    notes = {}
    for metric in metrics:
        part = rows[rows["metric_id"] == metric]
        notes[metric] = charts.notes_for(part, selection.source_notes(part, documents), lang)
    return deck.pptx_bytes(rows, metrics, notes, colors, lang, datetime.date.today().isoformat())


def compare_buttons(
    comparison: Callable[[], tuple[pd.DataFrame, Mapping[str, pd.DataFrame]]],
    metrics: Sequence[str],
    colors: Mapping[str, str],
    lang: str,
) -> None:
    """The deck of the comparison (native charts) and the comparison as a readable CSV;
    `comparison` gives the rows and the tables they cite, and is called only on a click."""

    def slides() -> bytes:
        rows, tables = comparison()
        return deck_bytes(rows, metrics, tables["documents"], colors, lang)

    def table_csv() -> bytes:
        rows, tables = comparison()
        return export.csv_bytes(figures.headed(figure_table(rows, tables, lang), lang))

    name = t("compare.filename", lang)
    row = st.container(horizontal=True)  # each button as wide as its words
    button(row, t("compare.pptx", lang), slides, f"{name}.pptx", PPTX)
    button(row, t("compare.csv", lang), table_csv, f"{name}.csv", CSV)


def data_buttons(
    everything: Callable[[], tuple[pd.DataFrame, pd.DataFrame]],
    metrics: pd.DataFrame,
    lang: str,
) -> None:
    """CSV, XLSX (figures, sources, definitions) and JSON of every figure of the selection,
    however many the page shows; `everything` gives the readable table and the articles it
    cites, and is called only when a button is clicked."""
    name = t("data.filename", lang)
    row = st.container(horizontal=True)  # each button as wide as its words

    def csv() -> bytes:
        return export.csv_bytes(figures.headed(everything()[0], lang))

    def xlsx() -> bytes:
        table, documents = everything()
        return export.xlsx_bytes(figures.headed(table, lang), documents, metrics, lang)

    def json() -> bytes:
        table, documents = everything()
        return export.json_bytes(table, documents, metrics, lang)

    button(row, t("data.csv", lang), csv, f"{name}.csv", CSV)
    button(row, t("data.xlsx", lang), xlsx, f"{name}.xlsx", XLSX)
    button(row, t("data.json", lang), json, f"{name}.json", JSON)
