"""The review store never loses work: rolling backups, a damaged file left untouched and read
as empty, writes refused with a reason, and the latest good backup restored on request."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from app_support import APP, app_env, open_page  # noqa: F401 - fixture
from review_support import snapshot
from streamlit.testing.v1 import AppTest

import review
from review import FactKey, StoreDamaged

KEYS = [FactKey("d1", 10 * n, "high_tech_enterprises") for n in range(1, 5)]
FACTS = pd.DataFrame(
    {
        "fact_id": ["f1"], "doc_id": ["d1"], "region": ["遂宁市"], "scope": [""],
        "metric_id": ["high_tech_enterprises"], "kind": ["value"], "value": [209.0],
        "unit": ["家"], "year": [2023], "figure_start": [10],
    }
)  # fmt: skip


def damage(db: Path, how: str) -> None:
    if how == "garbage":
        db.write_bytes(b"this is not a database " * 200)
    else:  # half of a real store, as a crash in the middle of a copy leaves it
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "review.sqlite"
    for key in KEYS:
        review.confirm(key, "ok", db=db)
    return db


def test_every_write_batch_is_backed_up_and_three_are_kept(store: Path) -> None:
    names = sorted(p.name for p in store.parent.glob("review.sqlite.backup-*"))
    assert names == [f"review.sqlite.backup-{n}" for n in (1, 2, 3)]
    assert len(review.reviews(store.parent / "review.sqlite.backup-1")) == 4  # the latest
    assert len(review.reviews(store.parent / "review.sqlite.backup-3")) == 2


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_a_damaged_store_is_left_untouched_and_reads_as_empty(store: Path, how: str) -> None:
    damage(store, how)
    before = snapshot(store.parent)
    assert review.problem(store)
    out = review.apply_corrections(FACTS, store)
    assert list(out["review"]) == [""]  # the extracted figure, as extracted
    assert review.history(store).empty and review.revision(store) == ""
    with pytest.raises(StoreDamaged) as err:
        review.confirm(KEYS[0], db=store)
    assert err.value.reason_key == "store_damaged"
    assert str(err.value).startswith("review.sqlite: the store cannot be read (")
    assert snapshot(store.parent) == before  # not written, not "repaired", no journal files


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_restore_puts_the_latest_good_backup_back(store: Path, how: str) -> None:
    damaged_bytes = (damage(store, how), store.read_bytes())[1]
    used = review.restore(store)
    assert used is not None and used.name == "review.sqlite.backup-1"
    assert not review.problem(store) and len(review.reviews(store)) == 4
    kept = list(store.parent.glob("review.sqlite.damaged-*"))
    assert [p.read_bytes() for p in kept] == [damaged_bytes]  # the damaged file is kept
    review.reject(KEYS[0], db=store)  # and the store takes writes again


def test_without_a_good_backup_nothing_changes(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite"
    damage(db, "garbage")
    before = snapshot(tmp_path)
    assert review.restore(db) is None
    assert snapshot(tmp_path) == before


def test_pages_show_the_notice_and_the_review_page_restores(app_env: Path) -> None:  # noqa: F811
    for key in KEYS:
        review.confirm(key, db=app_env)
    damage(app_env, "garbage")
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception and not at.error
    assert any("校对记录库" in w.value and "无法读取" in w.value for w in at.warning)
    page = open_page("views/review.py")
    assert not page.exception
    assert any("校对记录库无法读取" in e.value for e in page.error)
    page.button(key="review_restore").click().run()
    assert not page.exception
    assert any("已从备份" in s.value for s in page.success)
    assert not review.problem(app_env) and len(review.reviews(app_env)) == 4
