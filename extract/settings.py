"""Every setting the project reads from its environment, in one frozen object.

The CLI, the dashboard, ingestion and the pipeline all take their folders and limits
from :func:`current`, so a deployment that moves its articles moves them for every
writer at once. Each variable, with its default:

- ``CHUANYU_RAW`` — the articles and their ``manifest.csv`` (``data/raw``)
- ``CHUANYU_PROCESSED`` — the extracted tables (``data/processed``)
- ``CHUANYU_CACHE`` — per-article cache of earlier work (``data/cache``)
- ``CHUANYU_REVIEW_DB`` — the review store, SQLite (``data/review.sqlite``)
- ``DATABASE_URL`` — a shared review store (``postgresql://user@host/db``) that replaces
  the SQLite file, so several app processes share corrections (empty: SQLite)
- ``CHUANYU_MAX_UPLOAD_MB`` — largest article file, uploaded or on disk (20)
- ``CHUANYU_MAX_UNPACKED_MB`` — most a zip-based file (.docx) may unpack to (10)
- ``CHUANYU_MAX_PDF_PAGES`` — most pages read from one PDF (300)
- ``CHUANYU_MAX_STREAM_MB`` — most decoded PDF page content read from one file (4)
- ``CHUANYU_MAX_CHARS`` — longest article text, in characters (2,000,000)
- ``CHUANYU_TIME_BUDGET_S`` — seconds one article may take to read and extract (4)
- ``CHUANYU_MAX_MEMORY_MB`` — memory (address space) one article's reader may use (1024)

A value that is not a positive number falls back to its default: a typo must not
switch a limit off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract import paths

MB = 1024 * 1024
# variable → (field, default); folders are paths, the rest positive numbers.
FOLDERS = {
    "CHUANYU_RAW": ("raw", paths.RAW),
    "CHUANYU_PROCESSED": ("processed", paths.PROCESSED),
    "CHUANYU_CACHE": ("cache", paths.DATA / "cache"),
    "CHUANYU_REVIEW_DB": ("review_db", paths.DATA / "review.sqlite"),
}
# variable → field; plain text, empty when unset.
TEXTS = {"DATABASE_URL": "database_url"}
LIMITS = {
    "CHUANYU_MAX_UPLOAD_MB": ("max_file_bytes", 20.0, MB),
    "CHUANYU_MAX_UNPACKED_MB": ("max_unpacked_bytes", 10.0, MB),
    "CHUANYU_MAX_PDF_PAGES": ("max_pdf_pages", 300.0, 1),
    "CHUANYU_MAX_STREAM_MB": ("max_stream_bytes", 4.0, MB),
    "CHUANYU_MAX_CHARS": ("max_chars", 2_000_000.0, 1),
    "CHUANYU_TIME_BUDGET_S": ("time_budget_s", 4.0, 1),
    "CHUANYU_MAX_MEMORY_MB": ("max_memory_bytes", 1024.0, MB),
}
_CEILING = 1e12  # anything larger is a typo, not a limit


@dataclass(frozen=True)
class Settings:
    raw: Path = paths.RAW
    processed: Path = paths.PROCESSED
    cache: Path = paths.DATA / "cache"
    review_db: Path = paths.DATA / "review.sqlite"
    database_url: str = ""
    max_file_bytes: int = 20 * MB
    max_unpacked_bytes: int = 10 * MB
    max_pdf_pages: int = 300
    max_stream_bytes: int = 4 * MB
    max_chars: int = 2_000_000
    time_budget_s: float = 4.0
    max_memory_bytes: int = 1024 * MB

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        values: dict[str, object] = {}
        for var, (name, default) in FOLDERS.items():
            values[name] = Path(env.get(var) or default)
        for var, name in TEXTS.items():
            values[name] = env.get(var, "").strip()
        for var, (name, default, scale) in LIMITS.items():
            number = _positive(env.get(var, ""), default)
            values[name] = number * scale if name == "time_budget_s" else int(number * scale)
        return cls(**values)  # type: ignore[arg-type]


def _positive(text: str, default: float) -> float:
    try:
        number = float(text) if text.strip() else default
    except ValueError:
        return default
    return number if 0 < number < _CEILING else default


def current() -> Settings:
    """The settings for the environment as it is now (parsed once per distinct environment)."""
    return _parse(tuple((var, os.environ.get(var, "")) for var in (*FOLDERS, *TEXTS, *LIMITS)))


@lru_cache(maxsize=8)
def _parse(items: tuple[tuple[str, str], ...]) -> Settings:
    return Settings.from_env(dict(items))
