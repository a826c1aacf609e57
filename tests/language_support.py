"""What counts as the wrong language on a page: shared by the AppTest and browser checks."""

from __future__ import annotations

import re

from dashboard import i18n, selection
from extract import catalogue

# Words a Chinese official reads in Latin letters: file types, product names, abbreviations.
LATIN_OK = {"CSV", "JSON", "Excel", "PowerPoint", "PNG", "PDF", "TXT", "HTML", "DOCX", "MB",
            "GDP", "R&D", "URL", "YYYY", "MM", "DD", "txt", "html", "docx", "pdf",
            "csv"}  # fmt: skip
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z&]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def raw_codes() -> set[str]:
    """Ids that must never reach a reader: catalogue ids, kinds, levels, qualifiers, choices."""
    codes = set(catalogue.load_metrics()["metric_id"]) | set(selection.KINDS)
    codes |= {"province", "city", "county", "zone", "exact", "approx", "at_least", "at_most"}
    codes |= {"only", "exact_over_approx", "later_article", "first_stated", "stated", "relative"}
    codes |= {"article_date", "None", "nan", "NaN", "facts", "metrics_wide"}
    return codes


def english_words(text: str) -> list[str]:
    text = re.sub(r"https?://\S+|\?page=\S+", "", text)  # links are not words
    return [w for w in ENGLISH_WORD.findall(text) if w not in LATIN_OK]


def chinese_labels() -> set[str]:
    """Interface strings of the label files whose English differs (placeholders removed)."""
    out = set()
    for entry in i18n._labels().values():
        if entry["zh"] != entry["en"]:
            out |= {p for p in re.split(r"\{[^}]*\}", entry["zh"]) if len(CJK.findall(p)) >= 2}
    return out
