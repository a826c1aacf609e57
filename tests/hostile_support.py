"""A corpus whose article, manifest and corrections carry Markdown, HTML and Plotly markup.

Shared by the AppTest and browser checks that no such markup ever becomes an element.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import review
from extract import paths, pipeline
from extract.metadata import MANIFEST_COLUMNS

TRAP = "http://127.0.0.1:9"  # nothing listens there: a request to it is the bug itself
TITLE = (
    f"<span style='color:red;font-size:60px'>红字</span><a href='{TRAP}/t'>标题链接</a>"
    f"![img]({TRAP}/title.png)[点我]({TRAP}/md) :red[警告] $x^2$"
)
SOURCE = f"<a href='{TRAP}/s'>重庆日报</a>![src]({TRAP}/src.png)"
ARTICLE = (
    f"![logo]({TRAP}/first-line.png)涪陵区科技新闻\n"
    f"<span style='color:red'>2023年</span>，涪陵区高新技术企业达到186家，见[原文]({TRAP}/q)。"
    f"<img src='{TRAP}/img.png'>\n"
)
REGION = f"<b>假区</b>[链接]({TRAP}/r)<span style='color:red'>红</span>"
# What must never be found as markup in a page's Markdown or a chart's text.
MARKUP = ("<a ", "<span", "<img", "<b>", "](", "![", ":red[")


def hostile_data(root: Path) -> Path:
    """root/raw (bundled corpus + the hostile article), root/processed, root/review.sqlite."""
    raw = root / "raw"
    shutil.copytree(paths.RAW, raw)
    (raw / "900_hostile.txt").write_text(ARTICLE, encoding="utf-8")
    manifest = raw / "manifest.csv"
    rows = list(csv.DictReader(manifest.open(encoding="utf-8-sig")))
    rows.append(
        {"doc_id": "900_hostile", "published": "2023-05-01", "source": SOURCE, "title": TITLE}
        | {"url": "javascript:alert(1)"}
    )
    with manifest.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    pipeline.run(inputs=(raw,), out=root / "processed", cache_dir=root / "cache")
    review.add_manual(
        REGION, "high_tech_enterprises", "value", 7, 2023, f"[来源]({TRAP}/n)",
        unit="家", db=root / "review.sqlite",
    )  # fmt: skip
    return root
