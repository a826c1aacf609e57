"""One loader of reviewed figures: the pages' queries, the downloads and the command line's
CSV all read review.reviewed, and it says what the overlay on the whole tables says."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import review
from extract import cli, pipeline, tables
from extract.tables import ORDER, WIDE_COLUMNS
from tests.corpus import CORPUS


def _sorted(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    order = [c.split()[0] for c in ORDER[table].split(", ")]
    return frame.sort_values(order, kind="stable").reset_index(drop=True).astype(str)


@pytest.fixture
def reviewed_db(processed: Path, tmp_path: Path) -> Path:
    """A store with a correction, a rejection and a figure entered by hand."""
    db = tmp_path / "review.sqlite"
    facts = tables.read_tables(processed)["facts"]
    wide = facts[facts["scope"] == ""]
    review.correct(review.key_of(wide.iloc[0]), {"value": 123456, "unit": "家"},
                   original=wide.iloc[0], db=db)  # fmt: skip
    review.reject(review.key_of(wide.iloc[3]), "not a region figure", db=db)
    review.add_manual("成都市", "high_tech_enterprises", "value", 15000, 2030, "统计公报",
                      unit="家", db=db)  # fmt: skip
    return db


def test_reviewed_tables_are_the_overlay_on_the_whole_tables(processed, reviewed_db) -> None:
    facts = tables.read_tables(processed)["facts"]
    expected = review.apply_corrections(facts, reviewed_db)
    loaded = review.reviewed(processed, reviewed_db)
    got = loaded.table("facts")
    assert set(got["review"]) == {"", "corrected", "manual"}
    pd.testing.assert_frame_equal(
        _sorted(got, "facts"), _sorted(expected[got.columns], "facts"), check_dtype=False
    )
    # the wide table: only the touched cells chosen again, the same as choosing all anew
    wide = loaded.table("metrics_wide")[WIDE_COLUMNS]
    pd.testing.assert_frame_equal(
        _sorted(wide, "metrics_wide"), _sorted(tables.wide_table(expected), "metrics_wide")
    )
    assert 123456 in set(wide["value"]) and 15000 in set(wide["value"])
    rejected = loaded.query("SELECT * FROM facts_all WHERE review = 'rejected'")
    assert len(rejected) == 1 and len(loaded.table("facts_all")) == len(got) + 1
    assert loaded.orphans().empty


def test_a_review_of_a_figure_no_longer_read_is_an_orphan(processed, tmp_path) -> None:
    db = tmp_path / "review.sqlite"
    review.confirm(review.FactKey("gone", 7, "high_tech_enterprises"), db=db)
    lost = review.reviewed(processed, db).orphans()
    assert list(lost["doc_id"]) == ["gone"]


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_command_lines_csv_is_what_the_pages_read(
    processed, reviewed_db, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(reviewed_db))
    out = tmp_path / "out"
    assert cli.main([str(CORPUS), "--out", str(out), "--engine", "serial"]) == 0
    loaded = review.reviewed(out, reviewed_db)
    for name in ("facts", "metrics_wide", "documents"):
        rows = _csv(out / f"{name}.csv")
        assert len(rows) == len(loaded.table(name))
    facts = _csv(out / "facts.csv")
    corrected = [r for r in facts if r["review"] == "corrected"]
    assert [(r["value"], r["unit"]) for r in corrected] == [("123456", "家")]
    assert any(r["value"] == "123456" for r in _csv(out / "metrics_wide.csv"))
    assert sum(r["review"] == "manual" for r in facts) == 1


def test_the_staleness_test_looks_at_folders_not_articles(tmp_path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(CORPUS, raw)
    out = tmp_path / "out"
    pipeline.run([raw], out=out)
    looked: list[str] = []
    real = os.stat

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        looked.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    assert not pipeline.is_stale(raw, out)
    assert looked and not [p for p in looked if p.endswith(".txt")]
