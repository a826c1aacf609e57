"""Reading one long paragraph: time against its number of figures (linear: ×2 per doubling).

    python benchmarks/bench_attribution.py [--sizes 1000,2000,4000]

Each paragraph repeats clauses that name a region, a metric and two figures
(…，温江区高新技术企业达到312家，同比增长12.5%；…), once as clauses of one sentence
and once as sentences, and is read whole: figures, subjects, attribution, years. A
paragraph of N figures should take about N times the time of one figure; the growth
factor per doubling is printed (2.0 is linear, 4.0 quadratic).
"""

from __future__ import annotations

import argparse
import time

from extract.reading import extract_text

REGIONS = ("温江区", "郫都区", "新都区", "双流区", "龙泉驿区", "青白江区")
METRICS = ("高新技术企业", "科技型中小企业", "专精特新企业")


def paragraph(figures: int, separator: str) -> str:
    """A paragraph of ``figures`` figures: pairs of a level and its growth, or, as items of
    one list, a level each (温江区高新技术企业312家、郫都区…)."""
    listed = separator == "、"
    parts = []
    for i in range(figures if listed else figures // 2):
        region, metric = REGIONS[i % len(REGIONS)], METRICS[i % len(METRICS)]
        growth = "" if listed else f"，同比增长{1 + i % 30}.5%"
        parts.append(f"{region}{metric}达到{100 + i % 900}家{growth}")
    return "2023年，" + separator.join(parts) + "。"


def seconds(text: str, repeats: int = 3) -> float:
    meta = {"doc_id": "bench", "region": "成都市", "published": "2024-02-01"}
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        _, facts, _ = extract_text(text, meta)
        best = min(best, time.perf_counter() - t0)
    assert facts, "the benchmark paragraph must yield facts"
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,2000,4000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    extract_text(paragraph(10, "；"), {"doc_id": "warm", "published": "2024"})  # load tables
    variants = (("items of one list", "、"), ("clauses of one sentence", "，"), ("sentences", "；"))
    for name, separator in variants:
        print(f"one paragraph, figures as {name}:")
        previous = None
        for n in sizes:
            s = seconds(paragraph(n, separator))
            growth = f"  ×{s / previous:.2f} for ×2 figures" if previous else ""
            print(f"  {n:>6} figures: {s:7.3f} s  ({s / n * 1e3:.2f} ms per figure){growth}")
            previous = s


if __name__ == "__main__":
    main()
