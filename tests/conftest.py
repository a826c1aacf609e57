"""Shared fixtures: one extraction of the bundled corpus per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from extract import output, tables
from extract.pipeline import run
from tests.corpus import CORPUS
from tests.postgres_server import running_postgres


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Runs that name no cache use a temporary one, never the repository's data/cache."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHUANYU_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixed test corpus (the seed articles) extracted into a temporary folder."""
    out = tmp_path_factory.mktemp("extracted") / "processed"
    run([CORPUS], out=out)
    with tables.connect(out) as con:  # and the CSV export, as extracted (no reviews)
        output.export_csv(con, out)
    return out


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """One real PostgreSQL server for the session (Debian's package); yields its URL."""
    with running_postgres() as url:
        yield url
