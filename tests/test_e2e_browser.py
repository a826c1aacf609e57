"""The app served for real and every page opened in headless Chromium: no error, screenshots.

Screenshots land in artifacts/screenshots/<page>.png for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import pytest
from browser_support import ERROR_SELECTOR, ROOT, launch, serve, wait_until_idle
from language_support import chinese_labels, english_words

import app
from dashboard.i18n import t
from extract import tables
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


# --- officials' experience: presenting, the map, downloads, the page's language -------------

VISIBLE_TEXT = """() => {
    // Text nodes a reader sees: rendered, not hidden or shrunk to nothing, not icon ligatures
    // (upload, close), nor the keyboard-only skip link (shown on focus, off screen otherwise).
    const skip = '[data-testid="stIconMaterial"], style, script, [data-testid="stSkipToContent"]';
    const out = [];
    const root = document.querySelector('[data-testid="stApp"]');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest(skip) || !el.getClientRects().length) continue;
        const style = getComputedStyle(el);
        if (style.visibility === "hidden" || parseFloat(style.fontSize) === 0) continue;
        const text = n.textContent.trim();
        if (text) out.push(text);
    }
    // Plotly's toolbar tooltips, shown on hover.
    root.querySelectorAll(".modebar-btn").forEach(b => {
        if (getComputedStyle(b).display !== "none") out.push(b.getAttribute("data-title"));
    });
    return out;
}"""


def opened(browser: Any, url: str) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.goto(url, wait_until="domcontentloaded", timeout=30_000)
    page.locator('[data-testid="stMain"]').first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    wait_until_idle(page)
    return page


def test_presenting_takes_one_click_each_way_in_the_browser(server: str, browser: Any) -> None:
    page = opened(browser, f"{server}/compare")
    try:
        page.get_by_role("button", name=t("compare.present", "zh")).click()
        page.wait_for_url(lambda u: "present=1" in u, timeout=15_000)
        wait_until_idle(page)
        # on a loaded machine the sidebar may go a moment after the page is idle: wait for it
        page.locator('[data-testid="stSidebar"]').wait_for(state="hidden", timeout=15_000)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.locator("h1", has_text=t("compare.title", "zh")).count() == 0
        assert page.locator(".js-plotly-plot").count() == 1
        page.get_by_role("button", name=t("compare.exit_present", "zh")).click()
        page.wait_for_url(lambda u: "present=1" not in u, timeout=15_000)
        wait_until_idle(page)
        page.locator("h1", has_text=t("compare.title", "zh")).wait_for(timeout=15_000)
        assert page.locator('[data-testid="stSidebar"]').is_visible()
    finally:
        page.close()


def test_map_draws_offline_with_every_seed_region(server: str, browser: Any) -> None:
    requests: list[str] = []
    for level, regions in (
        ("city", "成都市 遂宁市"),
        ("county", "龙泉驿区"),
        ("zone", "绵阳高新区"),
    ):
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        page.on("request", lambda r: requests.append(r.url))
        try:
            page.goto(f"{server}/map?level={level}", wait_until="domcontentloaded")
            page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
            wait_until_idle(page)
            legend = page.locator(".js-plotly-plot .legend").text_content() or ""
            for region in regions.split():
                assert region in legend, (level, region, legend)
            assert "未报道" in legend
        finally:
            page.close()
    # Outlines come with the page: the browser asks nothing of any other host (no tiles).
    assert requests and all(u.startswith(server) or u.startswith("data:") for u in requests)


def test_csv_download_is_readable_and_built_on_click(server: str, browser: Any) -> None:
    page = opened(browser, f"{server}/data")
    try:
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name=t("data.csv", "zh")).click()
        body = Path(download.value.path()).read_bytes()
    finally:
        page.close()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel and WPS read the Chinese
    header = body.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["地区", "级别", "指标", "类型"]
    assert "文章标题" in header and "原文" in header and "年份依据" in header


CUT_TAGS = """() => {
    // Chosen regions and metrics in the sidebar whose name does not fit its tag, and tag
    // boxes that hide some of their tags behind a scroll bar.
    const bar = document.querySelector('[data-testid="stSidebar"]');
    const cut = [...bar.querySelectorAll('[data-tag] span[title]')]
        .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.title);
    const hidden = [...bar.querySelectorAll('[data-testid="stMultiSelectTagsContainer"]')]
        .filter(b => b.scrollHeight > b.clientHeight + 1).length;
    const names = [...bar.querySelectorAll('[data-tag] span[title]')].map(s => s.title);
    return {cut, hidden, names};
}"""


def test_long_english_names_are_whole_in_the_sidebar(server: str, browser: Any) -> None:
    page = opened(browser, f"{server}/compare?lang=en")
    try:  # the sidebar's tags may render after the page is idle on a loaded machine
        page.locator('[data-testid="stSidebar"] [data-tag]').first.wait_for(timeout=30_000)
        found = page.evaluate(CUT_TAGS)
    finally:
        page.close()
    assert "Mianyang High-tech Zone" in found["names"]
    assert found["cut"] == [] and found["hidden"] == 0, found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_reads_in_one_language(server: str, browser: Any, lang: str) -> None:
    """The page as rendered, Streamlit's own words included (uploader, toolbar, menus)."""
    zh_labels = chinese_labels()
    problems = []
    for key, file, _, default in app.PAGES:
        if not (ROOT / file).exists():
            continue
        path = "/" if default else f"/{key}"
        page = opened(browser, f"{server}{path}?lang={lang}" if lang == "en" else server + path)
        try:
            lines = page.evaluate(VISIBLE_TEXT)
        finally:
            page.close()
        for line in lines:
            if lang == "zh" and line != "English":  # the switch names its language
                problems += [(key, line) for w in english_words(line) if w]
            if lang == "en" and line != "中文" and line in zh_labels:
                problems.append((key, line))
    assert not problems, problems[:15]


