"""A fresh machine: no tables yet, so the app builds them from the articles before serving."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from app_support import open_page

from extract import tables
from tests.corpus import CORPUS

ROOT = Path(__file__).resolve().parent.parent


def test_app_builds_missing_tables_then_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "processed"
    monkeypatch.setenv("CHUANYU_PROCESSED", str(out))
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(tmp_path / "review.sqlite"))
    at = open_page("views/overview.py")
    assert not at.exception, [e.value for e in at.exception]
    assert tables.exist(out)
    assert any("\n### " in m.value for m in at.markdown), "cards once the tables exist"


def test_read_ahead_leaves_the_first_overview_run_nothing_to_read(
    processed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server reads the overview's cards while the browser loads (serve.py): the first run
    of the overview then queries nothing. Each case has tables of its own, so no cache of an
    earlier test answers for it."""
    import app
    from dashboard import data

    monkeypatch.setenv("CHUANYU_RAW", str(CORPUS))
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(tmp_path / "review.sqlite"))

    def first_run(name: str, ahead: bool):
        out = tmp_path / name / "processed"
        shutil.copytree(processed, out)
        monkeypatch.setenv("CHUANYU_PROCESSED", str(out))
        if ahead:
            app.read_ahead()
        with monkeypatch.context() as queries:
            queries.setattr(data, "query", refuse)
            return open_page("views/overview.py")

    def refuse(*_: object) -> None:
        raise AssertionError("the overview queried the tables")

    assert first_run("cold", ahead=False).exception  # the page does read without it
    at = first_run("ahead", ahead=True)
    assert not at.exception, [e.value for e in at.exception]
    assert sum("\n### " in m.value for m in at.markdown) >= 5, "cards of every seed region"


# What the overview's cards never need: each comes with the page or action that uses it.
NOT_FOR_THE_CARDS = (
    "dashboard.shown",  # every other page's builders
    "dashboard.charts",  # Plotly figures (Streamlit loads Plotly's base classes itself)
    "dashboard.maps",  # the map's outlines
    "dashboard.downloads",  # exports
    "extract.pipeline",  # a rebuild, when the tables are stale
    "extract.normalise",  # the extraction rules
    "openpyxl",  # the Excel download
    "pptx",  # the slide deck
)


def test_the_overview_imports_nothing_its_cards_do_not_need(processed: Path, tmp_path: Path):
    """Cold start waits for every import of the first page run (benchmarks/bench_pages.py):
    a server's start-up and the overview's first run, as serve.py and app.py make them, in a
    fresh interpreter, load none of these."""
    script = (
        "import sys\n"
        "from app_support import open_page\n"
        "import app\n"
        "app.read_ahead()\n"
        "at = open_page('views/overview.py')\n"
        "assert not at.exception, [e.value for e in at.exception]\n"
        "assert sum('\\n### ' in m.value for m in at.markdown) >= 5, 'the cards'\n"
        f"print(' '.join(m for m in {NOT_FOR_THE_CARDS!r} if m in sys.modules))\n"
    )
    env = {
        **os.environ,
        "CHUANYU_RAW": str(CORPUS),
        "CHUANYU_PROCESSED": str(processed),
        "CHUANYU_REVIEW_DB": str(tmp_path / "review.sqlite"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [], "imported for the overview's cards"
