"""Extraction throughput against jieba segmentation of the same texts, in the same run.

    python benchmarks/bench_extract.py [--mb 5]

Builds a corpus of at least --mb megabytes, one file per article, from the bundled
articles (each copy renumbered so no two files are identical and the cache cannot
help), extracts it with a cold cache on the command line's engine (all cores) and on
one core, then segments the same texts with jieba.lcut. Prints throughput and the ratio
extraction / jieba (target <= 0.5 on all cores), and the CPU seconds of each (workers and
their children included, and apart: what the run's own process spent, what they spent), which
a busy shared machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import jieba

from extract import paths
from extract.pipeline import run


def build_corpus(folder: Path, megabytes: float) -> list[Path]:
    seeds = sorted(paths.RAW.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    files, size, n = [], 0, 0
    while size < megabytes * 1024 * 1024:
        text = f"第{n}篇\n" + texts[n % len(texts)]
        path = folder / f"{n:05d}_{seeds[n % len(seeds)].stem}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        size += len(text.encode("utf-8"))
        n += 1
    return files


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of the children it has waited for."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-extract-"))
    try:
        raw = work / "raw"
        raw.mkdir()
        files = build_corpus(raw, args.mb)
        mb = sum(p.stat().st_size for p in files) / 1024 / 1024
        jieba.initialize()  # load the dictionary before timing, as the extractor loads its tables

        timings = {}
        for engine in ("process", "serial"):
            t0, (own0, kids0) = time.perf_counter(), _cpu()
            summary = run(
                [raw], out=work / engine, cache_dir=work / f"cache-{engine}", engine=engine
            )
            own, kids = _cpu()
            timings[engine] = (time.perf_counter() - t0, own - own0, kids - kids0)

        t0, c0 = time.perf_counter(), sum(_cpu())
        tokens = sum(len(jieba.lcut(p.read_text(encoding="utf-8"))) for p in files)
        jieba_s, jieba_cpu = time.perf_counter() - t0, sum(_cpu()) - c0

        print(f"corpus: {len(files)} articles, {mb:.1f} MB, {summary.facts} facts")
        print(f"jieba.lcut: {jieba_s:.2f} s, {mb / jieba_s:.2f} MB/s, {tokens} tokens")
        for engine, (wall, own, kids) in timings.items():
            # the pool's workers are this process's children, waited for when it closes:
            # their CPU (and their bounded children's) is counted
            cpu = own + kids
            print(
                f"extract ({engine}): {wall:.2f} s, {mb / wall:.2f} MB/s, "
                f"ratio to jieba {wall / jieba_s:.2f} (CPU {cpu:.2f} s: {own:.2f} here, "
                f"{kids:.2f} in children; CPU ratio {cpu / jieba_cpu:.2f})"
            )
        print("target: ratio <= 0.5 on all cores (the process engine)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
