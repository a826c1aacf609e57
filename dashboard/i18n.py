"""Every label the app shows, read from data/i18n/*.csv (key, zh, en) and the metric catalogue."""

from __future__ import annotations

import functools
import re

import pandas as pd

from dashboard import state
from extract import catalogue, paths

I18N_DIR = paths.DATA / "i18n"
NAMES_EN = paths.DATA / "gazetteer" / "names_en.csv"
MONTH_RANGE = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?月$")


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    # Every key,zh,en CSV in the folder: ui.csv, review.csv, more later. (plotly.csv, notes.csv
    # and metric_definitions.csv are keyed otherwise and read by their own functions.)
    labels: dict[str, dict[str, str]] = {}
    for path in sorted(I18N_DIR.glob("*.csv")):
        if not path.read_text(encoding="utf-8").startswith("key,"):
            continue
        # A malformed row (an unquoted comma) loses that label only, not the whole app.
        table = pd.read_csv(path, dtype=str, keep_default_na=False, on_bad_lines="warn")
        for row in table.itertuples(index=False):
            labels[row.key] = {"zh": row.zh, "en": row.en}
    return labels


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The label for `key` in `lang` (the URL's language when None), formatted with `values`.

    An unknown key shows as itself, so a missing translation is visible rather than blank.
    """
    entry = _labels().get(key)
    text = key if entry is None else entry[lang or state.lang()]
    return text.format(**values) if values else text


def metric_name(metric_id: str, lang: str | None = None) -> str:
    # A dict look-up: pickers call this for every option on every rerun.
    metric = catalogue.metrics().get(metric_id)
    if metric is None:
        return metric_id
    return metric.en if (lang or state.lang()) == "en" else metric.zh


def metric_unit(metric_id: str) -> str:
    metric = catalogue.metrics().get(metric_id)
    return metric.unit if metric is not None else ""


@functools.cache
def _definitions() -> dict[str, dict[str, str]]:
    table = pd.read_csv(I18N_DIR / "metric_definitions.csv", dtype=str, keep_default_na=False)
    return {r.metric_id: {"zh": r.zh, "en": r.en} for r in table.itertuples(index=False)}


def metric_definition(metric_id: str, lang: str | None = None) -> str:
    """What the metric counts, in the reader's language (data/i18n/metric_definitions.csv)."""
    entry = _definitions().get(metric_id)
    return entry[lang or state.lang()] if entry else ""


def known_units() -> list[str]:
    """The units the label files name (家, 亿元, %, …), as the articles write them."""
    return [key.removeprefix("unit.") for key in _labels() if key.startswith("unit.")]


def unit_name(unit: str, lang: str | None = None) -> str:
    return t(f"unit.{unit}", lang) if f"unit.{unit}" in _labels() else unit


@functools.cache
def _plotly_dictionary() -> dict[str, str]:
    table = pd.read_csv(I18N_DIR / "plotly.csv", dtype=str, keep_default_na=False)
    return dict(zip(table["en"], table["zh"], strict=True))


def plotly_locale(lang: str | None = None) -> dict[str, object]:
    """Plotly config keys that put its toolbar, tooltips and messages in the reader's language.

    Plotly takes a locale's dictionary inline (config.locales), so nothing is fetched.
    """
    if (lang or state.lang()) != "zh":
        return {"locale": "en"}
    months = [t(f"month.{m}", "zh") for m in range(1, 13)]
    return {
        "locale": "zh-CN",
        "locales": {
            "zh-CN": {
                "dictionary": _plotly_dictionary(),
                "format": {
                    "months": months,
                    "shortMonths": months,
                    "decimal": ".",
                    "thousands": ",",
                    "grouping": [3],
                },
            }
        },
    }


@functools.cache
def _notes() -> list[tuple[re.Pattern[str], dict[str, str]]]:
    table = pd.read_csv(I18N_DIR / "notes.csv", dtype=str, keep_default_na=False)
    return [(re.compile(r.pattern), {"zh": r.zh, "en": r.en}) for r in table.itertuples()]


def extraction_notes(text: object, lang: str | None = None) -> list[str]:
    """The extractor's notes on an article ("dropped 13 page-chrome line(s)") in the reader's
    language; a note without a translation is shown as written."""
    out = []
    for note in str(text or "").split(";"):
        note = note.strip()
        match = next(((m, labels) for p, labels in _notes() if (m := p.match(note))), None)
        if match:
            out.append(match[1][lang or state.lang()].format(*match[0].groups()))
        elif note:
            out.append(note)
    return out


@functools.cache
def _english_names() -> dict[str, str]:
    if not NAMES_EN.exists():
        return {}
    table = pd.read_csv(NAMES_EN, dtype=str, keep_default_na=False)
    return dict(zip(table["name"], table["en"], strict=True))


def region_name(name: str, lang: str | None = None) -> str:
    """The region's name in the reader's language: 绵阳高新区 → Mianyang High-tech Zone."""
    if (lang or state.lang()) != "en":
        return name
    return _english_names().get(name, name)


def region_label(name: str, level: str, lang: str | None = None) -> str:
    """遂宁市（市）: the level goes with the name because a city and a zone are not peers.

    A region entered by hand that the gazetteer lacks has no level: the name alone.
    """
    if not isinstance(level, str) or not level:
        return region_name(str(name), lang)
    return t(
        "fmt.level_region", lang, name=region_name(name, lang), level=t(f"level.{level}", lang)
    )


def level_name(level: object, lang: str | None = None) -> str:
    return t(f"level.{level}", lang) if isinstance(level, str) and level else ""


def period_name(period: str, lang: str | None = None) -> str:
    """1-8月 → Jan–Aug; 前三季度 → Q1–Q3. Periods are written in Chinese in the articles."""
    if (lang or state.lang()) != "en" or not period:
        return period
    months = MONTH_RANGE.match(period)
    if months:
        first, last = (t(f"month.{int(m)}", "en") for m in months.groups(months.group(1)))
        return first if first == last else f"{first}–{last}"
    label = t(f"period.{period}", "en")
    return period if label == f"period.{period}" else label


def month_name(month: int, lang: str | None = None) -> str:
    return t(f"month.{month}", lang)