# --- hardening: untrusted text stays text; a damaged review store ----------------------------

# Text the hostile article, its manifest row and a correction carry inside markup: if any of
# it is the whole text of an element, the markup became that element.
PAYLOAD_TEXTS = [
    "红字",
    "标题链接",
    "点我",
    "原文",
    "假区",
    "链接",
    "红",
    "警告",
    "logo",
    "img",
    "src",
]
FOUND_MARKUP = """([trap, texts]) => {
    const root = document.querySelector('[data-testid="stApp"]');
    const bad = [];
    for (const el of root.querySelectorAll('*')) {
        for (const attr of ['src', 'href', 'xlink:href', 'style']) {
            const v = el.getAttribute(attr) || '';
            if (attr === 'href' && v.startsWith('#')) continue;  // a heading's own anchor
            if (v.includes(trap) || /color:\\s*red|fill:\\s*red|60px/i.test(v)) {
                bad.push(el.tagName + ' ' + attr + '=' + v);
            }
        }
        if (['IMG', 'A', 'B', 'SPAN', 'TSPAN'].includes(el.tagName)
            && el.children.length === 0 && texts.includes(el.textContent.trim())) {
            bad.push(el.tagName + ': ' + el.textContent.trim());
        }
    }
    return bad;
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from hostile_support import hostile_data

    tmp = hostile_data(tmp_path_factory.mktemp("e2e-hostile"))
    with serve(tmp) as url:
        yield url


def hostile_paths() -> list[str]:
    from hostile_support import REGION

    regions = quote(f"涪陵区,{REGION}")
    paths = [f"/{key}?regions={regions}" for key, *_ in app.PAGES if key != "overview"]
    paths += [f"/?regions={regions}", "/sources?doc=900_hostile"]
    paths += [f"/compare?regions={regions}&view={view}" for view in ("rank", "table")]
    paths += [f"/region?region={quote(REGION)}"]
    return paths


def test_markup_in_articles_never_becomes_an_element(hostile_server: str, browser: Any) -> None:
    from hostile_support import TRAP

    requested: list[str] = []
    for path in hostile_paths():
        page = opened(browser, hostile_server + path)
        page.on("request", lambda r: requested.append(r.url) if TRAP in r.url else None)
        try:
            page.wait_for_timeout(500)  # charts drawn
            found = page.evaluate(FOUND_MARKUP, [TRAP.removeprefix("http://"), PAYLOAD_TEXTS])
            if path.startswith("/sources"):
                full_page_shot(page, SHOTS / "hostile_sources.png")
            assert not page.locator('[data-testid="stException"]').count(), path
            assert found == [], f"{path}: {found}"
        finally:
            page.close()
    assert requested == []  # no browser fetched anything an article named


@pytest.fixture(scope="module")
def damaged_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    import review

    tmp = tmp_path_factory.mktemp("e2e-damaged")
    run(out=tmp / "processed", cache_dir=tmp / "cache")
    db = tmp / "review.sqlite"
    for start in (10, 20):
        review.confirm(review.FactKey("000_x", start, "high_tech_enterprises"), db=db)
    db.write_bytes(b"this is not a database " * 200)
    with serve(tmp) as url:
        yield url, db


def test_a_damaged_review_store_every_page_opens_and_the_restore_works(
    damaged_server: tuple[str, Path], browser: Any
) -> None:
    import review

    url, db = damaged_server
    notice = t("app.store_damaged", "zh", name="review.sqlite").split("（")[0]
    for key in ["", *(key for key, *_ in app.PAGES)]:
        page = opened(browser, f"{url}/{key}")
        try:
            assert not page.locator('[data-testid="stException"]').count(), key
            page.get_by_text(notice).first.wait_for(timeout=15_000)
            if key == "overview":
                assert page.locator("h3").count() > 3  # the extracted figures are shown
                full_page_shot(page, SHOTS / "damaged_store_overview.png")
        finally:
            page.close()
    page = opened(browser, f"{url}/review")
    try:
        page.get_by_role("button", name=t("review.restore", "zh")).click()
        page.get_by_text("已从备份").first.wait_for(timeout=30_000)
        wait_until_idle(page)
        full_page_shot(page, SHOTS / "review_restored.png")
    finally:
        page.close()
    assert not review.problem(db) and len(review.reviews(db)) == 2


@pytest.fixture(scope="module")
def unbuilt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server just started on a fresh machine: articles but no tables yet, and a review
    store that cannot be read."""
    tmp = tmp_path_factory.mktemp("e2e-unbuilt")
    (tmp / "review.sqlite").write_bytes(b"this is not a database " * 200)
    with serve(tmp) as url:
        yield url, tmp / "processed"


