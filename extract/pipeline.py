"""The whole run: articles on disk → facts → tables in the output folder.

Used by the command line, the dashboard's start-up and ingestion alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extract import paths
from extract.cache import Cache
from extract.decode import read_article
from extract.errors import InputError
from extract.facts import FACT_COLUMNS, Fact, extract_facts
from extract.gazetteer import Gazetteer
from extract.metadata import describe, read_manifest
from extract.normalise import normalise
from extract.output import write_tables
from extract.settings import Settings, current
from extract.tables import DOCUMENT_COLUMNS, REGION_COLUMNS, wide_table

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
MANIFEST_NAME = "manifest.csv"
Progress = Callable[[int, int, str], None]


@dataclass
class RunSummary:
    articles: int = 0
    facts: int = 0
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    reused: int = 0
    out: Path = paths.PROCESSED

    def __str__(self) -> str:
        return (
            f"{self.articles} articles read ({self.reused} from cache), {self.facts} facts, "
            f"{len(self.warnings)} warnings, {len(self.failed)} files failed → {self.out}"
        )


def collect(inputs: Sequence[Path]) -> list[Path]:
    """Article files named or inside the named folders, in a stable order."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found += [p for p in item.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES]
        else:
            found.append(item)
    return sorted(dict.fromkeys(found), key=lambda p: (p.stem, str(p)))


def extract_text(text: str, meta: dict[str, str]) -> tuple[str, list[Fact], list[str]]:
    """One article given as text → normalised text, facts, warnings (a preview; nothing stored)."""
    article = extract_article(text, meta)
    return article.text, article.facts, article.warnings


@dataclass
class Article:
    text: str  # normalised: every offset points here
    facts: list[Fact]
    warnings: list[str]
    meta: dict[str, str]  # doc_id, published, source, title, url, region, completed


def extract_article(
    text: str, meta: dict[str, str], hints: dict[str, str] | None = None
) -> Article:
    """One article's text and manifest row → its facts and completed metadata."""
    norm = normalise(text)
    meta = describe(norm.text, {"doc_id": "article", **meta}, hints or {}, meta.get("doc_id", ""))
    given_region = normalise(meta["region"]).text if meta["region"] else ""
    main, facts = extract_facts(
        norm.text, meta["doc_id"], meta["published"], Gazetteer.load(),
        normalise(meta["title"]).text, given_region, norm.garbled,
    )  # fmt: skip
    meta["region"] = main.name if main else meta["region"]
    warnings = list(norm.warnings)
    if not facts:
        warnings.append("no figures found")
    return Article(norm.text, facts, warnings, meta)


def _read_one(path: Path, given: dict[str, str], cache: Cache, max_bytes: int) -> tuple[dict, bool]:
    """One article's document row, facts and text, from the cache when nothing changed."""
    if path.stat().st_size > max_bytes:
        read_article(path, max_bytes)  # raises the size error with its message
    content = path.read_bytes()
    key = cache.key(content, given)
    hit = cache.get(key)
    if hit is not None:
        return hit, True
    raw = read_article(path, max_bytes)
    article = extract_article(raw.text, given, {"title": raw.title, "published": raw.published})
    document = {
        **article.meta,
        "content_hash": hashlib.sha256(content).hexdigest()[:16],
        "n_facts": len(article.facts),
        "warnings": "; ".join(raw.warnings + article.warnings),
        "path": path.name,
        "encoding": raw.encoding,
        "chars": len(article.text),
    }
    result = {"document": document, "facts": [f.row() for f in article.facts], "text": article.text}
    cache.put(key, result)
    return result, False


