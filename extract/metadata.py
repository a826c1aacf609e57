"""An article's metadata: the manifest's word where it has one, else what the text states."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import cache
from pathlib import Path

from extract import catalogue, dates, paths
from extract.errors import InputError

MANIFEST_COLUMNS = ("doc_id", "published", "source", "title", "url", "region")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DOC_ID = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff]+$")
_HEAD_CHARS = 600
_HEAD_LINES = 12
_MASTHEAD_LINES = 2  # a newspaper's name heads its page's first line or the one after
_SOURCE_NAME = re.compile(r"[^\s|,，。;；:：\d]{2,20}")
# A navigation line: 首页 > 新闻 or 首页 | 科技动态 | 政务公开.
_BREADCRUMB = re.compile(r">|»|\|.*\|")
_EDITION = re.compile(r"第\s*\d{1,3}\s*版")  # a newspaper page's header (广安日报第02版): no title
# a document's number under its title (川科高〔2019〕17号): no title of its own
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[(（]\d{4}[〕\])）]\d{1,4}号")


@cache
def _labels() -> dict[str, str]:
    rows = catalogue.read_csv_rows(paths.CATALOGUE / "page_labels.csv")
    return {r["label"]: r["role"] for r in rows}


@cache
def _label_words() -> re.Pattern[str]:
    """Any label, colon or not: where a source's name stops."""
    return re.compile("|".join(map(re.escape, sorted(_labels(), key=len, reverse=True))))


@cache
def _label_pattern(*roles: str) -> re.Pattern[str]:
    """Labels of ``roles`` (all when none) followed by a colon."""
    words = [w for w, role in _labels().items() if not roles or role in roles]
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?:{alternatives})\s*[:：]\s*")


def valid_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real day."""
    m = _DATE.match(value)
    if not m:
        return False
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


def read_manifest(path: Path, problems: list[str] | None = None) -> dict[str, dict[str, str]]:
    """doc_id → row, or InputError naming the file, the row and what is wrong.

    Only doc_id is required; any of published, source, title, url, region may be given.
    published is empty or YYYY, YYYY-MM or YYYY-MM-DD. With ``problems``, a bad row (or an
    unreadable header) is reported there as "manifest.csv: row 7: reason" and skipped.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "manifest not found", "manifest") from None
    except UnicodeDecodeError:
        _refuse(InputError(path, "manifest is not UTF-8 text", "manifest"), problems)
        return {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    wrong = "missing column doc_id" if "doc_id" not in header else ""
    wrong = wrong or ("a column name appears twice" if len(set(header)) != len(header) else "")
    if wrong:
        _refuse(InputError(path, f"row 1: {wrong}", "manifest"), problems)
        return {}
    reader.fieldnames = header
    rows: dict[str, dict[str, str]] = {}
    for number, raw in enumerate(reader, start=2):  # row 1 is the header
        try:
            row = _manifest_row(path, number, raw, rows)
        except InputError as err:
            _refuse(err, problems)
            continue
        rows[row["doc_id"]] = row
    return rows


def _refuse(err: InputError, problems: list[str] | None) -> None:
    if problems is None:
        raise err
    problems.append(str(err))


def _manifest_row(
    path: Path, number: int, raw: dict, rows: dict[str, dict[str, str]]
) -> dict[str, str]:
    if None in raw or any(v is None for v in raw.values()):
        raise InputError(path, f"row {number}: wrong number of cells", "manifest")
    row = {c: (raw.get(c) or "").strip() for c in MANIFEST_COLUMNS}
    doc_id = Path(row["doc_id"]).stem
    if not _DOC_ID.match(doc_id):
        reason = f"doc_id {row['doc_id']!r} must be letters, digits, _ or -"
        raise InputError(path, f"row {number}: {reason}", "manifest")
    if doc_id in rows:
        raise InputError(path, f"row {number}: doc_id {doc_id} appears twice", "manifest")
    if row["published"] and not valid_date(dates.normalise_date(row["published"])):
        reason = f"published {row['published']!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        raise InputError(path, f"row {number}: {reason}", "manifest")
    row["doc_id"] = doc_id
    row["published"] = dates.normalise_date(row["published"])
    return row


def detect_source(text: str) -> str:
    """Who published the article, as its header (or its foot) says: 来源：重庆日报; else a
    newspaper's masthead on the page's first lines (广安日报数字报 2020年07月24日 第A2版)."""
    label = _label_pattern("source")
    for part in (text[:_HEAD_CHARS], text[-300:]):
        for m in label.finditer(part):
            name = _SOURCE_NAME.match(part, m.end())
            if name:
                return _label_words().split(name.group(0), 1)[0]  # 大足日报作者：… → 大足日报
    for line in text[:_HEAD_CHARS].splitlines()[:_MASTHEAD_LINES]:
        masthead = catalogue.word_group("masthead").match(line.strip())
        if masthead:
            return masthead.group(0)
    return ""


def detect_title(text: str, fallback: str) -> str:
    """The last plain line before the header's first label or date line (the title stands
    right above its byline), else the first plain line: not a label, a date, a breadcrumb,
    a sentence or a credit (…政策研究室 编)."""
    labels = _label_pattern()
    first_plain = candidate = ""
    for line in text.splitlines()[:_HEAD_LINES]:
        line = line.strip()
        header = labels.match(line) is not None or dates.starts_with_date(line)
        if header and candidate:
            return candidate
        plain = (
            4 <= len(line) <= 60
            and not line.endswith("。")
            and not _BREADCRUMB.search(line)
            and not _EDITION.search(line)
            and not _DOCUMENT_NUMBER.fullmatch(line)
            and not catalogue.word_group("credit_line").search(line)
        )
        if plain and not header and not labels.search(line) and not dates.detect_published(line):
            candidate = line
            first_plain = first_plain or line
    return first_plain or fallback


def describe(
    text: str, given: dict[str, str], hints: dict[str, str], fallback_title: str
) -> dict[str, str]:
    """Fill the metadata: the manifest's value, else the file's own (HTML), else the text's."""
    published = given.get("published") or dates.normalise_date(hints.get("published", "")[:10])
    if not valid_date(published):
        published = dates.detect_published(text)
    return {
        "doc_id": given["doc_id"],
        "published": published if valid_date(published) else "",
        "source": given.get("source") or detect_source(text),
        "title": given.get("title") or hints.get("title") or detect_title(text, fallback_title),
        "url": given.get("url", ""),
        "region": given.get("region", ""),
    }
