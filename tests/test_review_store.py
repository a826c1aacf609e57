"""The review store: actions, history, manual figures, orphans, CSV exchange, concurrency —
each against the embedded SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import review as c
from extract import paths
from review import CorrectionError, FactKey, StoreBusy, store
from tests.postgres_server import fresh_database


@pytest.fixture
def facts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fact_id": ["f1", "f2", "f3"],
            "doc_id": ["d1", "d1", "d2"],
            "region": ["遂宁市", "遂宁市", "涪陵区"],
            "scope": ["", "", ""],
            "metric_id": ["high_tech_enterprises", "high_tech_enterprises", "rd_spending"],
            "kind": ["value", "value", "value"],
            "value": [209.0, 300.0, 12.5],
            "unit": ["家", "家", "亿元"],
            "year": [2023, 2023, 2024],
            "figure_start": [10, 50, 7],
        }
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[c.Store]:
    if request.param == "sqlite":
        yield tmp_path / "review.sqlite"
    else:
        with fresh_database(request.getfixturevalue("postgres")) as url:
            yield url


def created(db: c.Store) -> bool:
    """Whether anything was written: the SQLite file, or the tables on the server."""
    return db.exists() if isinstance(db, Path) else store.exists(db)


K1 = FactKey("d1", 10, "high_tech_enterprises")
K2 = FactKey("d1", 50, "high_tech_enterprises")
K3 = FactKey("d2", 7, "rd_spending")


def test_missing_store_changes_nothing_and_creates_nothing(facts, db):
    out = c.apply_corrections(facts, db)
    assert list(out["review"]) == ["", "", ""]
    pd.testing.assert_frame_equal(out.drop(columns="review"), facts)
    assert not created(db) and c.orphans(facts, db).empty and c.history(db).empty


def test_confirm_correct_reject_apply(facts, db):
    c.confirm(K1, "checked against the sentence", db=db)
    c.correct(K2, {"value": "310", "year": 2024}, "misread", original=facts.iloc[1], db=db)
    c.reject(K3, "a company's figure", db=db)
    out = c.apply_corrections(facts, db)
    assert list(out["fact_id"]) == ["f1", "f2"]
    assert list(out["review"]) == ["confirmed", "corrected"]
    assert out.loc[1, "value"] == 310.0 and out.loc[1, "year"] == 2024
    assert out["value"].dtype == float and out["year"].dtype.kind == "i"


def test_history_is_kept_for_every_change(facts, db):
    c.correct(K2, {"value": 310}, "first", original=facts.iloc[1], db=db)
    c.correct(K2, {"value": 320}, "second", db=db)
    c.reject(K2, "not a region figure after all", who="li", db=db)
    h = c.history(db, K2)
    values = h[h["field"] == "value"][["old_value", "new_value", "comment"]].values.tolist()
    assert values == [["300", "310", "first"], ["310", "320", "second"]]
    assert h.iloc[-1][["field", "new_value", "who"]].tolist() == ["status", "rejected", "li"]
    assert all(at.endswith("+00:00") for at in h["at"])


def test_a_later_confirm_revives_a_rejected_fact(facts, db):
    c.reject(K1, db=db)
    c.confirm(K1, db=db)
    assert "f1" in set(c.apply_corrections(facts, db)["fact_id"])


@pytest.mark.parametrize(
    ("changes", "reason_key"),
    [
        ({"value": "abc"}, "bad_value"),
        ({"value": "nan"}, "bad_value"),
        ({"year": "20x4"}, "bad_year"),
        ({"year": 1700}, "bad_year"),
        ({"kind": "guess"}, "bad_kind"),
        ({"region": " "}, "empty_field"),
        ({"quote": "x"}, "bad_field"),
        ({}, "no_changes"),
    ],
)
def test_bad_corrections_are_refused_and_store_nothing(db, changes, reason_key):
    with pytest.raises(CorrectionError) as err:
        c.correct(K1, changes, db=db)
    assert err.value.reason_key == reason_key
    assert c.history(db).empty


def test_manual_figures_become_facts(facts, db):
    doc_id = c.add_manual(
        "成都市", "high_tech_enterprises", "value", "13000", 2023, "统计公报", "家", db=db
    )
    out = c.apply_corrections(facts, db)
    row = out[out["doc_id"] == doc_id].iloc[0]
    assert doc_id.startswith("manual:") and row["review"] == "manual"
    assert (row["region"], row["value"], row["year"], row["quote"]) == (
        "成都市",
        13000.0,
        2023,
        "统计公报",
    )
    with pytest.raises(CorrectionError):
        c.add_manual("成都市", "high_tech_enterprises", "value", 1, 2023, " ", db=db)
    # a hand-entered figure can itself be corrected through the same key
    c.correct(FactKey(doc_id, 0, "high_tech_enterprises"), {"value": 13100}, db=db)
    assert c.apply_corrections(facts, db).set_index("doc_id").loc[doc_id, "value"] == 13100


def test_corrected_region_takes_its_code_from_the_gazetteer(facts, db):
    facts["region_code"] = ["510900", "510900", "500102"]
    c.correct(K1, {"region": "成都市"}, db=db)
    out = c.apply_corrections(facts, db)
    assert out.loc[0, "region"] == "成都市"
    if paths.GAZETTEER.exists():
        assert out.loc[0, "region_code"] == "510100"


def test_orphans_are_listed_not_dropped(facts, db):
    c.correct(K3, {"value": 13}, db=db)
    remaining = facts[facts["doc_id"] == "d1"]
    lost = c.orphans(remaining, db)
    assert lost[["doc_id", "figure_start", "metric_id"]].values.tolist() == [list(K3)]
    assert len(c.reviews(db)) == 1  # still stored: comes back when the fact does
    assert c.apply_corrections(facts, db).loc[2, "value"] == 13


def test_csv_round_trip_between_offices(facts, db, tmp_path):
    # -5 firms is a fall (an increment): a negative count of firms is refused.
    change = {"value": "-5", "kind": "increment", "scope": "=HYPERLINK(1)"}
    c.correct(K1, change, "@note", original=facts.iloc[0], db=db)
    c.reject(K3, "+company", db=db)
    c.add_manual("成都市", "rd_spending", "growth", -3.5, 2024, "=年报", "%", db=db)
    data = c.export_csv(db)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    for cell in ("'-5", "'=HYPERLINK(1)", "'@note", "'+company", "'-3.5", "'=年报"):
        assert cell in text
    other = tmp_path / "other.sqlite"
    assert c.import_csv(data, db=other) == 3
    ours, theirs = c.apply_corrections(facts, db), c.apply_corrections(facts, other)
    cols = ["doc_id", "value", "scope", "review", "quote"]
    pd.testing.assert_frame_equal(ours[cols], theirs[cols])
    assert set(c.history(other)["action"]) == {"import", "manual"}


def test_import_with_missing_columns_names_them(db):
    with pytest.raises(CorrectionError, match=r"x\.csv: missing columns .*status"):
        c.import_csv(b"record,doc_id\nreview,d1\n", "x.csv", db=db)
    assert not created(db)


@pytest.mark.parametrize(
    ("cell", "value", "reason"),
    [
        ("figure_start", "ten", "figure_start 'ten' is not a whole number"),
        ("status", "maybe", "status 'maybe' is not one of"),
        ("value", "lots", "value: 'lots' is not a number"),
        ("record", "other", "record 'other' is not review or manual"),
    ],
)
def test_import_reports_row_and_reason_and_stores_nothing(facts, db, tmp_path, cell, value, reason):
    c.correct(K1, {"value": 1}, db=db)
    c.correct(K2, {"value": 2}, db=db)
    lines = c.export_csv(db).decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    bad = lines[2].split(",")
    bad[header.index(cell)] = value
    data = "\n".join([lines[0], lines[1], ",".join(bad)]).encode()
    target = tmp_path / "target.sqlite"
    c.confirm(K3, db=target)
    before = c.history(target)
    with pytest.raises(CorrectionError) as err:
        c.import_csv(data, "review.csv", db=target)
    assert str(err.value).startswith("review.csv, row 3: ") and reason in str(err.value)
    pd.testing.assert_frame_equal(c.history(target), before)  # row 2 was valid: not stored


def test_two_sessions_saving_at_once_both_succeed(db):
    c.confirm(K3, db=db)  # create the store first, as the page would have
    errors: list[BaseException] = []

    def save(n: int) -> None:
        try:
            for i in range(20):
                c.correct(FactKey(f"d{n}", i, "m"), {"value": i}, f"session {n}", db=db)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(c.reviews(db)) == 81


def test_a_session_blocked_too_long_is_told_to_retry(db, monkeypatch):
    c.confirm(K1, db=db)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    held, done = threading.Event(), threading.Event()

    def hold() -> None:  # another session in the middle of a long save
        with store.writing(db):
            held.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        with pytest.raises(StoreBusy, match="retry"):
            c.reject(K1, db=db)
    finally:
        done.set()
        holder.join()
    assert c.reviews(db)["status"].tolist() == ["confirmed"]


def test_neutralise():
    assert [c.neutralise(v) for v in ("=1+1", "+1", "-1", "@a", "ok", 2.0, None)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@a",
        "ok",
        "2",
        "",
    ]


def test_database_url_moves_the_default_store_to_postgresql(postgres, tmp_path, monkeypatch):
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(tmp_path / "review.sqlite"))
    assert c.default_store() == tmp_path / "review.sqlite"
    with fresh_database(postgres) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        assert c.default_store() == url
        c.confirm(K1, "shared")  # no db given: the settings decide
        assert c.reviews(url)["comment"].tolist() == ["shared"]
        assert not (tmp_path / "review.sqlite").exists()
