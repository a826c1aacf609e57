"""``python -m extract [INPUT ...] [--manifest FILE] [--out DIR]``."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tqdm import tqdm

from extract import __version__, settings
from extract.engines import ENGINES
from extract.errors import InputError
from extract.pipeline import run

_BAR_FROM = 20  # articles; fewer finish before a bar would help


def main(argv: list[str] | None = None) -> int:
    config = settings.current()
    parser = argparse.ArgumentParser(
        prog="python -m extract",
        description="Extract sourced regional metrics from Chinese articles into tidy tables.",
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        type=Path,
        default=[config.raw],
        help="article files or folders (default: $CHUANYU_RAW or data/raw)",
    )
    parser.add_argument(
        "--manifest", type=Path, help="CSV of doc_id, published, source, title, url, region"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=config.processed,
        help="output folder (default: $CHUANYU_PROCESSED or data/processed)",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="process",
        help="where articles are read: this process, a pool of local processes (default)"
        " or a Dask cluster",
    )
    parser.add_argument("--workers", type=int, help="processes for --engine process (all cores)")
    parser.add_argument(
        "--scheduler", help="Dask scheduler address for --engine dask (default: a local cluster)"
    )
    parser.add_argument(
        "--no-csv",
        action="store_true",
        help="write only the Parquet tables, not the reviewed tables as CSV beside them",
    )
    parser.add_argument("--version", action="version", version=__version__)
    args = parser.parse_args(argv)

    bar: tqdm | None = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar
        if total < _BAR_FROM:
            return
        if bar is None:
            bar = tqdm(total=total, unit="article", file=sys.stderr)
        bar.n = done
        bar.set_postfix_str(name[:30])
        bar.refresh()

    try:
        summary = run(
            args.inputs, args.manifest, args.out, on_progress=progress, config=config,
            engine=args.engine, workers=args.workers, scheduler=args.scheduler,
        )  # fmt: skip
    except InputError as err:
        print(f"error: {printable(str(err))}", file=sys.stderr)
        return 1
    finally:
        if bar is not None:
            bar.close()
    for line in summary.failed:
        print(f"skipped {printable(line)}", file=sys.stderr)
    for line in summary.warnings:
        print(f"warning {printable(line)}", file=sys.stderr)
    print(printable(str(summary)))
    if not args.no_csv:
        # The tables as reviewed, through the loader the dashboard reads: the same figures.
        from review import reviewed  # the review package builds on extract, not the reverse

        reviewed(args.out).export_csv(args.out)
    return 0


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """A file name or message safe for a terminal: escape codes and bidi controls shown as
    \\x1b-style text, never obeyed."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
