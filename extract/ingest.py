"""Adding an article: preview what it would give (writing nothing), then save it.

``preview`` decodes the upload in a private temporary folder (never under ``data/``),
normalises it and runs the extractor on it, so a person sees the figures before anything
is stored. ``save`` writes the article as ``<doc_id><suffix>`` inside ``raw_dir`` — the
name is built here, never taken from the upload, so no path can leave the folder — appends
its manifest row atomically under a lock, and re-runs the pipeline, whose cache makes that
incremental. Nothing uploaded is executed or imported: it is only decoded as text.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract import metadata, output, pipeline, reading, settings, tables
from extract.atomic import locked
from extract.errors import InputError

SUFFIXES = pipeline.ARTICLE_SUFFIXES
MANIFEST_NAME = pipeline.MANIFEST_NAME
META_FIELDS = ("published", "source", "region", "title", "url")
NO_FIGURES_NOTE = "no figures found"  # the pipeline's wording, so documents.csv says the same

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def max_upload_bytes() -> int:
    """The upload size limit (``CHUANYU_MAX_UPLOAD_MB``, see extract/settings.py)."""
    return settings.current().max_file_bytes


@dataclass
class Preview:
    """What an upload would become; nothing of it is stored yet."""

    name: str  # the upload's name made safe, for messages and as a title fallback
    suffix: str
    data: bytes
    text: str  # normalised text, the one every offset points into
    encoding: str
    meta: dict[str, str]  # detected published, source, region, title, url
    facts: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    content_hash: str = ""  # sha256 of the normalised text, whitespace left out
    bytes_hash: str = ""
    duplicate_of: str = ""  # doc_id of the article already stored with this content


class DuplicateArticle(InputError):
    """The same content is already stored; ``doc_id`` is the article that has it."""

    def __init__(self, name: str, doc_id: str) -> None:
        super().__init__(name, f"the same article is already stored as {doc_id}", "duplicate")
        self.doc_id = doc_id


# --- names ---------------------------------------------------------------------------


def safe_name(name: str) -> str:
    """A file name that cannot address anything outside its folder.

    Only the last path component is kept; control characters, separators, ``..`` and
    leading dots go; CJK is kept because officials name files in Chinese.
    """
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("_", _CONTROL.sub("", base))
    while ".." in base:
        base = base.replace("..", ".")
    base = base.lstrip("._-")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[:80].rstrip("._-") or "article"
    return f"{stem}.{suffix[:10].lower()}" if suffix else stem


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused when it would resolve outside ``folder``."""
    folder = folder.resolve()
    target = (folder / name).resolve()
    if target.parent != folder:
        raise InputError(name, "file name leaves the article folder", "unsafe_name")
    return target


def read_manifest(path: Path) -> list[dict[str, str]]:
    """The manifest's rows in order; InputError naming the file, row and reason when malformed.

    The validation is ``metadata.read_manifest``, the one the pipeline and the CLI use.
    """
    return list(metadata.read_manifest(path).values())


def _stored_as(item: Preview, raw_dir: Path, processed: Path) -> str:
    """The doc_id of a stored article with the same text or bytes as ``item``, or empty.

    Looked up among the hashes the tables record (one query, however many articles are
    stored), then among the bytes of any article file in ``raw_dir`` they do not cover yet.
    """
    hashes = [item.content_hash[:16], item.bytes_hash[:16]]
    base = os.path.abspath(raw_dir)
    listed = pa.array([f"{base}/{n}" for n in os.listdir(base)] if os.path.isdir(base) else [])
    if tables.exist(processed):
        with tables.connect(processed) as con:
            found = con.execute(
                "SELECT doc_id FROM documents WHERE text_hash IN (?, ?) OR content_hash IN"
                " (?, ?) ORDER BY doc_id LIMIT 1",
                hashes * 2,
            ).fetchone()
        if found:
            return str(found[0])
        covered = pq.read_table(processed / output.INDEX, columns=["file"])[0]
        listed = pc.filter(listed, pc.invert(pc.is_in(listed, value_set=covered)))
    unread = (Path(p) for p in listed.to_pylist())  # files the tables do not hold yet
    for path in (p for p in unread if p.suffix.lower() in SUFFIXES and p.is_file()):
        if hashlib.sha256(path.read_bytes()).hexdigest()[:16] in hashes:
            return path.stem
    return ""


