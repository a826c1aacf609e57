"""Shared by the browser test and the page benchmark: a real server and headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.corpus import CORPUS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium rather than Playwright's download; these keep it quiet and sandbox-free
# inside containers and CI runners.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Anything Streamlit shows when a script raised or a page reported an error.
ERROR_SELECTOR = '[data-testid="stException"], .stException, [data-testid="stAlertContentError"]'
RUNNING_SELECTOR = '[data-testid="stStatusWidget"], [data-testid="stStatusWidgetRunningIcon"]'


def app_env(tmp: Path) -> dict[str, str]:
    """Environment pointing the app at tmp only, so nothing is written into the repo's data/."""
    raw = tmp / "raw"
    if not raw.exists():
        shutil.copytree(CORPUS, raw)
    return {
        **os.environ,
        "CHUANYU_PROCESSED": str(tmp / "processed"),
        "CHUANYU_REVIEW_DB": str(tmp / "review.sqlite"),
        "CHUANYU_RAW": str(raw),
        "CHUANYU_CACHE": str(tmp / "cache"),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"streamlit not healthy after {timeout:.0f} s:\n{tail(log)}")


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


@contextmanager
def serve(tmp: Path, timeout: float = 60.0, script: Path = ROOT / "serve.py") -> Iterator[str]:
    """`streamlit run serve.py` (as `make run`), or another script, on a free port; yields
    its URL, always stops it."""
    with serving(tmp, timeout, script) as (url, _):
        yield url


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time a process has used so far (Linux's /proc)."""
    # The fields after the parenthesised command name: utime and stime are the 12th and 13th.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(
    tmp: Path, timeout: float = 60.0, script: Path = ROOT / "serve.py"
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As :func:`serve`, yielding the server's process too (for its CPU time)."""
    port = free_port()
    log = tmp / f"streamlit-{port}.log"
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.headless", "true", "--server.port", str(port)]
    command += ["--browser.gatherUsageStats", "false"]
    # Pages may be edited while a run is in progress: no reload mid-screenshot.
    command += ["--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=app_env(tmp), stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log, timeout)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def launch(playwright: Any) -> Any:
    """Headless Debian Chromium; a clear failure, never a skip, when it is not installed."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} not found: install Debian's chromium and fonts-noto-cjk "
            "(`make browser`, which `make test` runs first)"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_until_idle(page: Any, timeout: float = 30.0) -> None:
    """Streamlit has finished the script: no running indicator for a few polls in a row."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 3:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{page.url} still running after {timeout:.0f} s")
        quiet = 0 if page.locator(RUNNING_SELECTOR).count() else quiet + 1
        page.wait_for_timeout(150)
    page.evaluate("document.fonts.ready")
