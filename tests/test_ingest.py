"""Adding articles: safe names, detection, preview writes nothing, save, duplicates, locking."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import docx
import pandas as pd
import pytest
from review_support import ARTICLE, copy_data, snapshot

from extract import ingest, tables
from extract.errors import InputError


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path)


def dirs(data: Path) -> dict[str, Path]:
    return {"raw_dir": data / "raw", "processed": data / "processed"}


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\evil.txt", "evil.txt"),
        ("/abs/path/报告.DOCX", "报告.docx"),
        (".hidden.txt", "hidden.txt"),
        ("a b\x00c\n.txt", "a_bc.txt"),
        ("x\u202egpj.txt", "xgpj.txt"),
        ("...", "article"),
        ("", "article"),
        ("..", "article"),
        ("遂宁 2024:新质生产力?.html", "遂宁_2024_新质生产力.html"),
    ],
)
def test_safe_name(name, safe):
    assert ingest.safe_name(name) == safe
    assert "/" not in safe and ".." not in safe and not safe.startswith(".")


def test_inside_refuses_paths_leaving_the_folder(tmp_path):
    assert ingest.inside(tmp_path, "a.txt") == (tmp_path / "a.txt").resolve()
    for bad in ("../a.txt", "sub/a.txt", "/etc/passwd"):
        with pytest.raises(InputError):
            ingest.inside(tmp_path, bad)


def test_preview_detects_and_writes_nothing(data):
    before = snapshot(data)
    item = ingest.preview(ARTICLE.encode("gb18030"), "涪陵.txt", **dirs(data))
    assert item.meta["published"] == "2023-01-29"
    assert item.meta["source"] == "重庆日报"
    assert item.meta["region"] == "涪陵区"
    assert item.encoding.lower().startswith("gb")
    assert not item.facts.empty and not item.duplicate_of
    first = item.facts.iloc[0]
    assert item.text[first["figure_start"] : first["figure_end"]] == first["figure_text"]
    assert snapshot(data) == before


def test_docx_and_html_uploads(data):
    document = docx.Document()
    for line in ARTICLE.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    item = ingest.preview(buffer.getvalue(), "涪陵.docx", **dirs(data))
    assert "186家" in item.text and item.suffix == ".docx"
    page = f"<html><body><script>alert(1)</script><p>{ARTICLE}</p></body></html>"
    item = ingest.preview(page.encode(), "涪陵.html", **dirs(data))
    assert "alert" not in item.text and "186家" in item.text


def test_save_stores_file_manifest_row_and_tables(data):
    manifest = data / "raw" / "manifest.csv"
    old = manifest.read_bytes()
    item = ingest.preview(ARTICLE.encode(), "../../涪陵.txt", **dirs(data))
    doc_id = ingest.save(item, {"source": "重庆日报（修订）"}, **dirs(data))
    assert doc_id == f"005_{item.content_hash[:16]}"
    assert (data / "raw" / f"{doc_id}.txt").read_bytes() == ARTICLE.encode()
    assert manifest.read_bytes().startswith(old)  # earlier rows untouched
    row = ingest.read_manifest(manifest)[-1]
    assert row["source"] == "重庆日报（修订）" and row["published"] == "2023-01-29"
    facts = tables.read_tables(data / "processed")["facts"]
    assert doc_id in set(facts["doc_id"])
    assert not list((data / "raw").glob(".*"))  # no temporary file left behind


def test_same_content_twice_is_refused(data):
    item = ingest.preview(ARTICLE.encode(), "a.txt", **dirs(data))
    doc_id = ingest.save(item, run=False, **dirs(data))
    before = snapshot(data)
    again = ingest.preview(ARTICLE.encode(), "b.txt", **dirs(data))
    assert again.duplicate_of == doc_id
    with pytest.raises(ingest.DuplicateArticle) as err:
        ingest.save(again, **dirs(data))
    assert err.value.doc_id == doc_id and str(err.value).startswith("b.txt: ")
    with pytest.raises(ingest.DuplicateArticle):
        ingest.save(item, **dirs(data))  # the very same preview saved twice
    assert snapshot(data) == before


def test_a_bundled_article_is_recognised(data):
    seed = next((data / "raw").glob("001_*.txt"))
    item = ingest.preview(seed.read_bytes(), "copy.txt", **dirs(data))
    assert item.duplicate_of == seed.stem


def test_same_text_in_another_encoding_is_recognised(data):
    item = ingest.preview(ARTICLE.encode(), "a.txt", **dirs(data))
    ingest.save(item, **dirs(data))
    other = ingest.preview(ARTICLE.encode("utf-16"), "a16.txt", **dirs(data))
    assert other.duplicate_of and other.bytes_hash != item.bytes_hash


def test_two_sessions_saving_at_once_keep_both_rows(data):
    texts = [ARTICLE.replace("186", str(200 + i)) for i in range(6)]
    items = [ingest.preview(t.encode(), f"{i}.txt", **dirs(data)) for i, t in enumerate(texts)]
    errors: list[BaseException] = []

    def save(item: ingest.Preview) -> None:
        try:
            ingest.save(item, run=False, **dirs(data))
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=save, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    rows = ingest.read_manifest(data / "raw" / "manifest.csv")
    assert len(rows) == 5 + 6
    assert len({r["doc_id"][:3] for r in rows}) == 11  # every number handed out once
    assert all((data / "raw" / f"{r['doc_id']}.txt").exists() for r in rows[5:])


def test_write_atomic_replaces_in_one_step(tmp_path):
    target = tmp_path / "m.csv"
    target.write_text("old")
    ingest.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["m.csv"]


def test_preview_facts_frame_has_the_fact_columns(data):
    item = ingest.preview_text(ARTICLE, **dirs(data))
    assert {"region", "metric_id", "value", "quote", "figure_start"} <= set(item.facts.columns)
    assert isinstance(item.facts, pd.DataFrame)


def test_folders_not_given_come_from_the_settings(data, monkeypatch):
    monkeypatch.setenv("CHUANYU_RAW", str(data / "raw"))
    monkeypatch.setenv("CHUANYU_PROCESSED", str(data / "processed"))
    stored = ingest.preview(ARTICLE.encode(), "again.txt", raw_dir=data / "raw")
    doc_id = ingest.save(stored, run=False)
    assert (data / "raw" / f"{doc_id}.txt").exists()
    assert ingest.preview(ARTICLE.encode(), "x.txt").duplicate_of == doc_id


def test_a_save_reads_only_the_article_it_adds(data, monkeypatch):
    """The stored articles are neither listed nor looked at (the tables' index stands for
    them), and the tables come out as a full run's, byte for byte."""
    from extract import pipeline

    pipeline.run([data / "raw"], out=data / "processed", cache_dir=data / "cache")
    item = ingest.preview(ARTICLE.encode(), "涪陵.txt", **dirs(data))
    raw = str((data / "raw").resolve())
    listed: list[str] = []
    looked: list[str] = []
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        listed.append(str(path))
        return real_scandir(path, *args, **kwargs)

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        looked.append(str(path))  # a path or an open file's number
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    doc_id = ingest.save(item, **dirs(data))
    monkeypatch.undo()
    assert raw not in map(os.path.abspath, listed)
    suffixes = pipeline.ARTICLE_SUFFIXES
    articles = [p for p in looked if p.startswith(raw + "/") and p.endswith(suffixes)]
    assert articles and set(articles) == {f"{raw}/{doc_id}.txt"}
    full = data / "full"
    pipeline.run([data / "raw"], out=full, cache_dir=data / "cache-full")
    assert snapshot(data / "processed") == snapshot(full)
