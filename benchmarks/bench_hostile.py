"""Hostile files: the slowest article and the peak memory, against an ordinary article.

    python benchmarks/bench_hostile.py

Builds a folder of full-size hostile files (a .docx that unpacks to 200 MB, a 16 KB PDF
whose pages share one large content stream, a PDF of 2,000 pages, an encrypted PDF, 19 MB
of text, deeply nested HTML, a 400-digit figure, thousands of figures in one paragraph,
mixed encodings) plus one ordinary article as the baseline. Each file is read by the
pipeline in a fresh process, as the dashboard or the CLI would, with the default limits;
prints per file what happened, the seconds and the peak memory (the process and the
bounded reader it forks), then the slowest and the largest with their ratio to the
baseline. Targets: under 5 s and 500 MB per article.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_files import docx_bomb, pdf_pages, pdf_shared_stream  # noqa: E402

ORDINARY = "2023年，涪陵区高新技术企业达到186家，科技型企业突破1000家。\n" * 20
# One file, read by the pipeline in this child; prints seconds, peak KB and the outcome.
PROBE = """
import json, resource, sys, time
from pathlib import Path
from extract import pipeline
from extract.errors import InputError
path, out = Path(sys.argv[1]), Path(sys.argv[2])
pipeline.run(inputs=[Path(sys.argv[3])], out=out / "warm", engine="serial")  # imports loaded
start = time.perf_counter()
try:
    summary = pipeline.run(inputs=[path], out=out / "run", engine="serial")
    outcome = f"read: {summary.facts} facts, {len(summary.warnings)} warnings"
except InputError as err:
    outcome = "refused: " + err.reason.split("(", 1)[-1].rstrip(")")
seconds = time.perf_counter() - start
whose = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
peak = max(resource.getrusage(r).ru_maxrss for r in whose)
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "outcome": outcome}))
"""


def build(folder: Path) -> dict[str, Path]:
    files = {
        "ordinary.txt": ORDINARY.encode(),
        "bomb.docx": docx_bomb(200),
        "shared.pdf": pdf_shared_stream(4, 200_000),
        "pages.pdf": pdf_pages(2000),
        "locked.pdf": pdf_pages(1, "secret"),
        "huge.txt": ("涪陵区科技创新高地建设稳步推进。" * 410_000).encode(),
        "deep.html": b"<html><body>" + b"<div>" * 200_000 + "涪陵区".encode() + b"</body></html>",
        "digits.txt": ("2023年，涪陵区高新技术企业达到" + "9" * 400 + "家。").encode(),
        "figures.txt": ("涪陵区高新技术企业达到186家，" * 4000).encode(),
        "mixed.txt": "成都市高新技术企业1.3万家。\n".encode()
        + "涪陵区高新技术企业186家。\n".encode("gbk"),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / "in" / name
        paths[name].parent.mkdir(parents=True, exist_ok=True)
        paths[name].write_bytes(data)
    return paths


def measure(path: Path, work: Path, warm: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), str(work / path.name), str(warm)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        work = Path(tmp)
        files = build(work)
        results = {
            name: measure(path, work, files["ordinary.txt"]) | {"size": path.stat().st_size}
            for name, path in files.items()
        }
    base = results["ordinary.txt"]
    print(f"{'file':<14}{'size':>10}{'seconds':>9}{'peak MB':>9}  outcome")
    for name, r in results.items():
        print(f"{name:<14}{r['size']:>10,}{r['seconds']:>9.2f}{r['peak_mb']:>9.0f}  {r['outcome']}")
    slowest = max(results, key=lambda n: results[n]["seconds"])
    largest = max(results, key=lambda n: results[n]["peak_mb"])
    s, m = results[slowest]["seconds"], results[largest]["peak_mb"]
    print(f"slowest article: {slowest} {s:.2f} s ({s / base['seconds']:.1f}x the ordinary one)"
          f" — target under 5 s")  # fmt: skip
    print(f"peak memory: {largest} {m:.0f} MB ({m / base['peak_mb']:.2f}x the ordinary one)"
          f" — target under 500 MB")  # fmt: skip


if __name__ == "__main__":
    main()
