"""Hostile files: the slowest article and the peak memory, against an ordinary article.

    python benchmarks/bench_hostile.py

Builds a folder of full-size hostile files (a .docx that unpacks to 200 MB, one just under
the limit, a 16 KB PDF whose pages share one large content stream, a PDF of 2,000 pages, an
encrypted PDF, 19 MB of text, deeply nested HTML, a 400-digit figure, thousands of figures
in one paragraph, mixed encodings) plus one ordinary article as the baseline. Each file is
previewed as an upload in a fresh process (decoded and extracted in the bounded reader, as
the add-article page and every run do), with the default limits; prints per file what
happened, the seconds and the peak resident memory of the process and of the bounded
reader it forks; then the slowest and the largest with their ratio to the baseline.
Targets: under 5 s and 500 MB per article.
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
from extract import ingest
from extract.errors import InputError
path, empty, ordinary = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
dirs = {"raw_dir": empty, "processed": empty}
ingest.preview(ordinary.read_bytes(), ordinary.name, **dirs)  # imports loaded, reader warm
def hwm():  # this process's peak resident memory since it started, in MB (Linux)
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
start = time.perf_counter()
try:
    item = ingest.preview(path.read_bytes(), path.name, **dirs)
    outcome = f"read: {len(item.facts)} facts, {len(item.warnings)} warnings"
except InputError as err:
    outcome = "refused: " + err.reason
seconds = time.perf_counter() - start
# The article is read in a forked child, which starts with this process's pages.
reader = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
own = hwm()  # not ru_maxrss: Linux carries that over from the parent across exec
print(json.dumps({"seconds": seconds, "process_mb": own, "reader_mb": reader,
                  "peak_mb": max(reader, own), "outcome": outcome}))
"""


def build(folder: Path) -> dict[str, Path]:
    files = {
        "ordinary.txt": ORDINARY.encode(),
        "bomb.docx": docx_bomb(200),
        "big.docx": docx_bomb(9),  # just under the unpacking limit: the time budget stops it
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
    (work / "empty").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), str(work / "empty"), str(warm)],
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
    print(f"{'file':<14}{'size':>11}{'seconds':>9}{'process MB':>11}{'reader MB':>10}  outcome")
    for name, r in results.items():
        print(f"{name:<14}{r['size']:>11,}{r['seconds']:>9.2f}{r['process_mb']:>11.0f}"
              f"{r['reader_mb']:>10.0f}  {r['outcome']}")  # fmt: skip
    slowest = max(results, key=lambda n: results[n]["seconds"])
    largest = max(results, key=lambda n: results[n]["peak_mb"])
    s, m = results[slowest]["seconds"], results[largest]["peak_mb"]
    print(f"slowest article: {slowest} {s:.2f} s ({s / base['seconds']:.1f}x the ordinary one)"
          f" — target under 5 s")  # fmt: skip
    print(f"peak memory: {largest} {m:.0f} MB ({m / base['peak_mb']:.2f}x the ordinary one)"
          f" — target under 500 MB")  # fmt: skip


if __name__ == "__main__":
    main()
