"""The whole run: seeds score, output files, determinism, cache, bad files."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from extract import evaluate, output, paths, tables
from extract.cli import main as cli
from extract.errors import InputError
from extract.pipeline import is_stale, run, scan
from extract.tables import SHARDS, shard_count, shard_of, shard_sql

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
    assert result.f1 >= 0.97, result.summary()  # 0.974 when 1,276 articles were scored so
    assert result.year_accuracy >= 0.97, result.summary()
    truth = _rows(WRITTEN / "corpus" / "sources.csv")
    right, total, misses = evaluate.region_accuracy(_rows(tables / "documents.csv"), truth)
    assert right >= 0.95 * total, misses


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
    package = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(names) | {f"{n}-parquet" for n in names}
    for name in names:
        assert resources[name]["path"] == f"{name}.csv" and resources[name]["format"] == "csv"
        parquet = resources[f"{name}-parquet"]["path"]
        parts = parquet if isinstance(parquet, list) else [parquet]
        assert all((processed / p).exists() for p in parts) and parts
        # the columnar store the dashboard queries holds the same rows as the CSV people get
        stored = pd.concat([pd.read_parquet(processed / p) for p in parts])
        assert len(stored) == len(_rows(processed / f"{name}.csv")) > 0
    # big tables in shards: a change to one article rewrites a few small files
    assert resources["facts-parquet"]["path"][0].startswith("facts/part-")
    facts_fields = resources["facts"]["schema"]["fields"]
    types = {f["name"]: f["type"] for f in facts_fields}
    assert (types["value"], types["year"], types["estimated"]) == ("number", "integer", "boolean")
    docs = _rows(processed / "documents.csv")
    assert {d["region"] for d in docs} == {"遂宁市", "涪陵区", "成都市", "绵阳高新区", "龙泉驿区"}
    for fact in _rows(processed / "facts.csv"):
        text = (processed / "texts" / f"{fact['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[int(fact["quote_start"]) : int(fact["quote_end"])] == fact["quote"]
    # whole numbers read as such in the CSV: 1.3万家 is 13000, not 13000.0
    assert all(not f["value"].endswith(".0") for f in _rows(processed / "facts.csv"))


def test_wide_table_keeps_scope_out_and_targets_apart(processed: Path) -> None:
    wide = _rows(processed / "metrics_wide.csv")
    assert not any(r["region"] == "龙泉驿区" and r["value"] == "53" for r in wide)
    kinds = {(r["region"], r["metric_id"], r["kind"]) for r in wide}
    assert ("涪陵区", "high_tech_enterprises", "target") in kinds


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


def test_same_input_same_bytes_and_cache(tmp_path: Path) -> None:
    first = run([paths.RAW], out=tmp_path / "a", cache_dir=tmp_path / "cache")
    second = run([paths.RAW], out=tmp_path / "b", cache_dir=tmp_path / "cache")
    assert first.reused == 0 and second.reused == second.articles == 5
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert "datapackage.json" in _files(tmp_path / "a")


def test_tables_keep_their_order_when_articles_come_in_another(tmp_path: Path) -> None:
    # Read in name order, two folders' files come out of path order: the index, which a
    # full run writes as it read them when they come in order, is sorted then.
    articles = sorted(paths.RAW.glob("*.txt"))
    for folder, article, name in (("b", articles[0], "a1"), ("a", articles[1], "b1")):
        (tmp_path / folder).mkdir()
        shutil.copy(article, tmp_path / folder / f"{name}.txt")
    run([tmp_path / "a", tmp_path / "b"], out=tmp_path / "out")
    files = pd.read_parquet(tmp_path / "out" / "index.parquet")["file"].tolist()
    assert [Path(f).stem for f in files] == ["b1", "a1"] and files == sorted(files)
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["doc_id"].tolist() == ["a1", "b1"]


def test_a_scan_orders_files_by_name_then_path_and_lists_each_once(tmp_path: Path) -> None:
    names = ["a.txt", "a-b.txt", "a.b.txt", ".txt", "..txt", "b.html", "A.txt", "中文.txt", "c"]
    (tmp_path / "sub").mkdir()
    for name in [*names, "sub/a.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    named = [tmp_path, tmp_path / "a.txt", tmp_path / "missing.txt"]  # a.txt twice
    files = scan(named)[0]
    expected = [str(tmp_path / n) for n in [*names[:-1], "sub/a.txt", "missing.txt"]]
    assert [f.path for f in files] == sorted(expected, key=lambda p: (Path(p).stem, p))
    assert [f.stem for f in files][:4] == [".", ".txt", "A", "a"]
    sizes = {Path(f.path).name: f.size for f in files}
    assert sizes["missing.txt"] == -1 and sizes["中文.txt"] == 1  # missing: reading says why


def test_a_second_file_of_the_same_doc_id_is_reported_not_read(tmp_path: Path) -> None:
    # x.txt in three folders, the middle one unreadable: the first is read, the last refused.
    articles = sorted(paths.RAW.glob("*.txt"))
    for folder, article, name in (("a", articles[0], "x"), ("a", articles[1], "w"),
                                  ("c", articles[2], "x")):  # fmt: skip
        (tmp_path / folder).mkdir(exist_ok=True)
        shutil.copy(article, tmp_path / folder / f"{name}.txt")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_bytes(b"")
    folders = [tmp_path / f for f in "abc"]
    summary = run(folders, out=tmp_path / "out")
    assert summary.articles == 2
    assert any(f.startswith("x.txt: doc_id x already read") for f in summary.failed)
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["doc_id"].tolist() == ["w", "x"]
    run([tmp_path / "a"], out=tmp_path / "first")  # the text is the first file's
    text = (tmp_path / "out" / "texts" / "x.txt").read_bytes()
    assert text == (tmp_path / "first" / "texts" / "x.txt").read_bytes()


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
    before = _files(out)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="no article could be read"):
        run([bad], out=out)
    assert _files(out) == before
    assert cli([str(bad), "--out", str(out)]) == 1


def test_staleness(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    out = tmp_path / "out"
    assert is_stale(raw, out)
    run([raw], out=out)
    assert not is_stale(raw, out)
    assert is_stale(tmp_path, out)  # tables of other articles
    # an article replaced as a save replaces it: written beside, renamed over
    article = next(raw.glob("*.txt"))
    (raw / "new.tmp").write_bytes(article.read_bytes() + b"\n")
    (raw / "new.tmp").replace(article)
    assert is_stale(raw, out)
    run([raw], out=out)
    assert not is_stale(raw, out)
    (raw / "sub").mkdir()  # a new folder of articles
    assert is_stale(raw, out)
    run([raw], out=out)
    (raw / "sub" / "more.txt").write_text("2023年，涪陵区高新技术企业达到186家。", encoding="utf-8")
    assert is_stale(raw, out)
    run([raw], out=out)
    manifest = raw / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert is_stale(raw, out)  # the manifest edited in place


def test_an_update_rewrites_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding, changing and removing articles gives the tables a full run gives, byte for
    byte, and rewrites only the shards holding those articles and the cells they touch."""
    monkeypatch.setattr(tables, "ARTICLES_PER_SHARD", 1 / 8)  # 4 or 5 articles: 32 shards
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    articles = sorted(raw.glob("*.txt"))
    held = tmp_path / articles[2].name
    articles[2].replace(held)
    out = tmp_path / "out"
    run([raw], out=out, cache_dir=tmp_path / "cache")
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}

    def full() -> dict[str, bytes]:
        shutil.rmtree(tmp_path / "full", ignore_errors=True)
        run([raw], out=tmp_path / "full", cache_dir=tmp_path / "cache-full")
        return _files(tmp_path / "full")

    held.replace(articles[2])  # added
    summary = run([raw], out=out, cache_dir=tmp_path / "cache")
    assert (summary.articles, summary.reused) == (5, 4)
    assert _files(out) == full()
    shards = [p for p in out.rglob("*.parquet") if p.parent.name in ("facts", "metrics_wide")]
    written = [p for p in shards if stamps.get(p) != p.stat().st_mtime_ns]
    assert 0 < len(written) <= 4 < len(shards)  # its facts shard, the wide cells' shards
    text = articles[0].read_text(encoding="utf-8")
    articles[0].write_text(text.replace("2023年", "2022年"), encoding="utf-8")  # changed
    run([raw], out=out, cache_dir=tmp_path / "cache")
    assert _files(out) == full()
    articles[1].unlink()  # removed
    run([raw], out=out, cache_dir=tmp_path / "cache")
    assert _files(out) == full()
    assert not (out / "texts" / f"{articles[1].stem}.txt").exists()
    moved = tmp_path / "moved"  # every article at once, each in its own shard
    raw.rename(moved)
    run([moved], out=out, cache_dir=tmp_path / "cache")
    raw = moved
    expected = full()
    assert _files(out) == expected
    assert sum(f.startswith("facts/") for f in expected) > 2


