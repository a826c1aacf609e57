"""Shared fixtures: one extraction of the bundled corpus per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import paths
from extract.pipeline import run


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus (data/raw) extracted into a temporary folder."""
    out = tmp_path_factory.mktemp("extracted") / "processed"
    run([paths.RAW], out=out)
    return out
