"""The readings cache: one SQLite file, committed in batches, never read back half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract import cache as cache_module
from extract.cache import Cache


def _reading(n: int) -> dict:
    return {"document": {"doc_id": f"d{n}"}, "facts": [{"value": n}], "text": "高新区" * n}


def test_readings_come_back_from_a_later_run(tmp_path: Path) -> None:
    with Cache(tmp_path) as cache:
        cache.put("k1", _reading(1))
        assert cache.get("k1") == _reading(1)  # before any commit too
    again = Cache(tmp_path)
    assert again.has("k1") and again.get("k1") == _reading(1)
    assert not again.has("k2") and again.get("k2") is None
    assert [p.name for p in tmp_path.glob("*.json")] == []  # no file per article


def test_a_run_killed_midway_keeps_the_committed_batches(tmp_path: Path) -> None:
    pid = os.fork()
    if pid == 0:  # a run that dies without closing its cache
        cache = Cache(tmp_path)
        for n in range(Cache.BATCH + 3):
            cache.put(f"k{n}", _reading(n))
        os._exit(0)
    os.waitpid(pid, 0)
    cache = Cache(tmp_path)
    assert len(cache) == Cache.BATCH  # the first batch; the three after it never committed
    assert cache.get("k0") == _reading(0) and not cache.has(f"k{Cache.BATCH}")


def test_a_file_that_is_not_a_database_is_replaced(tmp_path: Path) -> None:
    (tmp_path / Cache.FILE).write_bytes(b"not a database at all" * 100)
    with Cache(tmp_path) as cache:
        assert not cache.has("k1")
        cache.put("k1", _reading(1))
    assert Cache(tmp_path).get("k1") == _reading(1)


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with Cache(tmp_path / "file" / "cache") as cache:  # its folder cannot be made
        cache.put("k1", _reading(1))
        assert cache.get("k1") == _reading(1)  # still pending, not lost before the close
    assert not Cache(tmp_path / "file" / "cache").has("k1")


def test_other_rules_make_other_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    before = Cache.key(b"article", {"doc_id": "a"})
    monkeypatch.setattr(cache_module, "rules_fingerprint", lambda: "other rules")
    assert Cache.key(b"article", {"doc_id": "a"}) != before
    assert Cache.key(b"article", {"doc_id": "b"}) != Cache.key(b"article", {"doc_id": "a"})
