"""Untrusted text is text on every page: markup in an article, its manifest row or a
correction never becomes a link, an image, styled text or chart markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from app_support import open_page
from hostile_support import MARKUP, REGION, hostile_data

VIEWS = [
    ("views/overview.py", {}),
    ("views/compare.py", {"view": "bar"}),
    ("views/compare.py", {"view": "rank"}),
    ("views/compare.py", {"view": "table"}),
    ("views/compare.py", {"view": "trend"}),
    ("views/region.py", {"region": REGION}),
    ("views/sources.py", {"doc": "900_hostile"}),
    ("views/data_export.py", {}),
    ("views/add_article.py", {}),
    ("views/review.py", {}),
]
TEXT_ELEMENTS = ("markdown", "caption", "title", "header", "subheader", "error", "warning", "info")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_data(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def hostile_env(hostile: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHUANYU_RAW", str(hostile / "raw"))
    monkeypatch.setenv("CHUANYU_PROCESSED", str(hostile / "processed"))
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(hostile / "review.sqlite"))
    return hostile


@pytest.mark.parametrize(("page", "query"), VIEWS, ids=lambda v: str(v))
def test_no_markup_reaches_markdown_or_charts(hostile_env: Path, page: str, query: dict) -> None:
    regions = "涪陵区," + REGION
    at = open_page(page, regions=regions, **query)
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    assert shown, "the page showed nothing to check"
    for value in shown:
        live = re.sub(r"\\.", "", value)  # what is left once escaped characters are removed
        assert not any(m in live for m in MARKUP), value
        resolved = re.sub(r"\\(.)", r"\1", value)  # as GitHub's autolinks see the text
        assert not re.search(r"(?i)https?://127|www\.", resolved), value
        assert "level." not in value
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        text = json.dumps(spec, ensure_ascii=False)
        assert not any(m in text for m in ("<a ", "<span", "<img", "<b>")), page
