"""One article read: its file decoded, its text normalised, its facts extracted.

The part of a run that workers do. It imports no table libraries (pandas, Arrow,
DuckDB), so a process pool's workers start without them; the run that gathers the
results into tables is ``extract.pipeline``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extract import bounded, catalogue, plausible
from extract.decode import RawArticle, read_article
from extract.errors import InputError
from extract.facts import Fact, extract_facts
from extract.gazetteer import Gazetteer
from extract.metadata import describe
from extract.normalise import normalise
from extract.settings import Settings, current


def text_hash(text: str) -> str:
    """sha256 of a normalised text, whitespace left out: the same article with other
    spacing or line breaks is the same article."""
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()


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
    # the site a dropped breadcrumb names is a byline too (德阳市科学技术局 >> 首页 >> 正文)
    source = " ".join(filter(None, (normalise(meta["source"]).text, norm.site)))
    main, facts = extract_facts(
        norm.text, meta["doc_id"], meta["published"], Gazetteer.load(),
        normalise(meta["title"]).text, given_region, norm.garbled, source,
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
        "text_hash": text_hash(article.text)[:16],
        "n_facts": len(article.facts),
        "warnings": "; ".join(raw.warnings + article.warnings),
        "path": job.path.name,
        "encoding": raw.encoding,
        "chars": len(article.text),
    }
    return {"document": document, "facts": [f.row() for f in article.facts], "text": article.text}


@cache
def warm() -> None:
    """The extractor's data loaded and its patterns compiled here once, so every bounded
    child (and every worker forked from a warm pool server) inherits them instead of
    loading them again for its own first articles."""
    for group in catalogue.word_groups():
        catalogue.word_group(group)
    extract_article("2023年，成都市高新技术企业达到1.3万家。", {"doc_id": "warm"})


def _budget(jobs: Sequence[Job]) -> tuple[float, int]:
    config = (jobs[0].config if jobs else None) or current()
    warm()
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
