"""Every label the app shows, read from data/i18n/*.csv (key, zh, en) and the metric catalogue."""

from __future__ import annotations

import functools

import pandas as pd

from dashboard import state
from extract import catalogue, paths

I18N_DIR = paths.DATA / "i18n"


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    # Every CSV in the folder: ui.csv here, review.csv from the review pages, more later.
    labels: dict[str, dict[str, str]] = {}
    for path in sorted(I18N_DIR.glob("*.csv")):
        # A malformed row (an unquoted comma) loses that label only, not the whole app.
        table = pd.read_csv(path, dtype=str, keep_default_na=False, on_bad_lines="warn")
        for row in table.itertuples(index=False):
            labels[row.key] = {"zh": row.zh, "en": row.en}
    return labels


@functools.cache
def _metrics() -> pd.DataFrame:
    return catalogue.load_metrics().set_index("metric_id")


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The label for `key` in `lang` (the URL's language when None), formatted with `values`.

    An unknown key shows as itself, so a missing translation is visible rather than blank.
    """
    entry = _labels().get(key)
    text = key if entry is None else entry[lang or state.lang()]
    return text.format(**values) if values else text


def metric_name(metric_id: str, lang: str | None = None) -> str:
    metrics = _metrics()
    if metric_id not in metrics.index:
        return metric_id
    return str(metrics.at[metric_id, "en" if (lang or state.lang()) == "en" else "zh"])


def metric_unit(metric_id: str) -> str:
    metrics = _metrics()
    return str(metrics.at[metric_id, "unit"]) if metric_id in metrics.index else ""


def metric_definition(metric_id: str) -> str:
    metrics = _metrics()
    column = next((c for c in ("definition", "notes") if c in metrics.columns), None)
    if column is None or metric_id not in metrics.index:
        return ""
    return str(metrics.at[metric_id, column])


def unit_name(unit: str, lang: str | None = None) -> str:
    return t(f"unit.{unit}", lang) if f"unit.{unit}" in _labels() else unit


def region_label(name: str, level: str, lang: str | None = None) -> str:
    """遂宁市（市）: the level goes with the name because a city and a zone are not peers.

    A region entered by hand that the gazetteer lacks has no level: the name alone.
    """
    if not isinstance(level, str) or not level:
        return str(name)
    return t("fmt.level_region", lang, name=name, level=t(f"level.{level}", lang))
