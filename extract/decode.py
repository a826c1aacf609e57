"""Bytes on disk → article text.

Every file the pipeline reads comes through :func:`read_article`. Anything that
cannot be read as an article raises :class:`~extract.errors.InputError` with a
reason an official can act on and a stable ``reason_key`` the dashboard
translates: ``empty``, ``binary``, ``too_large``, ``undecodable``,
``unsupported_type``, ``no_text``, ``pdf_no_text``, ``encrypted``, ``too_long``
(and ``unreadable`` for missing or corrupt files).

The work per file is bounded by the limits in :mod:`extract.settings`: what a
.docx unpacks to, how many PDF pages and how much decoded page content are read,
and how long the text may be; over a limit the file is refused with the reason.
"""

from __future__ import annotations

import codecs
import contextlib
import html as html_lib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from extract.errors import InputError
from extract.settings import Settings, current

DEFAULT_MAX_BYTES = Settings().max_file_bytes
MAX_ZIP_MEMBERS = 5000  # a Word document has dozens of parts; thousands mean a trap

TXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUPPORTED = ".txt, .html, .htm, .docx, .pdf"

# Fewer letters than this after extraction means the page or document had no article.
MIN_TEXT_CHARS = 20
# Share of undecodable characters above which a text file is refused instead of repaired.
MAX_BAD_SHARE = 0.05
# Share of control bytes above which a file is binary rather than text.
MAX_CONTROL_SHARE = 0.05

# Magic numbers of files that are often renamed to .txt by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BZh", "a bzip2 archive"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
)

# Bytes that never occur in text (tab, newline, CR, form feed and ESC excepted).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Characters a Chinese or English article is made of; used to reject decodings that
# "succeed" but produce nonsense (random bytes read as cp1252, GBK read as UTF-16 …).
_PLAUSIBLE = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ENCODING_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030"}


@dataclass
class RawArticle:
    path: Path
    text: str
    encoding: str
    kind: str  # txt | html | docx | pdf
    title: str = ""
    published: str = ""
    warnings: list[str] = field(default_factory=list)


def _fmt_size(n: float, limit: bool = False) -> str:
    # A limit reads best as a round number ("20 MB"), a file size with one decimal.
    mb = n / (1024 * 1024)
    if mb >= 1:
        return f"{mb:.0f} MB" if limit and mb == int(mb) else f"{mb:.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{int(n)} bytes"


def _plausible_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_PLAUSIBLE.findall(text)) / len(text)


def _check_magic(data: bytes, name: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(name, f"file is {what}, not text", "binary")


def _check_binary(data: bytes, name: str) -> None:
    if b"\x00" in data:
        raise InputError(name, "file contains NUL bytes: it is binary, not text", "binary")
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(name, "file is mostly control bytes: it is binary, not text", "binary")


def _try_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: ASCII gives NULs in every other byte, Chinese gives none,
    so judge by whether the decoding reads as text."""
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text)
        if share >= 0.95 and (best is None or share > best[0]):
            best = (share, text, enc)
    if best is None:
        return None
    # GBK with ASCII mixed in can also look plausible as UTF-16; prefer UTF-16 only
    # when GB18030 does not read the bytes just as well.
    if b"\x00" not in data:
        try:
            gb = data.decode("gb18030")
        except UnicodeDecodeError:
            gb = ""
        if gb and _plausible_share(gb) >= best[0]:
            return None
    return best[1], best[2]


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode a text file's bytes; returns ``(text, encoding, warnings)``.

    Order: BOM, strict UTF-8, UTF-16 without BOM, binary check, detection
    (charset-normalizer, trusted only when the result reads as text), GB18030.
    """
    warnings: list[str] = []
    if not data.strip():
        raise InputError(name, "file is empty", "empty")

    text: str | None = None
    encoding = ""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom) :].decode(enc.replace("-sig", "")), enc
            except UnicodeDecodeError:
                text = data[len(bom) :].decode(enc.replace("-sig", ""), errors="replace")
                encoding = enc
                bad = text.count("\ufffd")
                if bad > MAX_BAD_SHARE * max(len(text), 1):
                    raise InputError(
                        name, f"file starts with a {enc} mark but is not {enc}", "undecodable"
                    ) from None
                warnings.append(f"{bad} undecodable byte sequence(s) replaced with \ufffd")
            break

    if text is None:
        _check_magic(data, name)
        with contextlib.suppress(UnicodeDecodeError):
            text, encoding = data.decode("utf-8"), "utf-8"
    if text is None:
        found = _try_utf16_without_bom(data)
        if found:
            text, encoding = found
    if text is None:
        _check_binary(data, name)
        mixed = _mixed(data)
        if mixed:
            text, encoding = mixed
            warnings.append(
                "mixed encodings: each line read as UTF-8 or GB18030, as it was written"
            )
        else:
            text, encoding = _detect(data, name, warnings)

    if not text.strip():
        raise InputError(name, "file is empty (only whitespace)", "empty")
    if "\x00" in text or len(_CONTROL_CHARS.findall(text[:65536])) > MAX_CONTROL_SHARE * min(
        len(text), 65536
    ):
        raise InputError(name, "file is mostly control bytes: it is binary, not text", "binary")
    return text, encoding, warnings


