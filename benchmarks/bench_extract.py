"""Extraction throughput against jieba segmentation of the same texts, in the same run.

    python benchmarks/bench_extract.py [--mb 5]

Builds a corpus of at least --mb megabytes, one file per article, from the bundled
articles (each copy renumbered so no two files are identical and the cache cannot
help), extracts it with a cold cache, then segments the same texts with jieba.lcut.
Prints throughput and the ratio extraction / jieba (target <= 1.0, aim <= 0.5).
"""

from __future__ import annotations

import argparse
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

        t0 = time.perf_counter()
        summary = run([raw], out=work / "out", cache_dir=work / "cache")
        extract_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        tokens = sum(len(jieba.lcut(p.read_text(encoding="utf-8"))) for p in files)
        jieba_s = time.perf_counter() - t0

        print(f"corpus: {len(files)} articles, {mb:.1f} MB")
        print(f"extract: {extract_s:.2f} s, {mb / extract_s:.2f} MB/s, {summary.facts} facts")
        print(f"jieba.lcut: {jieba_s:.2f} s, {mb / jieba_s:.2f} MB/s, {tokens} tokens")
        print(f"ratio extract/jieba: {extract_s / jieba_s:.2f} (target <= 1.0, aim <= 0.5)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
