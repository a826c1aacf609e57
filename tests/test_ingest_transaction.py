"""A save is one transaction; a bad manifest row is skipped; the URL typed is kept; the same
article with other spacing is the same article; a failed build keeps the previous tables."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from app_support import APP
from review_support import ARTICLE, built_tables, copy_data, snapshot  # noqa: F401 - fixture
from streamlit.testing.v1 import AppTest

from extract import ingest, pipeline, tables
from extract.errors import InputError


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path)


def test_a_failed_rebuild_stores_nothing_and_a_retry_works(data: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the output folder's parent should be")
    item = ingest.preview(ARTICLE.encode(), "涪陵.txt", raw_dir=data / "raw")
    before = snapshot(data)
    with pytest.raises(InputError) as err:
        ingest.save(item, raw_dir=data / "raw", processed=blocked / "processed")
    assert err.value.reason_key == "rebuild_failed"
    assert str(err.value).startswith("涪陵.txt: the tables could not be rebuilt (")
    assert snapshot(data) == before  # article and manifest row rolled back, byte for byte
    doc_id = ingest.save(item, raw_dir=data / "raw", processed=data / "processed")
    assert doc_id in set(tables.read_tables(data / "processed")["documents"]["doc_id"])


def test_a_save_whose_article_the_rebuild_refuses_is_rolled_back(data: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHUANYU_CACHE", str(data.parent / "cache"))  # no earlier result
    item = ingest.preview(ARTICLE.encode(), "涪陵.txt", raw_dir=data / "raw")
    before = snapshot(data)
    monkeypatch.setenv("CHUANYU_MAX_CHARS", "20")  # tightened after the preview
    with pytest.raises(InputError, match="over the 20 limit") as err:
        ingest.save(item, raw_dir=data / "raw", processed=data / "processed")
    assert err.value.reason_key == "rebuild_failed"
    assert snapshot(data) == before


def test_a_bad_manifest_row_is_reported_and_skipped(data: Path) -> None:
    with (data / "raw" / "manifest.csv").open("a", encoding="utf-8") as f:
        f.write("999_ghost,涪陵区,2023-13-45,来源,标题\n")
    summary = pipeline.run(inputs=(data / "raw",), out=data / "processed")
    assert summary.articles == 5
    assert any(
        f.startswith("manifest.csv: row ") and "'2023-13-45' is not a date" in f
        for f in summary.failed
    )
    titles = tables.read_tables(data / "processed")["documents"]["title"]
    assert titles.str.contains("遂宁").any()  # the good rows still gave their titles


def test_the_url_typed_is_kept_though_the_manifest_had_no_url_column(data: Path) -> None:
    manifest = data / "raw" / "manifest.csv"
    assert "url" not in manifest.read_text(encoding="utf-8").splitlines()[0].split(",")
    old_rows = ingest.read_manifest(manifest)
    item = ingest.preview(ARTICLE.encode(), "涪陵.txt", raw_dir=data / "raw")
    url = "https://www.cq.gov.cn/a.html"
    ingest.save(item, {"url": url}, raw_dir=data / "raw", run=False)
    rows = ingest.read_manifest(manifest)
    assert rows[-1]["url"] == url and rows[:-1] == old_rows


def test_the_same_article_with_other_spacing_is_a_duplicate(data: Path) -> None:
    item = ingest.preview(ARTICLE.encode(), "a.txt", raw_dir=data / "raw")
    dirs = {"raw_dir": data / "raw", "processed": data / "processed"}
    doc_id = ingest.save(item, **dirs)
    spaced = ARTICLE.replace("，", "， ").replace("\n", "\n\n  ")
    again = ingest.preview(spaced.encode(), "b.txt", **dirs)
    assert again.duplicate_of == doc_id
    with pytest.raises(ingest.DuplicateArticle):
        ingest.save(again, **dirs)


def test_a_failed_build_keeps_serving_the_previous_tables(
    tmp_path: Path,
    built_tables: Path,  # noqa: F811 - the fixture
    monkeypatch,
) -> None:
    data = copy_data(tmp_path, built_tables)
    raw = tmp_path / "only-bad"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    later = (data / "processed" / "datapackage.json").stat().st_mtime + 60
    os.utime(raw / "empty.txt", (later, later))  # newer than the tables: a build is due
    monkeypatch.setenv("CHUANYU_RAW", str(raw))
    monkeypatch.setenv("CHUANYU_PROCESSED", str(data / "processed"))
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(data / "review.sqlite"))
    before = snapshot(data / "processed")
    at = AppTest.from_file(str(APP), default_timeout=120).run()  # the overview, by default
    assert not at.exception and not at.error
    assert any("仍显示上次的数据" in w.value and "empty" in w.value for w in at.warning)
    assert any("\n### " in m.value for m in at.markdown)  # the cards are there
    assert snapshot(data / "processed") == before
