"""Bounded work per article: a hostile file is refused by name with the reason, quickly,
nothing under data/ changes, and a run over a folder goes on with the other articles."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_files import docx_bomb, pdf_pages, pdf_shared_stream
from review_support import copy_data, snapshot

from extract import bounded, ingest, pipeline
from extract.errors import InputError

HOSTILE = {
    # name: (bytes, the limit that catches it, reason key, words of the message)
    "bomb.docx": (lambda: docx_bomb(2), {"CHUANYU_MAX_UNPACKED_MB": "1"}, "too_large",
                  "file unpacks to 2.8 MB, over the 1 MB limit"),
    "shared.pdf": (lambda: pdf_shared_stream(4, 10_000), {"CHUANYU_MAX_STREAM_MB": "1"},
                   "too_large", "page content decodes to over the 1 MB limit"),
    "pages.pdf": (lambda: pdf_pages(5), {"CHUANYU_MAX_PDF_PAGES": "3"}, "too_large",
                  "PDF has 5 pages, over the 3 limit"),
    "locked.pdf": (lambda: pdf_pages(1, "secret"), {}, "encrypted", "password-protected"),
    "long.txt": (lambda: ("涪陵区高新技术企业186家。" * 20).encode(), {"CHUANYU_MAX_CHARS": "100"},
                 "too_long", "characters, over the 100 limit"),
    # thousands of figures: far more work than the budget, however a busy machine schedules
    "slow.txt": (lambda: ("2023年，涪陵区高新技术企业达到186家。" * 3000).encode(),
                 {"CHUANYU_TIME_BUDGET_S": "0.001"}, "too_slow", "longer than the 0.001 s limit"),
}  # fmt: skip


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_upload_is_refused_by_name(data: Path, monkeypatch, name: str) -> None:
    build, env, key, words = HOSTILE[name]
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    before = snapshot(data)
    with pytest.raises(InputError) as err:
        ingest.preview(build(), name, raw_dir=data / "raw", processed=data / "processed")
    assert err.value.reason_key == key
    assert str(err.value).startswith(f"{name}: ") and words in str(err.value)
    assert snapshot(data) == before


def test_a_run_refuses_hostile_files_and_reads_the_rest(data: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHUANYU_MAX_UNPACKED_MB", "1")
    monkeypatch.setenv("CHUANYU_MAX_STREAM_MB", "1")
    raw = data / "raw"
    (raw / "bomb.docx").write_bytes(docx_bomb(2))
    (raw / "shared.pdf").write_bytes(pdf_shared_stream(4, 10_000))
    before = snapshot(raw)
    summary = pipeline.run(inputs=(raw,), out=data / "processed")
    assert summary.articles == 5
    assert sorted(f.split(":")[0] for f in summary.failed) == ["bomb.docx", "shared.pdf"]
    assert snapshot(raw) == before


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_the_time_budget_stops_the_work() -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        bounded.call(_sleep, 60, "slow.txt", 0.3, 0)
    assert err.value.reason_key == "too_slow" and str(err.value).startswith("slow.txt: ")
    assert time.monotonic() - started < 30  # stopped, not waited out


def test_one_slow_article_does_not_stop_the_rest_of_its_batch() -> None:
    outcomes = list(bounded.call_many(_sleep, [0, 60, 0], ["a", "b", "c"], 2.0, 0))
    assert outcomes[0] == 0 and outcomes[2] == 0
    assert isinstance(outcomes[1], InputError) and outcomes[1].reason_key == "too_slow"


def test_the_memory_cap_stops_a_hungry_reader() -> None:
    with pytest.raises(InputError) as err:
        bounded.call(lambda n: len(bytearray(n)), 2**30, "hungry.docx", 30, 100 * 2**20)
    assert err.value.reason_key == "too_much_memory" and "100 MB memory limit" in str(err.value)


def test_errors_of_the_work_reach_the_caller() -> None:
    def bad(_: object) -> None:
        raise InputError("x.txt", "file is empty", "empty")

    with pytest.raises(InputError, match=r"x\.txt: file is empty"):
        bounded.call(bad, None, "x.txt", 30, 0)
