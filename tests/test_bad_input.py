"""Every kind of bad input gets a message naming the file and the reason, and leaves
data/ exactly as it was (hashed before and after)."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from pypdf import PdfWriter
from review_support import copy_data, snapshot

from extract import ingest, paths
from extract.errors import InputError


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _random_high_bytes() -> bytes:
    rng = random.Random(1)
    return bytes(rng.randrange(128, 256) for _ in range(3000))


NAV_ONLY = (
    "<html><head><title>首页</title></head><body><nav><ul>"
    + "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(30))
    + "</ul></nav><footer>版权所有</footer></body></html>"
).encode()

BAD_UPLOADS = [
    # (file name, bytes, reason_key, a word of the reason)
    ("empty.txt", b"", "empty", "empty"),
    ("blank.txt", b" \n\t\n", "empty", "empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "binary", "PNG"),
    ("program.txt", b"\x7fELF" + bytes(range(256)) * 4, "binary", "not text"),
    ("garbled.txt", _random_high_bytes(), "undecodable", "encoding"),
    ("scan.pdf", _blank_pdf(), "pdf_no_text", "text layer"),
    ("menu.html", NAV_ONLY, "no_text", "navigation"),
    ("macro.exe", b"MZ\x90\x00", "unsupported_type", "not supported"),
]


def _dirs(data: Path) -> dict[str, Path]:
    return {"raw_dir": data / "raw", "processed": data / "processed"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path)


@pytest.mark.parametrize(("name", "content", "reason_key", "word"), BAD_UPLOADS)
def test_bad_upload_is_named_explained_and_stores_nothing(data, name, content, reason_key, word):
    before = snapshot(data)
    with pytest.raises(InputError) as err:
        ingest.preview(content, name, raw_dir=data / "raw", processed=data / "processed")
    assert err.value.reason_key == reason_key
    assert str(err.value).startswith(f"{name}: ") and word in str(err.value)
    assert snapshot(data) == before


def test_file_over_the_size_limit(data, monkeypatch):
    before = snapshot(data)
    content = "成都市高新技术企业1.3万家。".encode() * 100
    monkeypatch.setenv("CHUANYU_MAX_UPLOAD_MB", "0.001")  # about 1 KB
    assert ingest.max_upload_bytes() == int(0.001 * 2**20)
    with pytest.raises(InputError) as err:
        ingest.preview(content, "big.txt", raw_dir=data / "raw", processed=data / "processed")
    assert err.value.reason_key == "too_large"
    assert str(err.value).startswith("big.txt: ") and "limit" in str(err.value)
    assert snapshot(data) == before


def test_default_size_limit_is_20_mb(monkeypatch):
    monkeypatch.delenv("CHUANYU_MAX_UPLOAD_MB", raising=False)
    assert ingest.max_upload_bytes() == 20 * 2**20
    monkeypatch.setenv("CHUANYU_MAX_UPLOAD_MB", "lots")
    assert ingest.max_upload_bytes() == 20 * 2**20


def test_article_without_figures_is_stored_with_a_note(data):
    text = "科技创新是发展的重要动力。本文介绍各地推进创新工作的做法和体会，没有列出具体的统计。"
    item = ingest.preview_text(text, "随笔", raw_dir=data / "raw", processed=data / "processed")
    assert item.facts.empty and ingest.NO_FIGURES_NOTE in item.warnings
    doc_id = ingest.save(item, {"region": "遂宁市"}, data / "raw", data / "processed")
    assert (data / "raw" / f"{doc_id}.txt").read_text(encoding="utf-8") == text
    rows = ingest.read_manifest(data / "raw" / "manifest.csv")
    assert rows[-1]["doc_id"] == doc_id and rows[-1]["region"] == "遂宁市"


MANIFEST_HEADER = "doc_id,region,published,source,title\n"
BAD_MANIFESTS = [
    # (manifest text, row named in the message, a word of the reason)
    ("region,published,source,title\n遂宁市,2024,a,b\n", "row 1", "missing column doc_id"),
    ("", "row 1", "missing column doc_id"),
    ("doc_id,region,doc_id\n000_a,遂宁市,000_a\n", "row 1", "appears twice"),
    (MANIFEST_HEADER + "000_a,遂宁市,2024-13,全景遂宁,标题\n", "row 2", "'2024-13' is not a date"),
    (MANIFEST_HEADER + "000_a,遂宁市,2024-03,a,b\n001_b,成都市,去年,c,d\n", "row 3", "'去年'"),
    (MANIFEST_HEADER + "000_a,遂宁市,2024-02-30,a,b\n", "row 2", "not a date"),
    (MANIFEST_HEADER + "000_a,遂宁市,2024,a,b\n000_a,成都市,2023,c,d\n", "row 3", "appears twice"),
    (MANIFEST_HEADER + "000_a,遂宁市,2024,a\n", "row 2", "wrong number of cells"),
    (MANIFEST_HEADER + "有 空格,遂宁市,2024,a,b\n", "row 2", "doc_id '有 空格'"),
    (MANIFEST_HEADER + ",遂宁市,2024,a,b\n", "row 2", "doc_id"),
]


@pytest.mark.parametrize(("manifest", "row", "word"), BAD_MANIFESTS)
def test_malformed_manifest_names_file_row_and_reason(data, manifest, row, word):
    path = data / "raw" / "manifest.csv"
    path.write_text(manifest, encoding="utf-8")
    before = snapshot(data)
    with pytest.raises(InputError) as err:
        ingest.read_manifest(path)
    assert err.value.reason_key == "manifest"
    assert str(err.value).startswith(f"manifest.csv: {row}") and word in str(err.value)
    # saving an article refuses too, before writing anything
    item = ingest.preview_text("遂宁市高新技术企业达到209家。", **_dirs(data))
    with pytest.raises(InputError, match=r"manifest\.csv: row"):
        ingest.save(item, raw_dir=data / "raw", processed=data / "processed")
    assert snapshot(data) == before


def test_manifest_not_utf8(data):
    path = data / "raw" / "manifest.csv"
    path.write_bytes(MANIFEST_HEADER.encode() + "000_a,遂宁市,2024,来源,标题\n".encode("gb18030"))
    with pytest.raises(InputError, match=r"manifest\.csv: manifest is not UTF-8"):
        ingest.read_manifest(path)


def test_bundled_manifest_is_valid():
    rows = ingest.read_manifest(paths.RAW / "manifest.csv")
    assert len(rows) == 5 and rows[0]["region"] == "遂宁市"


def test_bad_date_entered_before_saving_stores_nothing(data):
    item = ingest.preview_text("遂宁市高新技术企业达到209家。", **_dirs(data))
    before = snapshot(data)
    with pytest.raises(InputError) as err:
        ingest.save(item, {"published": "2024年"}, data / "raw", data / "processed")
    assert err.value.reason_key == "bad_date" and "'2024年'" in str(err.value)
    assert snapshot(data) == before