def _mixed(data: bytes) -> tuple[str, str] | None:
    """A file pasted together from UTF-8 and GBK pieces, decoded line by line; None unless
    both occur (read whole as either, one half would become mojibake)."""
    lines, kinds = [], set()
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
            kinds.add("utf-8" if not line.isascii() else "")
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                return None
            kinds.add("gb18030")
    text = "".join(lines)
    if {"utf-8", "gb18030"} <= kinds and _plausible_share(text) >= 0.9:
        return text, "utf-8+gb18030"
    return None


def _detect(data: bytes, name: str, warnings: list[str]) -> tuple[str, str]:
    # Almost-UTF-8 (a truncated file, one bad byte): keep UTF-8 and say how much was lost.
    utf8 = data.decode("utf-8", errors="replace")
    bad = utf8.count("\ufffd")
    if bad <= max(3, 0.005 * len(utf8)):
        warnings.append(f"{bad} undecodable byte(s) replaced with \ufffd (read as UTF-8)")
        return utf8, "utf-8"

    import charset_normalizer  # slow import; only files that are not UTF-8 need it

    guess = charset_normalizer.from_bytes(data[:200_000]).best()
    enc = _ENCODING_ALIASES.get(guess.encoding, guess.encoding) if guess else ""
    candidates = [enc] if enc else []
    candidates += [e for e in ("gb18030", "big5") if e != enc]
    for cand in candidates:
        try:
            text = data.decode(cand)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible_share(text) >= 0.9:
            return text, cand

    text = data.decode("gb18030", errors="replace")
    bad = text.count("\ufffd")
    if bad > MAX_BAD_SHARE * len(text) or _plausible_share(text) < 0.9:
        raise InputError(
            name,
            "file is not readable text in any known encoding (UTF-8, GB18030/GBK, Big5, UTF-16)",
            "undecodable",
        )
    warnings.append(f"{bad} undecodable byte(s) replaced with \ufffd (read as GB18030)")
    return text, "gb18030"


def read_article(
    path: Path, max_bytes: int | None = None, limits: Settings | None = None
) -> RawArticle:
    """Read one article file (txt, html, docx, pdf) into text, within ``limits``
    (default: the settings of the environment; ``max_bytes`` overrides the file size)."""
    article = _read_article(Path(path), limits or current(), max_bytes)
    if len(article.text) > (limits or current()).max_chars:
        limit = (limits or current()).max_chars
        reason = f"text is {len(article.text):,} characters, over the {limit:,} limit"
        raise InputError(path, reason, "too_long")
    return article


