"""One settings module: every folder and limit read from the environment in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import data, review_ui
from extract import cli, ingest, paths, pipeline, settings
from extract.cache import Cache


def test_defaults_are_the_project_data() -> None:
    config = settings.Settings.from_env({})
    assert (config.raw, config.processed) == (paths.RAW, paths.PROCESSED)
    assert config.cache == paths.DATA / "cache"
    assert config.review_db == paths.DATA / "review.sqlite"
    assert config.max_file_bytes == 20 * settings.MB


@pytest.mark.parametrize("text", ["lots", "-5", "0", "inf", "nan", "1e400", " "])
def test_a_bad_limit_keeps_its_default(text: str) -> None:
    config = settings.Settings.from_env({"CHUANYU_MAX_UNPACKED_MB": text})
    assert config.max_unpacked_bytes == settings.Settings().max_unpacked_bytes


def test_every_reader_sees_the_same_folders(tmp_path: Path, monkeypatch) -> None:
    for var, name in [("RAW", "r"), ("PROCESSED", "p"), ("REVIEW_DB", "db")]:
        monkeypatch.setenv(f"CHUANYU_{var}", str(tmp_path / name))
    monkeypatch.setenv("CHUANYU_MAX_UPLOAD_MB", "2")
    config = settings.current()
    assert config is settings.current()  # parsed once for one environment
    assert review_ui.raw_dir() == config.raw == tmp_path / "r"
    assert data.processed_dir() == config.processed == tmp_path / "p"
    assert data.review_db() == tmp_path / "db"
    assert ingest.max_upload_bytes() == 2 * settings.MB


def test_the_start_up_build_and_a_save_read_the_same_raw_folder(tmp_path: Path, monkeypatch):
    # One article in the configured folder: the build must read it, not the repository's five.
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "only.txt").write_text("2023年，涪陵区高新技术企业达到186家。", encoding="utf-8")
    monkeypatch.setenv("CHUANYU_RAW", str(raw))
    monkeypatch.setenv("CHUANYU_PROCESSED", str(tmp_path / "processed"))
    assert pipeline.is_stale()
    summary = pipeline.run()
    assert summary.articles == 1 and summary.out == tmp_path / "processed"
    assert not pipeline.is_stale()


def test_cli_cache_comes_from_the_settings_not_beside_out(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "only.txt").write_text("2023年，涪陵区高新技术企业达到186家。", encoding="utf-8")
    monkeypatch.setenv("CHUANYU_CACHE", str(tmp_path / "mycache"))
    assert cli.main([str(raw), "--out", str(tmp_path / "x" / "out"), "--engine", "serial"]) == 0
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["out"]
    assert len(Cache(tmp_path / "mycache")) == 1  # the one article's reading
