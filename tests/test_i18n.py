"""Every label the dashboard asks for exists in both languages, in the data files."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import i18n, selection
from extract import catalogue, paths

ROOT = Path(__file__).resolve().parent.parent
CODE = [ROOT / "app.py", *sorted((ROOT / "dashboard").glob("*.py"))]
CODE += sorted((ROOT / "views").glob("*.py"))
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def test_every_row_has_both_languages() -> None:
    table = pd.read_csv(paths.DATA / "i18n" / "ui.csv", dtype=str, keep_default_na=False)
    assert not table["key"].duplicated().any()
    symbols = table["key"].str.startswith("symbol.")  # exact has no symbol, by design
    assert (table.loc[~symbols, ["zh", "en"]] != "").all().all()


@pytest.mark.parametrize("path", CODE, ids=lambda p: p.name)
def test_literal_keys_exist(path: Path) -> None:
    keys = LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
    assert [k for k in keys if k not in i18n._labels()] == []


def test_keys_built_from_data_exist() -> None:
    metrics = catalogue.load_metrics()
    levels = pd.read_csv(paths.GAZETTEER, dtype=str)["level"].unique()
    wanted = [f"kind.{k}" for k in selection.KINDS]
    wanted += [f"level.{lv}" for lv in levels]
    wanted += [f"category.{c}" for c in metrics["category"].unique()]
    wanted += [f"unit.{u}" for u in [*metrics["unit"].unique(), "%", "位"]]
    wanted += [
        f"{p}.{q}"
        for p in ("symbol", "qualifier")
        for q in ("exact", "approx", "at_least", "at_most")
    ]
    assert [k for k in wanted if k not in i18n._labels()] == []


def test_every_metric_has_both_names() -> None:
    metrics = catalogue.load_metrics()
    assert (metrics[["zh", "en", "unit"]] != "").all().all()