def test_a_full_run_and_an_update_put_a_key_in_the_same_shard() -> None:
    """A full run shards facts in Python (shard_of), an update in SQL (shard_sql)."""
    keys = ["成都市", "涪陵区", "绵阳高新区", "a", "", "x" * 300] + [
        f"gen_{i:06d}" for i in range(500)
    ]
    rows = duckdb.sql(
        f"SELECT doc_id, {shard_sql('facts')} AS s FROM (SELECT unnest($keys) AS doc_id)",
        params={"keys": keys},
    ).fetchall()
    assert {k: s for k, s in rows} == {k: shard_of(k) for k in keys}
    assert len({shard_of(k) for k in keys}) == SHARDS  # every shard in use
    for shards in (1, 2, 8):  # fewer shards: a key's shard among SHARDS, modulo their count
        assert {shard_of(k, shards) for k in keys} == set(range(shards))
        assert all(shard_of(k, shards) == shard_of(k) % shards for k in keys)


def test_a_small_corpus_is_one_shard_and_the_count_grows_with_it(tmp_path: Path) -> None:
    run([paths.RAW], out=tmp_path / "out", cache_dir=tmp_path / "cache")
    parts = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("part-*"))
    assert parts == ["facts/part-00.parquet", "metrics_wide/part-00.parquet"]
    assert json.loads((tmp_path / "out" / "build.json").read_text())["shards"] == 1
    counts = [shard_count(n) for n in (0, 1, 1024, 1025, 4096, 4097, 30_000, 10**6)]
    assert counts == [1, 1, 1, 2, 4, 8, SHARDS, SHARDS]


