"""The whole run: articles on disk → facts → tables in the output folder.

Used by the command line, the dashboard's start-up and ingestion alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from extract import bounded, paths, plausible
from extract.cache import Cache
from extract.decode import RawArticle, read_article
from extract.engines import map_ordered, workers_default
from extract.errors import InputError
from extract.facts import Fact, extract_facts
from extract.gazetteer import Gazetteer
from extract.metadata import describe, read_manifest
from extract.normalise import normalise
from extract.output import Staging
from extract.settings import Settings, current
from extract.tables import DOCUMENT_COLUMNS, REGION_COLUMNS

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
MANIFEST_NAME = "manifest.csv"
Progress = Callable[[int, int, str], None]
BATCH = 64  # articles per task sent to a worker: enough to hide the round trip


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
        normalise(meta["title"]).text, given_region, norm.garbled, normalise(meta["source"]).text,
    )  # fmt: skip
    meta["region"] = main.name if main else meta["region"]
    facts, dropped = plausible.keep(facts)  # the one gate every fact passes
    warnings = [*norm.warnings, *dropped]
    if not facts:
        warnings.append("no figures found")
    return Article(norm.text, facts, warnings, meta)


@dataclass(frozen=True)
class Job:
    """One article to read, as a worker receives it (the cache is the caller's business)."""

    path: Path
    meta: dict[str, str]
    max_bytes: int
    config: Settings | None = None  # the limits; None: the settings of the environment


def _read(job: Job) -> tuple[RawArticle, Article]:
    config = job.config or current()
    try:
        raw = read_article(job.path, job.max_bytes, config)
    except OSError as err:
        raise InputError(job.path, f"file cannot be read ({err.strerror or err})") from None
    article = extract_article(raw.text, job.meta, {"title": raw.title, "published": raw.published})
    return raw, article


def _result(job: Job) -> dict:
    """One article's document row, facts and text (run where the budget applies)."""
    raw, article = _read(job)
    content = job.path.read_bytes()
    document = {
        **article.meta,
        "content_hash": hashlib.sha256(content).hexdigest()[:16],
        "n_facts": len(article.facts),
        "warnings": "; ".join(raw.warnings + article.warnings),
        "path": job.path.name,
        "encoding": raw.encoding,
        "chars": len(article.text),
    }
    return {"document": document, "facts": [f.row() for f in article.facts], "text": article.text}


@cache
def _warm() -> None:
    """The extractor's data loaded here once, so every bounded child inherits it."""
    extract_article("2023年，成都市高新技术企业达到1.3万家。", {"doc_id": "warm"})


def _budget(jobs: Sequence[Job]) -> tuple[float, int]:
    config = (jobs[0].config if jobs else None) or current()
    _warm()
    return config.time_budget_s, config.max_memory_bytes


def read_bounded(job: Job) -> tuple[RawArticle, Article]:
    """The decoded file and its extraction, within the time and memory budget of one article;
    InputError naming the file when it is unreadable or over a limit."""
    return bounded.call(_read, job, job.path.name, *_budget([job]))


def read_job(job: Job) -> dict | str:
    """One article's document row, facts and text, or the reason it could not be read.

    A pure function of the file and its manifest row: any engine may run it anywhere
    the article folder is visible.
    """
    return read_batch([job])[0]


def read_batch(jobs: Sequence[Job]) -> list[dict | str]:
    """Several articles per task: one round trip to a worker, one bounded child, carries a
    batch; each article keeps its own time budget."""
    names = [job.path.name for job in jobs]
    outcomes = bounded.call_many(_result, jobs, names, *_budget(jobs))
    return [str(o) if isinstance(o, InputError) else o for o in outcomes]


def _cached(
    path: Path, meta: dict[str, str], cache: Cache, max_bytes: int
) -> tuple[str, dict | None]:
    """The cache key of an article and its earlier result, if any; size errors raise."""
    if path.stat().st_size > max_bytes:
        raise InputError(path, "over the size limit", "too_large")  # read_job says by how much
    key = cache.key(path.read_bytes(), meta)
    return key, cache.get(key)


def _results(
    files: Sequence[Path],
    given: dict[str, dict[str, str]],
    cache: Cache,
    max_bytes: int,
    engine: str,
    workers: int | None,
    scheduler: str | None,
    config: Settings | None = None,
) -> Iterator[tuple[Path, dict | str, bool]]:
    """(file, result or failure, reused) for every file, in order; misses run on the engine."""
    keys: list[str | None] = []
    hits: dict[int, dict] = {}
    misses: list[Job] = []
    for i, path in enumerate(files):
        meta = given.get(path.stem, {"doc_id": path.stem})
        try:
            key, hit = _cached(path, meta, cache, max_bytes)
        except (InputError, OSError):
            key, hit = None, None  # read_job reports it with its reason
        keys.append(key)
        if hit is not None:
            hits[i] = hit
        else:
            misses.append(Job(path, meta, max_bytes, config))
    size = max(1, min(BATCH, len(misses) // (4 * (workers or workers_default())) or 1))
    batches = [misses[i : i + size] for i in range(0, len(misses), size)]
    fresh = (r for batch in map_ordered(read_batch, batches, engine, workers, scheduler)
             for r in batch)  # fmt: skip
    for i, path in enumerate(files):
        if i in hits:
            yield path, hits[i], True
            continue
        result = next(fresh)
        key = keys[i]
        if isinstance(result, dict) and key is not None:
            cache.put(key, result)
        yield path, result, False


def run(
    inputs: Sequence[Path] | None = None,
    manifest: Path | None = None,
    out: Path | None = None,
    on_progress: Progress | None = None,
    max_bytes: int | None = None,
    cache_dir: Path | None = None,
    config: Settings | None = None,
    engine: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
) -> RunSummary:
    """Read every article, extract its facts and write the tables; see ``RunSummary``.

    What is not given comes from ``config`` (default: the settings of the environment):
    the raw folder, the output folder, the cache and the file size limit. ``engine``
    says where articles are read: ``serial`` (here), ``process`` (``workers`` local
    processes) or ``dask`` (the cluster at ``scheduler``); the tables are the same.
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
    problems: list[str] = []  # a bad manifest row is reported and skipped, the rest is read
    for m in manifests:
        given.update(read_manifest(m, problems))
    cache = Cache(cache_dir or config.cache)
    summary = RunSummary(out=out, failed=problems)
    documents: list[dict] = []
    seen: set[str] = set()
    with Staging(out) as staging:
        results = _results(files, given, cache, max_bytes, engine, workers, scheduler, config)
        for i, (path, result, reused) in enumerate(results):
            if on_progress:
                on_progress(i, len(files), path.name)
            if isinstance(result, str):
                summary.failed.append(result)
                continue
            summary.reused += reused
            doc = result["document"]
            if doc["doc_id"] in seen:
                summary.failed.append(
                    f"{path.name}: doc_id {doc['doc_id']} already read from another file"
                )
                continue
            seen.add(doc["doc_id"])
            documents.append(doc)
            staging.add(doc["doc_id"], result["text"], result["facts"])
            summary.warnings += [f"{path.name}: {w}" for w in doc["warnings"].split("; ") if w]
        if on_progress:
            on_progress(len(files), len(files), "")
        if not documents:
            where = ", ".join(str(p) for p in inputs)
            reason = "no article could be read" + _first(summary.failed)
            raise InputError(where, reason, "nothing_read")
        docs = pd.DataFrame(documents, columns=DOCUMENT_COLUMNS)
        summary.facts = staging.commit(docs, regions_table(docs, staging.region_codes()))
    summary.articles = len(documents)
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


def regions_table(documents: pd.DataFrame, codes: set[str]) -> pd.DataFrame:
    """The gazetteer rows of the regions the facts name and the articles are about."""
    gazetteer = Gazetteer.load()
    used = sorted(codes | {_code(gazetteer, r) for r in documents["region"]})
    regions = [gazetteer.by_code(c) for c in used if c]
    return pd.DataFrame(
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


def _code(gazetteer: Gazetteer, name: str) -> str:
    region = gazetteer.get(name) if name else None
    return region.code if region else ""


def is_stale(raw: Path | None = None, out: Path | None = None) -> bool:
    """True when the tables are missing or older than any article or the manifest."""
    raw, out = raw or current().raw, out or current().processed
    marker = Path(out) / "facts.parquet"
    if not marker.exists():
        return True
    built = marker.stat().st_mtime
    sources = [*collect([raw]), Path(raw) / MANIFEST_NAME]
    return any(p.exists() and p.stat().st_mtime > built for p in sources)