def _one_line(value: Any) -> str:
    """A manifest cell: one line, no control characters."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


def _facts_frame(facts: list[Any]) -> pd.DataFrame:
    rows = [dataclasses.asdict(f) if dataclasses.is_dataclass(f) else dict(f) for f in facts]
    return pd.DataFrame(rows)


# --- preview -----------------------------------------------------------------------------


@contextmanager
def _staged(data: bytes, name: str) -> Iterator[Path]:
    """The upload as a file in a private temporary folder, for the decoder to read."""
    with tempfile.TemporaryDirectory(prefix="chuanyu-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def preview(
    data: bytes,
    name: str,
    max_bytes: int | None = None,
    raw_dir: Path | None = None,
    processed: Path | None = None,
) -> Preview:
    """Decode, normalise and extract an upload; raises InputError naming the file.

    ``duplicate_of`` names an article stored in ``raw_dir`` with the same bytes or text.
    Folders not given come from the settings (``extract/settings.py``).
    """
    config = settings.current()
    raw_dir, processed = raw_dir or config.raw, processed or config.processed
    limit = config.max_file_bytes if max_bytes is None else max_bytes
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in SUFFIXES:
        reason = f"file type '{suffix or '(none)'}' is not supported; use {', '.join(SUFFIXES)}"
        raise InputError(clean, reason, "unsupported_type")
    if len(data) > limit:  # before touching the bytes at all
        size, cap = len(data) / 2**20, limit / 2**20
        raise InputError(clean, f"file is {size:.1f} MB, over the {cap:g} MB limit", "too_large")
    with _staged(data, clean) as path:
        # Decoded and extracted within the time and memory budget of one article; the
        # pipeline fills in what the article states: date, source, title, main region.
        job = reading.Job(path, {"doc_id": "preview"}, limit, config)
        article, read = reading.read_bounded(job)
    text, meta, frame = read.text, read.meta, _facts_frame(read.facts)
    warnings = [*article.warnings, *read.warnings]
    if frame.empty and NO_FIGURES_NOTE not in warnings:
        warnings.append(NO_FIGURES_NOTE)
    if meta.get("title") in ("", "preview"):
        meta["title"] = Path(clean).stem
    item = Preview(
        name=clean,
        suffix=suffix,
        data=data,
        text=text,
        encoding=article.encoding,
        meta={k: meta.get(k, "") for k in META_FIELDS},
        facts=frame,
        warnings=warnings,
        content_hash=reading.text_hash(text),
        bytes_hash=hashlib.sha256(data).hexdigest(),
    )
    item.duplicate_of = _stored_as(item, Path(raw_dir), Path(processed))
    return item


def preview_text(text: str, name: str = "pasted.txt", **kwargs: Any) -> Preview:
    """Pasted text takes the same road as an uploaded .txt file."""
    return preview(text.encode("utf-8"), safe_name(Path(name).stem) + ".txt", **kwargs)


# --- save --------------------------------------------------------------------------------


def _locked(raw_dir: Path) -> AbstractContextManager[None]:
    """Serialise saves into one folder."""
    return locked(raw_dir, "ingest")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _manifest_with_row(path: Path, row: Mapping[str, str]) -> bytes:
    """The manifest's bytes with one row appended; earlier rows are kept byte for byte,
    unless the row fills a column the manifest lacks (a URL): then that column is added."""
    if not path.exists():
        old, header = "", list(metadata.MANIFEST_COLUMNS)
    else:
        old = path.read_bytes().decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(old)))
        missing = [c for c, v in row.items() if v and c not in {h.strip() for h in header}]
        if missing:
            old = _with_columns(old, missing)
            header += missing
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not old:
        writer.writerow(header)
    elif not old.endswith(("\n", "\r")):
        buffer.write("\n")
    writer.writerow([row.get(c.strip(), "") for c in header])
    bom = "\ufeff" if path.exists() and path.read_bytes().startswith(b"\xef\xbb\xbf") else ""
    return (bom + old + buffer.getvalue()).encode("utf-8")


def _with_columns(text: str, columns: list[str]) -> str:
    """The manifest text with empty ``columns`` added to every row."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(rows[0] + columns)
    writer.writerows(r + [""] * len(columns) for r in rows[1:] if r)
    return buffer.getvalue()