def test_facts_flushed_while_read_give_the_same_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Facts staged before the shard count is known (split among SHARDS) and facts split
    once at the commit give the same bytes."""
    monkeypatch.setattr(tables, "ARTICLES_PER_SHARD", 1)
    run([paths.RAW], out=tmp_path / "once", cache_dir=tmp_path / "cache")
    monkeypatch.setattr(output, "FLUSH_ROWS", 1)  # a part per article
    run([paths.RAW], out=tmp_path / "flushed", cache_dir=tmp_path / "cache")
    written = _files(tmp_path / "once")
    assert sum(f.startswith("facts/part-") for f in written) > 2
    assert _files(tmp_path / "flushed") == written


def test_an_update_past_a_shard_count_writes_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article that takes the corpus past its shard count: the tables a full run of that
    corpus writes, with the count it would choose (4 articles: 2 shards, 5: 4)."""
    monkeypatch.setattr(tables, "ARTICLES_PER_SHARD", 2)
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    held = tmp_path / "held.txt"
    sorted(raw.glob("*.txt"))[2].replace(held)
    out = tmp_path / "out"
    run([raw], out=out, cache_dir=tmp_path / "cache")
    assert json.loads((out / "build.json").read_text())["shards"] == 2
    held.replace(raw / "held.txt")
    summary = run([raw], out=out, cache_dir=tmp_path / "cache", changed=[raw / "held.txt"])
    assert (summary.articles, summary.reused) == (5, 4)
    assert json.loads((out / "build.json").read_text())["shards"] == 4
    run([raw], out=tmp_path / "full", cache_dir=tmp_path / "cache-full")
    assert _files(out) == _files(tmp_path / "full")


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


def test_a_run_that_does_not_look_trusts_folder_entries(tmp_path: Path) -> None:
    """Without stats, a file added or replaced by rename is read again and one edited in
    place is not, until a run that looks (as the command line's)."""
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    out, cache = tmp_path / "out", tmp_path / "cache"
    run([raw], out=out, cache_dir=cache)
    first, second = sorted(raw.glob("*.txt"))[:2]
    edited = second.read_text(encoding="utf-8").replace("2023年", "2021年")
    second.write_text(edited, encoding="utf-8")  # in place: the same inode
    (raw / "new.tmp").write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (raw / "new.tmp").replace(first)  # by rename: a new inode
    quick = run([raw], out=out, cache_dir=cache, look=False)
    assert (quick.articles, quick.reused) == (5, 4)  # the renamed one read again
    thorough = run([raw], out=out, cache_dir=cache)
    assert thorough.reused == 4  # the one edited in place, now seen
    shutil.rmtree(tmp_path / "full", ignore_errors=True)
    run([raw], out=tmp_path / "full", cache_dir=tmp_path / "cache-full")
    assert _files(out) == _files(tmp_path / "full")


