"""Page script run times against a one-chart Streamlit page, and cold start in a browser.

    python benchmarks/bench_pages.py [--runs 15] [--starts 5] [--pages a,b] [--no-browser]

Extracts the bundled corpus into a temporary folder and points the app at it (the same
CHUANYU_* variables the end-to-end test uses), then:

1. warm script run time of every page with AppTest, run through app.py as the navigation
   runs it (tests/app_support.py's way): one warm-up run, then --runs reruns; the baseline
   is a page file with one Plotly chart, the current page of app.py's navigation after its
   frame (page config, language switch, stale check). Each page's reruns alternate with the
   baseline's, so the load of a shared machine falls on both alike; the ratio is of the two
   medians. AppTest reads and compiles the script files (app.py and the page; the baseline's
   two small files) on every run, which a server does once per file (its script cache keeps
   the code): that cost is measured apart, and the served ratio leaves it out of both.
   Target: every page's served ratio <= 2x.
2. cold start: from starting `streamlit run serve.py` (as `make run` does) until the overview
   shows its first card in headless Chromium, --starts times, each followed by a start of an
   empty page (one card, nothing imported or read): the medians of both, the second being
   what Streamlit and the browser alone take at the machine's load. Target: <= 3 s. Also the
   CPU time the server had used by the first card, which a shared machine's load stretches
   far less than the wall time (the browser's is not counted).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import timeit
import tokenize
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # app.PAGES and the shared server helpers

import streamlit.logger  # noqa: E402
from browser_support import app_env, cpu_seconds, launch, serving  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import app  # noqa: E402
from extract import settings  # noqa: E402
from extract.pipeline import run  # noqa: E402

# The one-chart page runs as every page does: a page file (AppTest compiles the page's file
# on every run, as it does each page's), the current one of app.py's navigation after its
# frame (page config, language switch, stale check); the ratio measures the page's own work.
ONE_CHART = """\
import plotly.graph_objects as go
import streamlit as st

st.title("baseline")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c", "d", "e"], y=[3, 1, 4, 1, 5])))
"""
BASELINE = f"""\
import sys

sys.path.insert(0, {str(ROOT)!r})
import streamlit as st

import app
from dashboard.i18n import t

lang = app.frame()
pages = [st.Page("one_chart.py", title="baseline", default=True)]
pages += [
    st.Page(str(app.HERE / path), title=t(label, lang), url_path=key)
    for key, path, label, _ in app.PAGES
]
st.navigation(pages).run()
"""
# Variants worth timing apart: the compare page's presentation view draws another chart.
EXTRA = {"compare (present)": ("views/compare.py", {"present": "1"})}
FIRST_CARD = '[data-testid="stColumn"] [data-testid="stMarkdownContainer"] h3'
# What any Streamlit page costs to start on this machine: the overview's first card alone.
EMPTY_PAGE = """\
import streamlit as st

