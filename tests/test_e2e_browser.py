"""The app served for real and every page opened in headless Chromium: no error, screenshots.

Screenshots land in artifacts/screenshots/<page>.png for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from browser_support import ERROR_SELECTOR, ROOT, launch, serve, wait_until_idle

import app
from dashboard.i18n import t
from extract.pipeline import run

pytestmark = pytest.mark.e2e

SHOTS = ROOT / "artifacts" / "screenshots"
# The heading each page draws; sources is titled by its article, so its text heading is used.
# A page added later falls back to its navigation label.
HEADINGS = {
    "overview": "overview.title",
    "compare": "compare.title",
    "map": "map.title",
    "region": "region.title",
    "sources": "sources.text",
    "data": "data.title",
    "add_article": "add.title",
    "review": "review.title",
}
CHARTED = {"compare", "map"}  # pages whose default view draws a Plotly chart


class Case(NamedTuple):
    name: str  # screenshot file stem
    path: str  # URL path after the host
    heading: str | None  # expected h1–h3 text; None in presentation mode (no title)
    chart: bool


def cases() -> list[Case]:
    found: list[Case] = []
    for key, file, label, default in app.PAGES:
        if not (ROOT / file).exists():
            continue
        path = "/" if default else f"/{key}"  # the default page lives at the root
        found.append(Case(key, path, t(HEADINGS.get(key, label), "zh"), key in CHARTED))
    found.append(Case("compare_en", "/compare?lang=en", t("compare.title", "en"), True))
    found.append(Case("compare_present", "/compare?present=1", None, True))
    return found


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e")
    run(out=tmp / "processed", cache_dir=tmp / "cache")
    with serve(tmp) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:  # a failure, not a skip: `make setup` installs it
        pytest.fail(f"playwright is not installed ({err}); run `make setup`")
    with sync_playwright() as p:
        try:
            chromium = launch(p)
        except RuntimeError as err:
            pytest.fail(str(err))
        yield chromium
        chromium.close()


def full_page_shot(page: Any, path: Path) -> None:
    # Streamlit scrolls inside its main container, so a full-page shot needs a viewport as
    # tall as the content.
    height = page.evaluate(
        """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]']
            .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight),
            document.documentElement.scrollHeight)"""
    )
    page.set_viewport_size({"width": 1400, "height": min(max(900, int(height)), 8000)})
    page.wait_for_timeout(400)  # plotly and the data grids re-lay out on resize
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_page_opens_without_error(server: str, browser: Any, case: Case) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    try:
        page.goto(server + case.path, wait_until="domcontentloaded", timeout=30_000)
        if case.heading:
            page.locator("h1, h2, h3", has_text=case.heading).first.wait_for(timeout=30_000)
        if case.chart:
            page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
        wait_until_idle(page)
        errors = page.locator(ERROR_SELECTOR)
        shown = [errors.nth(i).inner_text() for i in range(errors.count())]
        full_page_shot(page, SHOTS / f"{case.name}.png")
        assert not shown, f"{case.path} shows an error: {shown}"
        if case.name == "compare_present":
            assert not page.locator('[data-testid="stSidebar"]').is_visible(), "controls hidden"
    finally:
        page.close()
