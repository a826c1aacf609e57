"""Hostile files built on the spot (never stored): a .docx that unpacks to far more than it
weighs, a PDF whose pages share one large content stream, a PDF with many pages, an
encrypted PDF. Used by the tests (small) and the hostile-files benchmark (full size)."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from pypdf import PdfWriter

PARAGRAPH = "<w:p><w:r><w:t>2023年，涪陵区高新技术企业达到186家。</w:t></w:r></w:p>".encode()


def docx_bomb(unpacked_mb: float) -> bytes:
    """A valid .docx whose document.xml repeats one paragraph up to ``unpacked_mb``."""
    plain = io.BytesIO()
    docx.Document().save(plain)
    source = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                body = PARAGRAPH * int(unpacked_mb * 2**20 / len(PARAGRAPH))
                data = head + b"<w:body>" + body + tail
            bomb.writestr(info.filename, data)
    return out.getvalue()


def pdf_shared_stream(pages: int, operations: int) -> bytes:
    """``pages`` pages that all draw one compressed content stream of ``operations`` ops."""
    content = zlib.compress(b"BT /F1 12 Tf 10 10 Td (a) Tj ET\n" * operations, 9)
    font = 4 + pages
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + i) for i in range(pages)), pages),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content),
        *[
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R"
            b" /Resources << /Font << /F1 %d 0 R >> >> >>" % font
        ]
        * pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(
        b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_pages(pages: int, password: str = "") -> bytes:
    """A PDF of ``pages`` blank pages, encrypted when a password is given."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
