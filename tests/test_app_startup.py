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


def in_a_fresh_interpreter(
    script: str, processed: Path, tmp_path: Path, *args: str, fails: bool = False
) -> str:
    """What `script` prints, run as a new server process would run it: nothing imported or
    read before, the app pointed at these tables and a cache folder of the test's; with
    `fails`, what it says as it fails."""
    env = {
        **os.environ,
        "CHUANYU_RAW": str(CORPUS),
        "CHUANYU_PROCESSED": str(processed),
        "CHUANYU_REVIEW_DB": str(tmp_path / "review.sqlite"),
        "CHUANYU_CACHE": str(tmp_path / "cache"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert (done.returncode != 0) == fails, done.stderr[-2000:]
    return done.stderr if fails else done.stdout


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
    loaded = in_a_fresh_interpreter(script, processed, tmp_path)
    assert loaded.split() == [], "imported for the overview's cards"


def test_a_server_started_again_draws_the_cards_without_reading_the_tables(
    processed: Path, tmp_path: Path
) -> None:
    """The overview's regions and cards are kept on disk per revision (dashboard.kept): the
    next server (a fresh interpreter) draws the same cards without a query; a kept file cut
    short is built again, as is one of other tables."""
    script = (
        "import sys\n"
        "from app_support import open_page\n"
        "from dashboard import data\n"
        "def refuse(*_):\n"
        "    raise AssertionError('the overview queried the tables')\n"
        "if sys.argv[1] == 'refuse':\n"
        "    data.query = refuse\n"
        "at = open_page('views/overview.py')\n"
        "assert not at.exception, [e.value for e in at.exception]\n"
        "print(repr([m.value for m in at.markdown]))\n"
    )
    first = in_a_fresh_interpreter(script, processed, tmp_path, "read")
    assert first.count("\\n### ") >= 5, "the cards"
    assert in_a_fresh_interpreter(script, processed, tmp_path, "refuse") == first
    [kept] = (tmp_path / "cache").glob("kept-*")
    kept.write_bytes(kept.read_bytes()[:40])
    assert in_a_fresh_interpreter(script, processed, tmp_path, "read") == first
    assert in_a_fresh_interpreter(script, processed, tmp_path, "refuse") == first
    other = tmp_path / "other" / "processed"
    shutil.copytree(processed, other)
    refused = in_a_fresh_interpreter(script, other, tmp_path, "refuse", fails=True)
    assert "the overview queried the tables" in refused
    assert in_a_fresh_interpreter(script, other, tmp_path, "read") == first
