"""A fresh machine: no tables yet, so the app builds them from the articles before serving."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import open_page

from extract import tables


def test_app_builds_missing_tables_then_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "processed"
    monkeypatch.setenv("CHUANYU_PROCESSED", str(out))
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(tmp_path / "review.sqlite"))
    at = open_page("views/overview.py")
    assert not at.exception, [e.value for e in at.exception]
    assert tables.exist(out)
    assert any("\n### " in m.value for m in at.markdown), "cards once the tables exist"