def _read_article(path: Path, limits: Settings, max_bytes: int | None) -> RawArticle:
    max_bytes = max_bytes or limits.max_file_bytes
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "file not found", "unreadable") from None
    except OSError as exc:
        raise InputError(path, f"file cannot be opened ({exc.strerror})", "unreadable") from None
    if path.is_dir():
        raise InputError(path, "is a folder, not a file", "unsupported_type")
    if size == 0:
        raise InputError(path, "file is empty", "empty")
    if size > max_bytes:
        raise InputError(
            path,
            f"file is {_fmt_size(size)}, over the {_fmt_size(max_bytes, limit=True)} limit",
            "too_large",
        )
    if suffix not in TXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}:
        raise InputError(
            path,
            f"file type '{suffix or '(none)'}' is not supported; use one of {SUPPORTED}",
            "unsupported_type",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"file cannot be read ({exc.strerror})", "unreadable") from None

    if suffix in TXT_SUFFIXES:
        text, encoding, warnings = decode_bytes(data, str(path))
        return RawArticle(path, text, encoding, "txt", warnings=warnings)
    if suffix in HTML_SUFFIXES:
        return _read_html(path, data)
    if suffix == ".docx":
        return _read_docx(path, data, limits)
    return _read_pdf(path, data, limits)


# ---------------------------------------------------------------- HTML


def _decode_html(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    # A declared charset wins when the bytes agree with it; otherwise detect as for .txt.
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        declared = _ENCODING_ALIASES.get(declared, declared)
        try:
            return data.decode(declared), declared, []
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_bytes(data, str(path))


_DROP_BLOCKS = re.compile(
    r"<(script|style|noscript|nav|header|footer|aside|form|menu|select|button|template|svg)\b"
    r".*?</\1\s*>",
    re.I | re.S,
)
_LINKS = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_BLOCK_TAGS = re.compile(
    r"</?(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|pre|dd|dt)\b[^>]*>", re.I
)
_TAGS = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_LETTERS = re.compile(r"[\w\u3400-\u9fff]")


def _strip_tags(markup: str) -> str:
    """Plain fallback when trafilatura finds no article: block elements become lines,
    navigation elements and link texts (menus, link lists) are dropped."""
    markup = _COMMENTS.sub(" ", markup)
    markup = _DROP_BLOCKS.sub("\n", markup)
    markup = _LINKS.sub(" ", markup)
    markup = _BLOCK_TAGS.sub("\n", markup)
    text = html_lib.unescape(_TAGS.sub(" ", markup))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _read_html(path: Path, data: bytes) -> RawArticle:
    import trafilatura  # heavy import; only HTML needs it

    markup, encoding, warnings = _decode_html(path, data)
    text = ""
    title = ""
    published = ""
    try:
        doc = trafilatura.bare_extraction(
            markup,
            include_comments=False,
            include_tables=True,
            include_links=False,
            with_metadata=True,
        )
    except Exception:  # trafilatura raises assorted errors on broken markup
        doc = None
    if doc is not None:
        # trafilatura keeps menus and link lists when it finds nothing better: a line that
        # is exactly the text of a link is navigation, not article.
        links = {" ".join(_TAGS.sub("", m).split()) for m in _LINKS.findall(markup)}
        body = (getattr(doc, "text", None) or "").splitlines()
        text = "\n".join(line for line in body if " ".join(line.split()) not in links).strip()
        title = (getattr(doc, "title", None) or "").strip()
        published = (getattr(doc, "date", None) or "").strip()
    if not title:
        m = _TITLE.search(markup)
        if m:
            title = " ".join(html_lib.unescape(_TAGS.sub("", m.group(1))).split())
    if len(_LETTERS.findall(text)) < MIN_TEXT_CHARS:
        fallback = _strip_tags(_TITLE.sub(" ", markup))
        if len(_LETTERS.findall(fallback)) > len(_LETTERS.findall(text)):
            text = fallback
            warnings.append("article body not recognised; used all non-navigation page text")
    if len(_LETTERS.findall(text)) < MIN_TEXT_CHARS:
        raise InputError(path, "page has no article text (only navigation or links)", "no_text")
    return RawArticle(path, text, encoding, "html", title, published, warnings)


# ---------------------------------------------------------------- Word, PDF


def check_unpacked(path: Path, data: bytes, limit: int) -> None:
    """Refuse a zip-based file (.docx, .xlsx …) that would unpack to more than ``limit``.

    Python's zipfile never returns more than a member's declared size (and checks its CRC),
    so the declared sizes bound the work even when the archive lies about them.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(path, "file is not a valid Word (.docx) document", "undecodable") from None
    if len(members) > MAX_ZIP_MEMBERS:
        reason = f"file holds {len(members):,} parts, over the {MAX_ZIP_MEMBERS:,} limit"
        raise InputError(path, reason, "too_large")
    unpacked = sum(m.file_size for m in members)
    if unpacked > limit:
        reason = (
            f"file unpacks to {_fmt_size(unpacked)}, over the {_fmt_size(limit, limit=True)} limit"
        )
        raise InputError(path, reason, "too_large")


def _read_docx(path: Path, data: bytes, limits: Settings) -> RawArticle:
    import docx  # python-docx

    check_unpacked(path, data, limits.max_unpacked_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several types for non-docx zips
        raise InputError(path, "file is not a valid Word (.docx) document", "undecodable") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    text = "\n".join(line.strip() for line in lines if line.strip())
    if len(_LETTERS.findall(text)) < MIN_TEXT_CHARS:
        raise InputError(path, "Word document has no text", "no_text")
    title = (document.core_properties.title or "").strip()
    return RawArticle(path, text, "docx", "docx", title=title)


def _page_content_bytes(page: object) -> int:
    """Decoded size of a page's content streams (a stream shared by pages counts for each)."""
    contents = page.get("/Contents")  # type: ignore[attr-defined]
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(s.get_object().get_data()) for s in streams)


