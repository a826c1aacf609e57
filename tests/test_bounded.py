"""Bounded children: a pool worker keeps one between batches, a process that lives on does not."""

from __future__ import annotations

import multiprocessing
import os
import time

from extract import bounded
from extract.errors import InputError


def _pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _batches(out: multiprocessing.Queue) -> None:
    """Three batches and one that runs over, in a worker; which children read them."""
    first = list(bounded.call_many(_pid, [0, 0], ["a", "b"], 30, 0))
    second = list(bounded.call_many(_pid, [0], ["c"], 30, 0))
    slow = list(bounded.call_many(_pid, [0, 60, 0], ["d", "e", "f"], 1.0, 0))
    after = list(bounded.call_many(_pid, [0], ["g"], 30, 0))
    out.put((first, second, [o if isinstance(o, int) else o.reason_key for o in slow], after))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split()[2] != "Z"  # a zombie is gone, waiting to be reaped


def test_a_worker_keeps_its_child_until_one_runs_over() -> None:
    out = multiprocessing.get_context("fork").Queue()
    worker = multiprocessing.get_context("fork").Process(target=_batches, args=(out,))
    worker.start()
    first, second, slow, after = out.get(timeout=60)
    worker.join(30)
    assert len(set(first)) == 1 and second == first[:1]  # one child for both batches
    assert slow[0] == first[0] and slow[1] == "too_slow"  # the kept one ran over: stopped
    assert slow[2] != first[0] and after == slow[2:]  # a fresh one took the rest, then kept
    deadline = time.monotonic() + 10
    while _alive(after[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(after[0])  # the worker gone, its kept child is gone too


def test_a_process_that_lives_on_forks_a_child_per_batch() -> None:
    first = list(bounded.call_many(_pid, [0, 0], ["a", "b"], 30, 0))
    second = list(bounded.call_many(_pid, [0], ["c"], 30, 0))
    assert len(set(first)) == 1 and second[0] != first[0] and os.getpid() not in first + second
    assert not bounded._kept


def test_a_kept_child_is_renewed_after_its_share(monkeypatch) -> None:
    monkeypatch.setattr(bounded, "KEPT_ITEMS", 2)
    out = multiprocessing.get_context("fork").Queue()
    worker = multiprocessing.get_context("fork").Process(target=_batches, args=(out,))
    worker.start()
    first, second, _, _ = out.get(timeout=60)
    worker.join(30)
    assert second[0] != first[0]  # two articles read: the next batch has a fresh child


def test_an_error_raised_by_the_work_stops_the_kept_child() -> None:
    def work(out: multiprocessing.Queue) -> None:
        try:
            list(bounded.call_many(_fails, [1], ["x"], 30, 0))
        except ValueError:
            out.put(len(bounded._kept))

    out = multiprocessing.get_context("fork").Queue()
    worker = multiprocessing.get_context("fork").Process(target=work, args=(out,))
    worker.start()
    assert out.get(timeout=60) == 0
    worker.join(30)


def _fails(_: int) -> None:
    raise ValueError("broken")


def test_input_errors_leave_the_kept_child_reading() -> None:
    def work(out: multiprocessing.Queue) -> None:
        outcomes = list(bounded.call_many(_refuse, [1, 2], ["x", "y"], 30, 0))
        again = list(bounded.call_many(_pid, [0], ["z"], 30, 0))
        out.put(([str(o) for o in outcomes], again, bounded._kept[0].process.pid))

    out = multiprocessing.get_context("fork").Queue()
    worker = multiprocessing.get_context("fork").Process(target=work, args=(out,))
    worker.start()
    messages, again, kept = out.get(timeout=60)
    worker.join(30)
    assert messages == ["1.txt: file is empty", "2.txt: file is empty"] and again == [kept]


def _refuse(n: int) -> None:
    raise InputError(f"{n}.txt", "file is empty", "empty")
