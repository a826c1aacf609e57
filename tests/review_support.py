"""Shared by the ingestion and review tests: a private copy of data/ and a way to prove
that nothing in it changed."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from tests.corpus import CORPUS


def copy_data(tmp_path: Path, processed: Path | None = None) -> Path:
    """tmp_path/data with the bundled articles in raw/ and, when given, built tables."""
    data = tmp_path / "data"
    shutil.copytree(CORPUS, data / "raw")
    if processed is not None:
        shutil.copytree(processed, data / "processed")
    else:
        (data / "processed").mkdir()
    return data


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path: equal snapshots mean the
    folder is unchanged byte for byte (no file added, removed or altered)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def unescaped(markdown: str) -> str:
    """Markdown source as the reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


ARTICLE = (
    "来源：重庆日报\n2023-01-29\n"
    "涪陵区加快建设科技创新高地\n"
    "2022年，涪陵区高新技术企业达到186家，科技型企业突破1000家。"
    "全区研发经费投入增长12.5%。\n"
)


@pytest.fixture(scope="session")
def built_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus extracted once per test session (tests copy it, never change it)."""
    from extract import pipeline

    root = tmp_path_factory.mktemp("built")
    raw = root / "raw"
    shutil.copytree(CORPUS, raw)
    pipeline.run(inputs=(raw,), manifest=raw / "manifest.csv", out=root / "processed")
    return root / "processed"
