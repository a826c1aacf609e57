"""Decoding: encodings, document types and every kind of bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.decode import DEFAULT_MAX_BYTES, decode_bytes, read_article
from extract.errors import InputError
from extract.paths import RAW

TEXT = "绵阳高新区规上工业总产值实现1023亿元,同比增长12.5%。\n全区高新技术企业突破200家。"


def _refused(path: Path, key: str, **kwargs: int) -> InputError:
    with pytest.raises(InputError) as info:
        read_article(path, **kwargs)
    err = info.value
    assert err.reason_key == key, err
    assert path.name in str(err)
    assert err.reason
    return err


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16-le"),  # with BOM
        ("utf-16-le", "utf-16-le"),  # without BOM
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_encodings_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / f"a_{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    article = read_article(path)
    assert article.text.lstrip("\ufeff") == TEXT
    assert article.encoding == expected
    assert article.kind == "txt"
    assert article.warnings == []


def test_gb18030_four_byte_characters(tmp_path: Path) -> None:
    text = TEXT + "𠀀㐀"  # outside GBK: four-byte sequences in GB18030
    path = tmp_path / "four.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_article(path).text == text


def test_big5(tmp_path: Path) -> None:
    text = "綿陽高新區規上工業總產值實現1023億元,同比增長12.5%。全區高新技術企業突破200家。"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    assert read_article(path).text == text


def test_a_few_bad_bytes_replaced_with_warning(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8") * 10 + b"\xff" + TEXT.encode("utf-8") * 10
    text, encoding, warnings = decode_bytes(data, "x.txt")
    assert encoding == "utf-8"
    assert text.count("\ufffd") == 1
    assert warnings and "1 undecodable" in warnings[0]


def test_seeds_read(tmp_path: Path) -> None:
    for path in sorted(RAW.glob("*.txt")):
        article = read_article(path)
        assert article.encoding == "utf-8" and len(article.text) > 1000


def test_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "empty" in str(_refused(path, "empty"))
    path.write_bytes(b" \n\t\r\n ")
    _refused(path, "empty")
    path.write_bytes("\u3000\n".encode("utf-16"))
    _refused(path, "empty")


def test_binary_with_nuls(tmp_path: Path) -> None:
    path = tmp_path / "random.txt"
    path.write_bytes(os.urandom(4000) + b"\x00\x00\x00" + os.urandom(4000))
    _refused(path, "binary")


def test_control_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    path.write_bytes(bytes(range(1, 9)) * 200)
    _refused(path, "binary")


@pytest.mark.parametrize(
    ("magic", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    ],
)
def test_magic_numbers(tmp_path: Path, magic: bytes, what: str) -> None:
    path = tmp_path / "renamed.txt"
    path.write_bytes(magic + b"abc" * 100)
    assert what in _refused(path, "binary").reason


def test_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    # High bytes that no Chinese encoding reads as text, no NULs or controls.
    path.write_bytes(bytes([0x80, 0xFF, 0xA0, 0x7F, 0xFE, 0x30]) * 500)
    _refused(path, "undecodable")


def test_too_large_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: instant, no disk use

    def no_reading(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("file was read before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    err = _refused(path, "too_large")
    assert "50.0 MB" in err.reason and "20 MB" in err.reason
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    small = tmp_path / "small.txt"
    small.write_text(TEXT * 100, encoding="utf-8")
    monkeypatch.undo()
    _refused(small, "too_large", max_bytes=1000)


def test_unsupported_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04")
    assert ".pdf" in _refused(path, "unsupported_type").reason
    _refused(tmp_path / "gone.txt", "unreadable")


ARTICLE_HTML = """<!DOCTYPE html><html><head><meta charset="gbk">
<title>遂宁培育发展新质生产力</title>
<meta property="article:published_time" content="2024-03-05T08:00:00+08:00">
</head><body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻</a></li></ul></nav>
<article><h1>遂宁培育发展新质生产力</h1>
<p>全市拥有国家高新技术企业209家,国家科技企业孵化器2家、国家众创空间4家。</p>
<p>登记技术合同311项,成交金额达到13.3亿元、居全省第6位。</p>
<p>遂宁持续壮主体、搭平台、强攻关、促改革,成功创建全省首批省级创新型城市,拥有四川省瞪羚企业6家。</p>
</article>
<footer><a href="/about">关于我们</a> 版权所有</footer>
</body></html>"""


def test_html_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(ARTICLE_HTML.encode("gbk"))
    article = read_article(path)
    assert article.kind == "html"
    assert article.encoding == "gb18030"
    assert "全市拥有国家高新技术企业209家" in article.text
    assert "成交金额达到13.3亿元" in article.text
    assert "关于我们" not in article.text
    assert article.title == "遂宁培育发展新质生产力"
    assert article.published.startswith("2024-03-05")
    lines = article.text.split("\n")
    assert any(line.startswith("登记技术合同") for line in lines)  # paragraphs stay lines


def test_html_only_navigation(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(30))
    page = f"<html><head><title>首页</title></head><body><nav><ul>{links}</ul></nav>"
    page += f"<div class='menu'><ul>{links}</ul></div></body></html>"
    path = tmp_path / "nav.htm"
    path.write_text(page, encoding="utf-8")
    _refused(path, "no_text")


def test_docx(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in TEXT.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(str(path))
    article = read_article(path)
    assert article.kind == "docx" and article.text == TEXT
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    _refused(broken, "undecodable")


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as f:
        writer.write(f)
    assert "OCR" in _refused(path, "pdf_no_text").reason
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    _refused(broken, "undecodable")