def _read_pdf(path: Path, data: bytes, limits: Settings) -> RawArticle:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    warnings: list[str] = []
    # pypdf's own cap on one decoded stream, at our limit for a whole file.
    with apply_configuration(zlib_maximum_output_length=limits.max_stream_bytes):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(path, "PDF is password-protected", "encrypted")
            n_pages = len(reader.pages)
            if n_pages > limits.max_pdf_pages:
                reason = f"PDF has {n_pages:,} pages, over the {limits.max_pdf_pages:,} limit"
                raise InputError(path, reason, "too_large")
            content = 0
            for page in reader.pages:
                content += _page_content_bytes(page)
                if content > limits.max_stream_bytes:
                    cap = _fmt_size(limits.max_stream_bytes, limit=True)
                    reason = f"PDF page content decodes to over the {cap} limit"
                    raise InputError(path, reason, "too_large")
            pages = []
            for i, page in enumerate(reader.pages):
                try:
                    pages.append(page.extract_text() or "")
                except Exception:  # one broken page should not lose the others
                    warnings.append(f"page {i + 1} could not be read")
            title = ""
            if reader.metadata is not None and reader.metadata.title:
                title = str(reader.metadata.title).strip()
        except LimitReachedError:
            cap = _fmt_size(limits.max_stream_bytes, limit=True)
            reason = f"PDF holds a stream that decodes to over the {cap} limit"
            raise InputError(path, reason, "too_large") from None
        except (PyPdfError, ValueError, KeyError, OSError, AttributeError, TypeError):
            raise InputError(path, "file is not a valid PDF document", "undecodable") from None
    text = "\n".join(pages).strip()
    if len(_LETTERS.findall(text)) < MIN_TEXT_CHARS:
        raise InputError(
            path, "PDF has no text layer (a scanned image?); it needs OCR first", "pdf_no_text"
        )
    return RawArticle(path, text, "pdf", "pdf", title=title, warnings=warnings)