def _next_number(rows: list[dict[str, str]]) -> int:
    numbers = [int(m.group()) for r in rows if (m := re.match(r"\d+", r["doc_id"]))]
    return max(numbers, default=-1) + 1


def save(
    item: Preview,
    corrected_meta: Mapping[str, str] | None = None,
    raw_dir: Path | None = None,
    processed: Path | None = None,
    run: bool = True,
) -> str:
    """Store a previewed article and update the tables; returns its doc_id.

    Refuses (DuplicateArticle) content that is already stored, and (InputError) a bad
    date or a malformed manifest — in every refusal nothing is written. The article, its
    manifest row and the rebuilt tables land together: when the rebuild fails (or cannot
    read the new article) the article and the manifest are put back as they were and
    InputError (``rebuild_failed``) says why, so a retry is not refused as a duplicate.
    """
    config = settings.current()
    raw_dir, processed = Path(raw_dir or config.raw), Path(processed or config.processed)
    meta = {k: _one_line(v) for k, v in {**item.meta, **(corrected_meta or {})}.items()}
    if meta.get("published") and not metadata.valid_date(meta["published"]):
        reason = f"published {meta['published']!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        raise InputError(item.name, reason, "bad_date")
    manifest = raw_dir / MANIFEST_NAME
    raw_dir.mkdir(parents=True, exist_ok=True)
    with _locked(raw_dir):
        rows = read_manifest(manifest) if manifest.exists() else []
        # Checked again under the lock: another session may have saved it meanwhile.
        duplicate = _stored_as(item, raw_dir, processed)
        if duplicate:
            raise DuplicateArticle(item.name, duplicate)
        doc_id = f"{_next_number(rows):03d}_{item.content_hash[:16]}"
        target = inside(raw_dir, doc_id + item.suffix)
        row = {"doc_id": doc_id, **{k: meta.get(k, "") for k in META_FIELDS}}
        new_manifest = _manifest_with_row(manifest, row)
        before = _Saved(manifest)
        write_atomic(target, item.data)
        try:
            write_atomic(manifest, new_manifest)
            if run:
                # Only the new file is read: the tables' index stands for the stored articles
                # (no listing or stat of them), the saves' lock for no one else adding meanwhile.
                summary = pipeline.run(
                    inputs=(raw_dir,), manifest=manifest, out=processed, config=config,
                    look=False, changed=[target],
                )  # fmt: skip
                own = [f for f in summary.failed if f.startswith(f"{target.name}: ")]
                if own:
                    raise InputError(item.name, own[0].partition(": ")[2], "rebuild_failed")
        except BaseException as err:
            target.unlink(missing_ok=True)  # no article without its row and its tables
            before.restore()
            if isinstance(err, InputError) and err.reason_key == "rebuild_failed":
                raise
            if isinstance(err, Exception):
                reason = f"the tables could not be rebuilt ({_why(err)}); nothing was stored"
                raise InputError(item.name, reason, "rebuild_failed") from err
            raise
    return doc_id


class _Saved:
    """A file's bytes and times before a change, to put it back exactly."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path.read_bytes() if path.exists() else None
        self.times = (path.stat().st_atime_ns, path.stat().st_mtime_ns) if path.exists() else None

    def restore(self) -> None:
        if self.data is None:
            self.path.unlink(missing_ok=True)
            return
        write_atomic(self.path, self.data)
        os.utime(self.path, ns=self.times)  # the tables stay as fresh as they were


def _why(err: BaseException) -> str:
    if isinstance(err, InputError):
        return err.reason
    if isinstance(err, OSError) and err.strerror:
        return f"{err.strerror}: {Path(str(err.filename)).name}" if err.filename else err.strerror
    return str(err) or type(err).__name__
