"""Whether the tables in an output folder are out of date: what every page run asks before
it reads them, so it imports no extraction rules and no table libraries."""

from __future__ import annotations

import json
import os
from pathlib import Path

from extract.cache import build_fingerprint
from extract.settings import current

BUILD = "build.json"  # the rules and the folders' stamps of the last run: a cheap staleness test
MANIFEST_NAME = "manifest.csv"


def stamp(path: Path) -> list[int]:
    """A file's size and modification time; empty when it is gone."""
    try:
        stat = path.stat()
    except OSError:
        return []
    return [stat.st_size, stat.st_mtime_ns]


def is_stale(raw: Path | None = None, out: Path | None = None) -> bool:
    """True when the tables are missing, were built by other rules or from other inputs, or
    an article folder or manifest changed since (a file added, removed or replaced by
    rename, as a save does). Cheap at any corpus size: one stat per folder, none per
    article; an article edited in place is seen by the next run of ``python -m extract``."""
    raw, out = Path(raw or current().raw), Path(out or current().processed)
    try:
        build = json.loads((out / BUILD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    if build.get("rules") != build_fingerprint():
        return True
    if str(raw.resolve()) not in build.get("inputs", []):
        return True
    manifest = raw / MANIFEST_NAME
    if manifest.exists() and str(manifest.resolve()) not in build.get("manifests", {}):
        return True
    for folder, stamp_ns in build.get("folders", {}).items():
        try:
            if os.stat(folder).st_mtime_ns != stamp_ns:
                return True
        except OSError:
            return True
    return any(stamp(Path(m)) != old for m, old in build.get("manifests", {}).items())
