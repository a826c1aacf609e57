"""Two app processes on one PostgreSQL store: what one saves the other shows at once, and
saves from both at the same moment lose nothing. A real server, real processes, Chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from browser_support import ROOT, app_env, launch, serve, wait_until_idle

import review
from dashboard import review_ui
from extract import tables
from tests.postgres_server import fresh_database

pytestmark = pytest.mark.e2e


@pytest.fixture
def shared(postgres: str, processed: Path, tmp_path: Path, monkeypatch) -> Iterator[str]:
    """A fresh database named by DATABASE_URL, and the seed tables for the apps to serve."""
    with fresh_database(postgres) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        app_env(tmp_path)  # the articles first, so the tables are not older than them
        shutil.copytree(processed, tmp_path / "processed")
        yield url


# Text boxes of the fact form: picking from a list in one of two tabs opened it only at times.
SCOPE = "Scope (park/town; empty = whole region)"


def _value_box(page: Any) -> Any:
    return page.get_by_label("Value", exact=True).first  # the fact form, not hand entry


def _open_review(page: Any, url: str) -> None:
    page.goto(f"{url}/review?lang=en")
    wait_until_idle(page, 60)
    page.get_by_text("Correct this figure", exact=True).click()  # the fields show on request
    _value_box(page).wait_for(timeout=30_000)


def test_two_app_processes_share_corrections(shared, processed, tmp_path) -> None:
    facts = tables.read_tables(processed)["facts"]
    first = review_ui.review_rows(facts, shared).iloc[0]  # the fact both pages open on
    key = review.key_of(first)
    with serve(tmp_path) as one, serve(tmp_path) as two, ThreadPoolExecutor(1) as thread:
        # Its own thread: the browser test's Playwright may hold this thread's event loop.
        thread.submit(_edit_from_two_apps, one, two).result()
    state = review.reviews(shared).set_index(["doc_id", "figure_start", "metric_id"])
    fields = state.loc[tuple(key), "fields"]
    assert '"value": 11111.0' in fields and '"scope": "高新园区"' in fields  # neither save lost
    changes = review.history(shared, key)
    assert changes[changes["field"] == "value"]["new_value"].tolist() == ["98765", "11111"]
    assert changes[changes["field"] == "scope"]["new_value"].tolist() == ["高新园区"]


def _edit_from_two_apps(one: str, two: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        try:
            a, b = browser.new_page(), browser.new_page()
            _open_review(a, one)
            _open_review(b, two)
            # One process saves a correction; the other shows it on its next run.
            _value_box(a).fill("98765")
            a.get_by_role("button", name="Save correction").click()
            a.get_by_text("Corrected: value.").wait_for(timeout=30_000)
            _open_review(b, two)
            expect(_value_box(b)).to_have_value("98765", timeout=30_000)
            # Both save at the same moment, each a different field of the same figure: the
            # form that still shows 98765 must not write it back over the other's 11111.
            _value_box(a).fill("11111")
            b.get_by_label(SCOPE, exact=True).first.fill("高新园区")
            a.get_by_role("button", name="Save correction").click(no_wait_after=True)
            b.get_by_role("button", name="Save correction").click(no_wait_after=True)
            a.get_by_text("Corrected: value.").wait_for(timeout=30_000)
            b.get_by_text("Corrected: scope.").wait_for(timeout=30_000)
        finally:
            browser.close()


# Each saving process: 40 corrections, one figure each, as fast as it can.
SAVE_MANY = """
import sys, review
url, who = sys.argv[1:]
for i in range(40):
    key = review.FactKey("shared_doc", i, "high_tech_enterprises")
    review.correct(key, {"value": i, "scope": who}, f"{who} {i}", who=who, db=url)
"""


def test_concurrent_saves_from_two_processes_lose_nothing(shared) -> None:
    workers = [subprocess.Popen([sys.executable, "-c", SAVE_MANY, shared, who], cwd=ROOT)
               for who in "ab"]  # fmt: skip
    assert [w.wait(120) for w in workers] == [0, 0]
    history = review.history(shared)
    # Every save from both processes is in the history; each figure holds the later one.
    assert len(history[history["field"] == "scope"]) == 80
    assert sorted(history["who"].unique()) == ["a", "b"]
    assert len(review.reviews(shared)) == 40