st.columns(3)[0].markdown("### 1")
"""


def paired_ms(tests: list[AppTest], runs: int) -> list[tuple[float, float]]:
    """(median wall ms, median CPU ms) of `runs` reruns of each app, one after another in
    turn, after a warm-up. The CPU time is the process's (the script runs on a thread of
    its own): what other users of a shared machine take shows in the wall time alone."""
    for at in tests:
        at.run()
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
    times: list[list[tuple[float, float]]] = [[] for _ in tests]
    for _ in range(runs):
        for at, mine in zip(tests, times, strict=True):
            wall, cpu = time.perf_counter(), time.process_time()
            at.run()
            mine.append((time.perf_counter() - wall, time.process_time() - cpu))
    return [
        (statistics.median(w for w, _ in mine) * 1000, statistics.median(c for _, c in mine) * 1000)
        for mine in times
    ]


def compile_ms(*files: Path) -> float:
    """Reading and compiling these scripts, as AppTest does on every run (a new script cache
    each time) and a server once per file. In CPU time, the fastest of several tries: other
    users of a shared machine only add to it (in wall time, a compile at load 9 read three
    times its length), and an estimate on the low side never flatters a page."""

    def once() -> None:
        for file in files:
            with tokenize.open(file) as source:
                compile(source.read(), str(file), "exec")

    return min(timeit.repeat(once, number=10, repeat=7, timer=time.process_time)) / 10 * 1000


def quiet() -> None:
    # AppTest runs without a server, and Streamlit warns about that on every page switch.
    streamlit.logger.set_log_level(logging.ERROR)


def page_test(page: str, query: dict[str, str]) -> AppTest:
    # As tests/app_support.open_page: app.py first, then the page the navigation switches to.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    quiet()  # the first run resets Streamlit's log level
    at.switch_page(page)
    return at


def bench_pages(tmp: Path, runs: int, only: set[str]) -> None:
    baseline_file = tmp / "baseline.py"
    baseline_file.write_text(BASELINE, encoding="utf-8")
    (tmp / "one_chart.py").write_text(ONE_CHART, encoding="utf-8")
    pages = {key: (file, {}) for key, file, _, _ in app.PAGES if (ROOT / file).exists()}
    pages |= EXTRA
    pages = {k: v for k, v in pages.items() if not only or k in only}
    baseline = AppTest.from_file(str(baseline_file), default_timeout=60)
    base_compile = compile_ms(baseline_file, tmp / "one_chart.py")
    print(f"warm script run, median of {runs} reruns alternating with the baseline (AppTest);")
    print(f"compile: reading and compiling the run's scripts (baseline {base_compile:.2f} ms),")
    print("which a server does once: the served ratio leaves it out of both")
    print("cpu: the same in CPU time (ms, baseline ms, served ratio)")
    print(
        f"{'page':<20}{'ms':>8}{'baseline':>10}{'ratio':>8}{'compile':>9}{'served':>8}"
        f"{'cpu':>8}{'baseline':>10}{'served':>8}"
    )
    for name, (file, query) in pages.items():
        (base, base_cpu), (ms, cpu) = paired_ms([baseline, page_test(file, query)], runs)
        own = compile_ms(ROOT / "app.py", ROOT / file)
        served = (ms - own) / (base - base_compile)
        served_cpu = (cpu - own) / (base_cpu - base_compile)
        flag = "" if max(served, served_cpu) <= 2 else "  > 2x"
        print(
            f"{name:<20}{ms:>8.1f}{base:>10.1f}{ms / base:>8.2f}{own:>9.2f}{served:>8.2f}"
            f"{cpu:>8.1f}{base_cpu:>10.1f}{served_cpu:>8.2f}{flag}"
        )


def first_card_s(browser: Any, tmp: Path, script: Path) -> tuple[float, float, float]:
    """(healthy, first card shown) in seconds from starting the server of `script`, and the
    CPU seconds the server had used by then: what the load of a shared machine does not
    change much, where it stretches the wall time of everything."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        start = time.perf_counter()
        with serving(tmp, script=script) as (url, server):
            healthy = time.perf_counter() - start
            page.goto(url, wait_until="commit")
            page.locator(FIRST_CARD).first.wait_for(timeout=60_000)
            return healthy, time.perf_counter() - start, cpu_seconds(server.pid)
    finally:
        page.close()


def bench_cold_start(tmp: Path, starts: int) -> None:
    """Starts of the app alternating with starts of an empty page (one card, no data, no
    imports of its own): what Streamlit and the browser take on this machine at this load."""
    from playwright.sync_api import sync_playwright

    empty = tmp / "empty_page.py"
    empty.write_text(EMPTY_PAGE, encoding="utf-8")
    app_s: list[float] = []
    empty_s: list[float] = []
    app_cpu: list[float] = []
    empty_cpu: list[float] = []
    with sync_playwright() as p:
        browser = launch(p)  # the browser is not the app: started before the clock
        try:
            for _ in range(starts):
                healthy, shown, cpu = first_card_s(browser, tmp, ROOT / "serve.py")
                app_s.append(shown)
                app_cpu.append(cpu)
                _, empty_shown, empty_used = first_card_s(browser, tmp, empty)
                empty_s.append(empty_shown)
                empty_cpu.append(empty_used)
                print(f"cold start: healthy after {healthy:.2f} s, first overview card after"
                      f" {shown:.2f} s (empty page {empty_shown:.2f} s); server CPU by then"
                      f" {cpu:.2f} s (empty page {empty_used:.2f} s)")  # fmt: skip
        finally:
            browser.close()
    app_median, empty_median = statistics.median(app_s), statistics.median(empty_s)
    cpu_median, empty_cpu_median = statistics.median(app_cpu), statistics.median(empty_cpu)
    flag = "" if app_median <= 3 else "  > 3 s"
    print(
        f"cold start, median of {starts}: first overview card after {app_median:.2f} s;"
        f" an empty page's card after {empty_median:.2f} s (+{app_median - empty_median:.2f} s)"
        f"{flag}"
    )
    print(
        f"server CPU until the first card, median of {starts}: {cpu_median:.2f} s; an empty"
        f" page's {empty_cpu_median:.2f} s (+{cpu_median - empty_cpu_median:.2f} s)"
    )


def main() -> None:
    # AppTest runs without a server, and Streamlit warns about that on every run.
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-browser", action="store_true", help="skip the cold start")
    parser.add_argument("--starts", type=int, default=5, help="cold starts of each")
    parser.add_argument("--pages", default="", help="only these pages (names, commas)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as name:
        tmp = Path(name)
        # AppTest runs in this process: the same variables the server gets, set before the
        # build, so the tables are of the articles the app reads (no rebuild in a first run).
        os.environ.update({k: v for k, v in app_env(tmp).items() if k.startswith("CHUANYU_")})
        run(config=settings.current())
        bench_pages(tmp, args.runs, set(filter(None, args.pages.split(","))))
        if not args.no_browser:
            bench_cold_start(tmp, args.starts)


if __name__ == "__main__":
    main()