def test_a_deep_link_opened_first_on_a_fresh_server_goes_through_app_py(
    unbuilt_server: tuple[str, Path], browser: Any
) -> None:
    """app.py's frame runs before the page a shared link names, even as the server's first
    page: the tables are built, the language switch and the store notice are there."""
    url, processed = unbuilt_server
    assert not tables.exist(processed)
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    try:
        page.goto(f"{url}/compare?lang=en&view=rank", wait_until="domcontentloaded")
        page.locator("h1", has_text=t("compare.title", "en")).wait_for(timeout=120_000)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
        wait_until_idle(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.get_by_text(t("app.language", "en"), exact=True).is_visible()
        assert sidebar.get_by_text(t("app.title", "en"), exact=True).is_visible()
        notice = t("app.store_damaged", "en", name="review.sqlite").split(":")[0]
        assert page.get_by_text(notice).first.is_visible()
        assert "view=rank" in page.url and "lang=en" in page.url
        assert not page.locator(ERROR_SELECTOR).count()
        full_page_shot(page, SHOTS / "deep_link_first.png")
    finally:
        page.close()
    assert tables.exist(processed)  # built by app.py before the page ran


def test_an_upload_is_read_by_the_bounded_reader_in_the_served_app(
    server: str, browser: Any
) -> None:
    from hostile_files import docx_bomb

    page = opened(browser, f"{server}/add_article")
    try:
        ordinary = "2023年，涪陵区高新技术企业达到186家，科技型企业突破1000家。".encode()
        files = [
            ("涪陵.txt", "text/plain", ordinary),
            ("bomb.docx", "application/zip", docx_bomb(12)),
        ]
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            [{"name": n, "mimeType": m, "buffer": b} for n, m, b in files]
        )
        refused = t("add.bad_file", "zh", name="bomb.docx", reason=t("reason.too_large", "zh"))
        page.get_by_text(refused).first.wait_for(timeout=60_000)
        page.get_by_text(t("add.figures", "zh", n=2)).first.wait_for(timeout=60_000)
        wait_until_idle(page)
        assert not page.locator('[data-testid="stException"]').count()
        full_page_shot(page, SHOTS / "add_article_bounded.png")
    finally:
        page.close()
