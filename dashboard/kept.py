"""Results a first page needs, kept on disk per revision of the tables and reviews: a server
started again shows them without opening the tables (the overview's regions and cards, 0.15 s
of CPU on a quiet machine and several times that under load, on a cold start's critical path).

One file per name in the cache folder holds one result and the key it was built for: the
revision and a stamp of the code and data files that shape it. It is written whole or not at
all (a temporary file renamed over it); one that cannot be read as written is built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from extract import paths, settings

# What shapes a kept result besides the tables and the reviews, whose changes the revision
# shows (a change to the extraction rules or the catalogue rebuilds the tables).
SOURCES = ("dashboard/*.py", "review/*.py", "data/dashboard/*")


@cache
def code_stamp() -> str:
    h = hashlib.sha256()
    for pattern in SOURCES:
        for path in sorted(paths.ROOT.glob(pattern)):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _file(name: str) -> Path:
    return settings.current().cache / f"kept-{name}.pickle"


def load(name: str, revision: tuple) -> Any | None:
    """The result kept under `name` for this revision and code; None when there is none."""
    try:
        with _file(name).open("rb") as kept:
            key, value = pickle.load(kept)
    except Exception:  # absent, cut short, or of a layout this code no longer has
        return None
    return value if key == (revision, code_stamp()) else None


def keep(name: str, revision: tuple, value: Any) -> None:
    """Keep `value` under `name` for this revision; a folder that cannot be written keeps
    nothing (the result is built again by the next server)."""
    path = _file(name)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(((revision, code_stamp()), value), out)
            os.replace(partial, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