def run(
    inputs: Sequence[Path] | None = None,
    manifest: Path | None = None,
    out: Path | None = None,
    on_progress: Progress | None = None,
    max_bytes: int | None = None,
    cache_dir: Path | None = None,
    config: Settings | None = None,
) -> RunSummary:
    """Read every article, extract its facts and write the tables; see ``RunSummary``.

    What is not given comes from ``config`` (default: the settings of the environment):
    the raw folder, the output folder, the cache and the file size limit.
    A bad file is reported and skipped; only when nothing could be read does the run fail
    (with InputError), leaving the previous output as it was.
    """
    config = config or current()
    inputs = (config.raw,) if inputs is None else inputs
    out = Path(out or config.processed)
    max_bytes = max_bytes or config.max_file_bytes
    files = collect(inputs)
    manifests = [Path(manifest)] if manifest else _manifests_beside(inputs)
    given: dict[str, dict[str, str]] = {}
    for m in manifests:
        given.update(read_manifest(m))
    cache = Cache(cache_dir or config.cache)
    summary = RunSummary(out=out)
    documents, facts, texts = [], [], {}
    for i, path in enumerate(files):
        if on_progress:
            on_progress(i, len(files), path.name)
        meta = given.get(path.stem, {"doc_id": path.stem})
        try:
            result, reused = _read_one(path, meta, cache, max_bytes)
        except InputError as err:
            summary.failed.append(str(err))
            continue
        except OSError as err:
            summary.failed.append(f"{path.name}: {err.strerror or err}")
            continue
        summary.reused += reused
        doc = result["document"]
        if doc["doc_id"] in texts:
            summary.failed.append(
                f"{path.name}: doc_id {doc['doc_id']} already read from another file"
            )
            continue
        documents.append(doc)
        facts += result["facts"]
        texts[doc["doc_id"]] = result["text"]
        summary.warnings += [f"{path.name}: {w}" for w in doc["warnings"].split("; ") if w]
    if on_progress:
        on_progress(len(files), len(files), "")
    if not documents:
        where = ", ".join(str(p) for p in inputs)
        raise InputError(where, "no article could be read" + _first(summary.failed), "nothing_read")
    tables = build_tables(documents, facts)
    write_tables(out, tables, texts)
    summary.articles, summary.facts = len(documents), len(tables["facts"])
    return summary


def _first(failed: list[str]) -> str:
    return f" ({failed[0]}{' …' if len(failed) > 1 else ''})" if failed else ""


def _manifests_beside(inputs: Sequence[Path]) -> list[Path]:
    found = []
    for item in map(Path, inputs):
        folder = item if item.is_dir() else item.parent
        if (folder / MANIFEST_NAME).exists():
            found.append(folder / MANIFEST_NAME)
    return list(dict.fromkeys(found))


def build_tables(documents: list[dict], facts: list[dict]) -> dict[str, pd.DataFrame]:
    facts_df = pd.DataFrame(facts, columns=FACT_COLUMNS)
    facts_df = facts_df.sort_values(["doc_id", "figure_start", "metric_id", "kind"], kind="stable")
    facts_df["year"] = facts_df["year"].astype("Int64")
    docs_df = pd.DataFrame(documents, columns=DOCUMENT_COLUMNS).sort_values("doc_id")
    gazetteer = Gazetteer.load()
    used = sorted(set(facts_df["region_code"]) | {_code(gazetteer, r) for r in docs_df["region"]})
    regions = [gazetteer.by_code(c) for c in used if c]
    regions_df = pd.DataFrame(
        [
            {
                "code": r.code,
                "name": r.name,
                "short": r.short,
                "level": r.level,
                "parent_code": r.parent_code,
                "parent": r.parent,
                "aliases": ";".join(r.aliases),
            }
            for r in regions
            if r is not None
        ],
        columns=REGION_COLUMNS,
    )
    return {
        "facts": facts_df.reset_index(drop=True),
        "metrics_wide": wide_table(facts_df),
        "documents": docs_df.reset_index(drop=True),
        "regions": regions_df,
    }


def _code(gazetteer: Gazetteer, name: str) -> str:
    region = gazetteer.get(name) if name else None
    return region.code if region else ""


def is_stale(raw: Path | None = None, out: Path | None = None) -> bool:
    """True when the tables are missing or older than any article or the manifest."""
    raw, out = raw or current().raw, out or current().processed
    marker = Path(out) / "facts.csv"
    if not marker.exists():
        return True
    built = marker.stat().st_mtime
    sources = [*collect([raw]), Path(raw) / MANIFEST_NAME]
    return any(p.exists() and p.stat().st_mtime > built for p in sources)
