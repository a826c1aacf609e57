"""Generate N articles for the scale benchmarks from templates written for them.

    python benchmarks/generate_corpus.py N FOLDER [--seed 7]

Regions come from the gazetteer, metrics and units from the catalogue, sentence patterns
from ``corpus_templates.txt``; years, figures and dates vary with a seeded generator, so
the same N and seed always give the same corpus. No third-party text is involved.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import paths  # noqa: E402

TEMPLATES = Path(__file__).with_name("corpus_templates.txt")
SOURCES = ("日报", "科技局", "统计局", "融媒体中心", "人民政府网")
# Figures in a plausible range for the unit (count-like units small, money large).
RANGES = {"家": (20, 3000), "个": (5, 300), "件": (50, 9000), "项": (10, 900), "亿元": (5, 4000),
          "%": (1, 5), "人": (20, 5000)}  # fmt: skip


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def templates() -> list[str]:
    lines = TEMPLATES.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def article(rng: random.Random, region: str, metrics: list[dict[str, str]],
            patterns: list[str]) -> tuple[str, str]:  # fmt: skip
    """(published date, text) of one article about one region."""
    year = rng.randint(2015, 2025)
    published = f"{year + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    source = region + rng.choice(SOURCES)
    lines = [f"{region}{year}年科技创新工作情况", f"{published} 来源：{source}"]
    for metric in rng.sample(metrics, k=min(len(metrics), rng.randint(4, 8))):
        low, high = RANGES.get(metric["unit"], (10, 1000))
        value = round(rng.uniform(low, high), 1 if metric["unit"] in ("亿元", "%") else None)
        fill = {"region": region, "year": year, "next": year + rng.randint(1, 5)}
        fill |= {"metric": metric["zh"], "value": value, "unit": metric["unit"]}
        lines.append(rng.choice(patterns).format(**fill, pct=round(rng.uniform(1, 30), 1)))
    return published, "\n".join(lines) + "\n"


def generate(n: int, folder: Path, seed: int = 7) -> Path:
    """Write n articles (``gen_000001.txt`` …) into folder; returns the folder."""
    rng = random.Random(seed)
    regions = [r["name"] for r in _read(paths.GAZETTEER) if r["level"] in ("city", "county")]
    metrics = [m for m in _read(paths.CATALOGUE / "metrics.csv") if m["unit"]]
    patterns = templates()
    folder.mkdir(parents=True, exist_ok=True)
    width = max(6, len(str(n)))
    for i in range(1, n + 1):
        _, text = article(rng, rng.choice(regions), metrics, patterns)
        (folder / f"gen_{i:0{width}d}.txt").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.n, args.folder, args.seed)
    print(f"{args.n} articles → {args.folder}")


if __name__ == "__main__":
    main()