def test_a_run_told_what_changed_gives_a_full_runs_tables(tmp_path: Path) -> None:
    """Told the files added, replaced or removed, a run reads only those and still writes
    what a full run writes; a list it cannot trust (a file in a folder the tables do not
    cover) falls back to a scan."""
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    out, cache = tmp_path / "out", tmp_path / "cache"
    run([raw], out=out, cache_dir=cache)
    first, second = sorted(raw.glob("*.txt"))[:2]
    second.unlink()
    summary = run([raw], out=out, cache_dir=cache, changed=[second])
    assert (summary.articles, summary.reused) == (4, 4)
    text = first.read_text(encoding="utf-8").replace("2023年", "2021年")
    (raw / "new.tmp").write_text(text, encoding="utf-8")
    (raw / "new.tmp").replace(first)
    summary = run([raw], out=out, cache_dir=cache, changed=[first])
    assert (summary.articles, summary.reused) == (4, 3)
    run([raw], out=tmp_path / "full", cache_dir=tmp_path / "cache-full")
    assert _files(out) == _files(tmp_path / "full")
    (raw / "sub").mkdir()
    (raw / "sub" / "more.txt").write_text("2023年，涪陵区高新技术企业达到186家。", encoding="utf-8")
    summary = run([raw], out=out, cache_dir=cache, changed=[raw / "sub" / "more.txt"])
    assert summary.articles == 5
    shutil.rmtree(tmp_path / "full")
    run([raw], out=tmp_path / "full", cache_dir=tmp_path / "cache-full")
    assert _files(out) == _files(tmp_path / "full")


def test_a_commit_a_few_rows_at_a_time_writes_the_same_tables(tmp_path: Path, monkeypatch) -> None:
    # Flushed in many parts, the facts are sorted a few flushes at a time and the wide
    # table chosen a few regions at a time: the same bytes as sorting and choosing whole.
    corpus = WRITTEN / "corpus"
    whole = run([corpus], out=tmp_path / "whole", cache_dir=tmp_path / "cache")
    groups: list[int] = []
    batches = output._batches

    def counted(sizes: list, limit: int) -> list:
        groups.append(len(found := batches(sizes, limit)))
        return found

    monkeypatch.setattr(output, "_batches", counted)
    monkeypatch.setattr(output, "FLUSH_ROWS", 500)
    monkeypatch.setattr(output, "BATCH_ROWS", 200)
    bounded = run([corpus], out=tmp_path / "bounded", cache_dir=tmp_path / "cache")
    assert bounded.facts == whole.facts > 1000
    # facts by flushes, wide cells by regions: each table's shards in several batches
    assert len(groups) >= 2 and min(groups) > 3
    assert _files(tmp_path / "bounded") == _files(tmp_path / "whole")


def test_a_commit_query_too_large_for_its_memory_is_run_again_with_more(
    tmp_path: Path, monkeypatch
) -> None:
    # The commit's small memory limit is for its usual queries; one that needs more (a
    # region's facts by the hundred thousand, here any under a limit of 1 MB) has the
    # tables written again at the larger limit: the same tables, no error.
    corpus = WRITTEN / "corpus"
    whole = run([corpus], out=tmp_path / "whole", cache_dir=tmp_path / "cache")
    tries: list[str] = []
    once = output._write

    def counted(con: object, queries: list[str], path: Path) -> int:
        tries.append(path.name)
        return once(con, queries, path)

    monkeypatch.setattr(output, "_write", counted)
    monkeypatch.setattr(output, "COMMIT_MEMORY_LIMIT", "1MB")
    tight = run([corpus], out=tmp_path / "tight", cache_dir=tmp_path / "cache")
    assert tight.facts == whole.facts > 1000
    assert len(tries) > len(set(tries))  # some file was written twice
    assert _files(tmp_path / "tight") == _files(tmp_path / "whole")
