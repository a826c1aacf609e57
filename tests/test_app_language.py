"""Every page speaks the reader's language: in Chinese no raw id, `None` or English word; in
English no Chinese interface string. Page text and export headers are read back and checked
against the label files."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from app_support import app_env, open_page  # noqa: F401 - fixture
from language_support import CJK, chinese_labels, english_words, raw_codes
from openpyxl import load_workbook

import app
from dashboard import export, figures
from extract import catalogue, paths

DIRECTIVE = re.compile(r":[a-z]+(?:-[a-z]+)?\[")
PAGES = [file for _, file, _, _ in app.PAGES if (paths.ROOT / file).exists()]
VIEWS = [("views/compare.py", {"view": v}) for v in ("rank", "table", "trend")]
VIEWS += [("views/map.py", {"level": lv}) for lv in ("county", "zone")]
VIEWS += [("views/data_export.py", {"table": "facts"}), ("views/compare.py", {"present": "1"})]


# Sections a page runs only while open: scanned open, as a reader who opens them sees them.
SECTIONS = {
    "views/review.py": (
        "review_correct_open", "review_manual_open", "review_orphans_open", "review_history_open",
        "review_exchange_open",
    )
}  # fmt: skip


def opened(page: str, **query: str):
    at = open_page(page, **query)
    for key in SECTIONS.get(page, ()):
        at.session_state[key] = True
    return at.run() if page in SECTIONS else at


def interface_texts(at) -> Iterator[tuple[str, str]]:
    """(what, text) for everything the app itself writes on the page."""
    for kind in ("title", "header", "subheader"):
        for e in getattr(at, kind):
            yield kind, e.value
    for kind in ("selectbox", "multiselect", "text_input", "text_area", "toggle", "button"):
        for w in getattr(at, kind):
            yield f"{kind} label", w.label
    for group in at.get("button_group"):
        yield "choice label", group.proto.label
        yield from (("choice", o.content) for o in group.proto.options)
    for element in ("download_button", "page_link", "file_uploader", "expander", "tab"):
        for e in at.get(element):
            yield element, getattr(e.proto, "label", "")
    for frame in at.dataframe:
        yield from (("column", str(c)) for c in frame.value.columns)
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        yield "chart title", layout.get("title", {}).get("text", "")


def data_texts(at) -> Iterator[tuple[str, str]]:
    """What the page shows from the data: option lists, cells, notes, chart labels."""
    for kind in ("selectbox", "multiselect"):
        for w in getattr(at, kind):
            yield from ((f"{kind} option", str(o)) for o in w.options)
    for kind in ("markdown", "caption", "info", "success", "warning", "text"):
        for e in getattr(at, kind):
            if not str(e.value).startswith("<style>"):  # the app's own CSS is not shown
                # Streamlit's Markdown directives (:gray[…], :small[…]) style, they are not read.
                yield kind, DIRECTIVE.sub("", str(e.value))
    for frame in at.dataframe:
        for column in frame.value.columns:
            yield from ((f"cell {column}", str(v)) for v in frame.value[column] if not _blank(v))
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for a in spec["layout"].get("annotations", []):
            yield "chart note", a.get("text", "")
        for trace in spec["data"]:
            yield "trace", str(trace.get("name", ""))
            for key in ("text", "x", "y"):
                values = trace.get(key)
                if isinstance(values, list):
                    yield from ((f"trace {key}", v) for v in values if isinstance(v, str))


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or value != value or value == ""


@pytest.mark.parametrize(("page", "query"), [(p, {}) for p in PAGES] + VIEWS)
def test_chinese_pages_show_no_codes_or_english(app_env, page: str, query: dict) -> None:  # noqa: F811
    at = opened(page, **query)
    assert not at.exception, [e.value for e in at.exception]
    codes = raw_codes()
    found = []
    for what, text in [*interface_texts(at), *data_texts(at)]:
        if what == "choice" and text == "English":  # the language switch names itself
            continue
        words = re.findall(r"[A-Za-z_]+", text)
        found += [(what, text[:60]) for w in words if w in codes]
        found += [(what, text[:60]) for w in english_words(text)]
    # Streamlit draws "empty" in an empty grid, where no text scan reaches: none may show.
    found += [("empty table", str(list(f.value.columns))) for f in at.dataframe if f.value.empty]
    assert not found, found[:10]


@pytest.mark.parametrize(("page", "query"), [(p, {}) for p in PAGES] + VIEWS)
def test_english_pages_show_no_chinese_interface(app_env, page: str, query: dict) -> None:  # noqa: F811
    at = opened(page, lang="en", **query)
    assert not at.exception, [e.value for e in at.exception]
    zh_labels = chinese_labels()
    found = []
    for what, text in interface_texts(at):
        if what == "choice" and text == "中文":  # the language switch names itself
            continue
        if what == "title" and page == "views/sources.py":  # the article's own title
            continue
        if CJK.search(text):
            found.append((what, text[:60]))
    for what, text in data_texts(at):
        # Article titles and sentences stay Chinese; no piece of text the app labels may be.
        pieces = re.split(r"<br>|：|: |; |；| · |（|）|\(|\)", text)
        found += [(what, text[:60]) for p in pieces if p.strip() in zh_labels]
    assert not found, found[:10]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_headers_speak_the_language(app_env, processed: Path, lang: str) -> None:  # noqa: F811
    facts = pd.read_csv(processed / "facts.csv", dtype=str, keep_default_na=False)
    facts["value"] = pd.to_numeric(facts["value"])
    documents = pd.read_csv(processed / "documents.csv", dtype=str, keep_default_na=False)
    table = figures.readable(facts, documents, lang)
    headed = figures.headed(table, lang)
    csv_header = export.csv_bytes(headed).decode("utf-8-sig").splitlines()[0].split(",")
    book = load_workbook(
        io.BytesIO(export.xlsx_bytes(headed, documents, catalogue.load_metrics(), lang))
    )
    headers = csv_header + [str(c.value) for sheet in book.worksheets for c in sheet[1]]
    headers += book.sheetnames
    for header in headers:
        if lang == "zh":
            assert not english_words(header) and header not in raw_codes(), header
        else:
            assert not CJK.search(header), header
    # Cells a reader reads carry no codes either: kinds, levels, qualifiers in words.
    for column in ("level", "kind", "qualifier", "year_found", "metric"):
        cells = set(table[column])
        assert not (cells & raw_codes() if lang == "zh" else {c for c in cells if CJK.search(c)})
