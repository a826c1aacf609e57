"""The whole run: seeds score, output files, determinism, cache, bad files."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from extract import evaluate, paths
from extract.cli import main as cli
from extract.errors import InputError
from extract.pipeline import is_stale, run

GOLD = Path(__file__).parent / "data" / "gold_seeds.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


WRITTEN = Path(__file__).parent / "data" / "written"


def test_written_articles_told_only_their_dates_meet_the_floor(tmp_path: Path) -> None:
    tables = evaluate.extract_dated(WRITTEN / "corpus", tmp_path)
    result = evaluate.score(
        _rows(tables / "facts.csv"), _rows(WRITTEN / "gold.csv"), evaluate.core_metric_ids()
    )
    assert result.f1 >= 0.93, result.summary()
    assert result.year_accuracy >= 0.95, result.summary()
    truth = _rows(WRITTEN / "corpus" / "sources.csv")
    right, total, misses = evaluate.region_accuracy(_rows(tables / "documents.csv"), truth)
    assert right == total, misses


def test_seeds_meet_the_bar(processed: Path) -> None:
    result = evaluate.score(_rows(processed / "facts.csv"), _rows(GOLD), evaluate.core_metric_ids())
    assert result.f1 >= 0.95, result.summary()
    assert result.year_accuracy >= 0.95, result.summary()


def test_scoring_rules_on_a_small_case() -> None:
    gold = [
        {"doc_id": "a", "region": "遂宁市", "scope": "", "metric_id": "gdp", "kind": "value",
         "value": "100", "year": "2023", "qualifier": "exact", "required": "1"},
        {"doc_id": "a", "region": "遂宁市", "scope": "", "metric_id": "gdp", "kind": "growth",
         "value": "5", "year": "2023", "qualifier": "exact", "required": "0"},
    ]  # fmt: skip
    pred = [
        {"doc_id": "a.txt", "region": "遂宁", "scope": "", "metric_id": "gdp", "kind": "value",
         "value": "100.4", "year": "2022", "qualifier": "exact"},
        {"doc_id": "a", "region": "遂宁市", "scope": "", "metric_id": "gdp", "kind": "growth",
         "value": "5", "year": "2023", "qualifier": "exact"},
        {"doc_id": "a", "region": "遂宁市", "scope": "", "metric_id": "tech_smes", "kind": "value",
         "value": "9", "year": "2023", "qualifier": "exact"},
        {"doc_id": "a", "region": "遂宁市", "scope": "园区", "metric_id": "tech_smes",
         "kind": "value", "value": "1", "year": "2023", "qualifier": "exact"},
    ]  # fmt: skip
    result = evaluate.score(pred, gold, evaluate.core_metric_ids())
    assert (result.required, result.matched, result.predicted, result.correct) == (1, 1, 3, 2)
    assert result.year_accuracy == 0.0
    assert round(result.f1, 3) == 0.8


def test_outputs_and_datapackage(processed: Path) -> None:
    names = ("facts", "metrics_wide", "documents", "regions")
    for name in names:
        assert (processed / f"{name}.csv").stat().st_size > 0
        # the columnar copy the dashboard queries holds the same rows as the CSV people get
        parquet = pd.read_parquet(processed / f"{name}.parquet")
        assert len(parquet) == len(_rows(processed / f"{name}.csv")) > 0
    package = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    described = {(r["name"], r["path"], r["format"]) for r in package["resources"]}
    assert described == {(n, f"{n}.csv", "csv") for n in names} | {
        (f"{n}-parquet", f"{n}.parquet", "parquet") for n in names
    }
    facts_fields = next(r for r in package["resources"] if r["name"] == "facts")["schema"]
    types = {f["name"]: f["type"] for f in facts_fields["fields"]}
    assert (types["value"], types["year"], types["estimated"]) == ("number", "integer", "boolean")
    docs = _rows(processed / "documents.csv")
    assert {d["region"] for d in docs} == {"遂宁市", "涪陵区", "成都市", "绵阳高新区", "龙泉驿区"}
    for fact in _rows(processed / "facts.csv"):
        text = (processed / "texts" / f"{fact['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[int(fact["quote_start"]) : int(fact["quote_end"])] == fact["quote"]


def test_wide_table_keeps_scope_out_and_targets_apart(processed: Path) -> None:
    wide = _rows(processed / "metrics_wide.csv")
    assert not any(r["region"] == "龙泉驿区" and r["value"] == "53" for r in wide)
    kinds = {(r["region"], r["metric_id"], r["kind"]) for r in wide}
    assert ("涪陵区", "high_tech_enterprises", "target") in kinds


def test_same_input_same_bytes_and_cache(tmp_path: Path) -> None:
    first = run([paths.RAW], out=tmp_path / "a", cache_dir=tmp_path / "cache")
    second = run([paths.RAW], out=tmp_path / "b", cache_dir=tmp_path / "cache")
    assert first.reused == 0 and second.reused == second.articles == 5
    for name in (
        "facts.csv",
        "metrics_wide.csv",
        "documents.csv",
        "regions.csv",
        "datapackage.json",
    ):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_bad_file_is_reported_and_run_goes_on(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    summary = run([raw], out=tmp_path / "out")
    assert summary.articles == 5
    assert any(f.startswith("empty.txt:") for f in summary.failed)
    assert any(f.startswith("binary.txt:") for f in summary.failed)


def test_nothing_readable_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([paths.RAW], out=out)
    before = (out / "facts.csv").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="no article could be read"):
        run([bad], out=out)
    assert (out / "facts.csv").read_bytes() == before
    assert cli([str(bad), "--out", str(out)]) == 1


def test_staleness(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    out = tmp_path / "out"
    assert is_stale(raw, out)
    run([raw], out=out)
    assert not is_stale(raw, out)
    article = next(raw.glob("*.txt"))
    article.touch()
    import os

    os.utime(article, (article.stat().st_mtime + 10, article.stat().st_mtime + 10))
    assert is_stale(raw, out)


def test_region_names_compare_in_their_short_form() -> None:
    assert evaluate.region_key("绵阳科技城直管区") == evaluate.region_key("绵阳高新区")
    assert evaluate.region_key("宜宾市") == evaluate.region_key("宜宾")


def test_evaluating_a_corpus_tells_the_extractor_only_the_dates(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x1.txt").write_text("德阳市科技局消息\n2023年，全市高新技术企业达到820家。\n")
    (corpus / "manifest.csv").write_text("doc_id,published,region\nx1,2024-02-01,成都市\n")
    tables = evaluate.extract_dated(corpus, tmp_path / "work")
    rows = _rows(tables / "facts.csv")
    assert [(r["region"], r["value"], r["year"]) for r in rows] == [("德阳市", "820", "2023")]
    truth = [{"doc_id": "x1", "region": "成都市"}]
    right, total, misses = evaluate.region_accuracy(_rows(tables / "documents.csv"), truth)
    assert (right, total) == (0, 1) and "德阳市" in misses[0]
