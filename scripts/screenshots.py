"""Screenshots of every page in both languages, and the deck's chart slide, for docs/.

    python scripts/screenshots.py [--out docs/screens]

Serves the app on the bundled corpus (a temporary extraction, as the end-to-end test does),
opens each page in Debian's headless Chromium and saves a PNG reduced to a palette, so the
files stay small. The compare page's deck is rendered by LibreOffice (``soffice``) to PDF
and its first chart slide by ``pdftoppm``; both are Debian packages (libreoffice-impress,
poppler-utils) needed only here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the shared server helpers

from browser_support import app_env, launch, serve, wait_until_idle  # noqa: E402
from PIL import Image  # noqa: E402

import app  # noqa: E402
from extract.pipeline import run  # noqa: E402

WIDTH, MAX_HEIGHT = 1280, 2400
EXTRA = {"compare_present": "/compare?present=1", "map_county": "/map?level=county"}


def shrink(path: Path) -> None:
    """A palette of 128 colours: text and charts stay sharp at a fraction of the size."""
    image = Image.open(path).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def page_shots(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    paths = {key: "/" if default else f"/{key}" for key, _, _, default in app.PAGES}
    paths |= EXTRA
    saved = []
    with sync_playwright() as p:
        browser = launch(p)
        for lang in ("zh", "en"):
            for name, path in paths.items():
                page = browser.new_page(viewport={"width": WIDTH, "height": 900})
                sep = "&" if "?" in path else "?"
                page.goto(url + path + (f"{sep}lang=en" if lang == "en" else ""))
                page.wait_for_timeout(1500)
                wait_until_idle(page)
                page.wait_for_timeout(800)  # charts and grids finish their layout
                height = page.evaluate(
                    "() => Math.max(...[...document.querySelectorAll("
                    "'[data-testid=stMain], [data-testid=stAppViewContainer]')]"
                    ".map(e => e.scrollHeight), document.documentElement.scrollHeight)"
                )
                page.set_viewport_size({"width": WIDTH, "height": min(int(height), MAX_HEIGHT)})
                page.wait_for_timeout(500)
                target = out / f"{name}_{lang}.png"
                page.screenshot(path=str(target))
                shrink(target)
                saved.append(target)
                page.close()
        browser.close()
    return saved


def slide_shot(out: Path, tmp: Path) -> Path:
    """The compare page's deck (headline metrics, every seed region) → its first chart slide."""
    from dashboard import cached, data, downloads, selection, shown

    revision = data.revision()
    regions = cached.regions_with_figures(revision)
    present = set(data.present(revision, "metric_id"))
    metrics = [m for m in selection.HEADLINE if m in present]
    rows, tables = cached.comparison(revision, regions, metrics, "value")
    path = tmp / "deck.pptx"
    path.write_bytes(
        downloads.deck_bytes(rows, metrics, tables["documents"], shown.colors(revision), "zh")
    )
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(path)],
        check=True,
        capture_output=True,
    )
    stem = tmp / "slide"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "2", "-l", "2", "-singlefile", str(tmp / "deck.pdf"),
         str(stem)],
        check=True,
    )  # fmt: skip
    target = out / "pptx_slide.png"
    shutil.move(f"{stem}.png", target)
    shrink(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screens-") as name:
        tmp = Path(name)
        # This process reads the same tables as the server: nothing in the repo's data/.
        os.environ.update({k: v for k, v in app_env(tmp).items() if k.startswith("CHUANYU_")})
        run(out=tmp / "processed", cache_dir=tmp / "cache")
        with serve(tmp) as url:
            saved = page_shots(url, args.out)
        saved.append(slide_shot(args.out, tmp))
    for path in saved:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
