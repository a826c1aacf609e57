"""Where per-article work runs: in this process, on a pool of local processes, or on a
Dask cluster. Each engine maps one function over batches and yields results in order,
so every engine writes the same tables byte for byte.

Work is handed out a few batches ahead of the results taken back, never all at once: the
batches waiting and the results not yet written stay few however large the corpus.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from typing import TypeVar

ENGINES = ("serial", "process", "dask")
AHEAD = 4  # batches in flight per worker: enough to keep every worker busy
Item = TypeVar("Item")
Result = TypeVar("Result")


def workers_default() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_ordered(
    fn: Callable[[Item], Result],
    items: Iterable[Item],
    engine: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[Result]:
    """``fn`` over ``items``, results in the order of the items.

    ``process`` uses ``workers`` local processes (default: every core this process may
    use); ``dask`` submits to the scheduler at ``scheduler`` (``tcp://host:8786``), or to a
    local cluster when none is given. ``fn`` must be importable by the workers.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
    items = iter(items)
    head = list(islice(items, 0 if engine == "serial" else 2))
    if engine == "serial" or (engine == "process" and len(head) <= 1):
        yield from map(fn, chain(head, items))  # one item is not worth starting a pool
        return
    rest = chain(head, items)
    if engine == "process":
        n = workers or workers_default()
        with ProcessPoolExecutor(n, mp_context=_context(fn)) as pool:
            yield from _windowed(lambda item: pool.submit(fn, item), rest, AHEAD * n)
    else:
        yield from _dask(fn, rest, workers, scheduler)


def start_method() -> str:
    """How a pool started here would start its workers: ``fork`` or ``forkserver``."""
    return "fork" if threading.active_count() == 1 else "forkserver"


def _context(fn: Callable) -> BaseContext:
    """How pool workers start. A plain fork where no other Python thread runs (the command
    line): a worker is then at work at once, with everything this process has loaded. A
    fork server elsewhere (the dashboard calls this from a threaded server, and a fork
    there could inherit a lock another thread holds); the server imports ``fn``'s module
    and the main module once, so its workers fork with them loaded."""
    if start_method() == "fork":
        return get_context("fork")
    context = get_context("forkserver")
    context.set_forkserver_preload(["__main__", fn.__module__])
    return context


def _windowed(
    submit: Callable[[Item], Future], items: Iterator[Item], window: int
) -> Iterator[Result]:
    """Submit ``items`` keeping at most ``window`` unfinished; results in order."""
    pending: deque[Future] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _dask(
    fn: Callable[[Item], Result], items: Iterator[Item], workers: int | None, scheduler: str | None
) -> Iterator[Result]:
    from distributed import Client, LocalCluster  # imported only by runs that ask for Dask

    cluster = None if scheduler else LocalCluster(n_workers=workers or workers_default(),
                                                  threads_per_worker=1, processes=True)  # fmt: skip
    try:
        with Client(scheduler or cluster) as client:
            window = AHEAD * max(1, len(client.scheduler_info()["workers"]))
            yield from _windowed(lambda item: client.submit(fn, item, pure=False), items, window)
    finally:
        if cluster is not None:
            cluster.close()
