"""The catalogue's data files: every row reads, every cue compiles, every id is known."""

from __future__ import annotations

import csv
import re

import pytest

from extract import catalogue, paths

DATA_FILES = ["metrics.csv", "cues.csv", "cue_rules.csv", "years.csv", "units.csv"]


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_row_has_every_column(name: str) -> None:
    with (paths.CATALOGUE / name).open(encoding="utf-8") as f:
        rows = list(csv.reader(line for line in f if not line.startswith("#")))
    assert rows and all(len(r) == len(rows[0]) for r in rows), name


def test_every_cue_group_compiles() -> None:
    groups = {r["group"] for r in catalogue.read_csv_rows(paths.CATALOGUE / "cues.csv")}
    for group in groups:
        assert isinstance(catalogue.word_group(group), re.Pattern)


def test_cue_rules_name_known_metrics() -> None:
    known = set(catalogue.metrics())
    for rule in catalogue.read_csv_rows(paths.CATALOGUE / "cue_rules.csv"):
        assert rule["metric_id"] in known, rule


def test_core_ids_are_marked_and_added_ids_are_not() -> None:
    rows = catalogue.read_csv_rows(paths.CATALOGUE / "metrics.csv")
    core = {r["metric_id"] for r in rows if r["core"] == "1"}
    assert {"high_tech_enterprises", "rd_intensity", "tech_smes"} <= core
    assert "invention_patents_per_10k" not in core
