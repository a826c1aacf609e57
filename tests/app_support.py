"""Shared by the dashboard's AppTests: the app pointed at a fresh extraction and review db."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.corpus import CORPUS

APP = Path(__file__).resolve().parent.parent / "app.py"
SEED_REGIONS = ("遂宁市", "涪陵区", "成都市", "绵阳高新区", "龙泉驿区")


@pytest.fixture
def app_env(processed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point dashboard/data.py at the session's extraction, the articles it was read from
    (so the app finds the tables fresh) and an empty review db."""
    db = tmp_path / "review.sqlite"
    monkeypatch.setenv("CHUANYU_RAW", str(CORPUS))
    monkeypatch.setenv("CHUANYU_PROCESSED", str(processed))
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(db))
    return db


def open_page(page: str, **query: str) -> AppTest:
    """Run app.py, then the page, as the navigation would; query params as in a shared link."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    return at.run()
