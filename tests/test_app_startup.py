"""A fresh machine: no tables yet, so the app builds them from the articles before serving."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_support import open_page

from extract import tables
from tests.corpus import CORPUS


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
