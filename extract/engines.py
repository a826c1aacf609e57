"""Where per-article work runs: in this process, on a pool of local processes, or on a
Dask cluster. Each engine maps one function over batches and yields results in order,
so every engine writes the same tables byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

ENGINES = ("serial", "process", "dask")
Item = TypeVar("Item")
Result = TypeVar("Result")


def workers_default() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_ordered(
    fn: Callable[[Item], Result],
    items: Sequence[Item],
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
    if engine == "serial" or (engine == "process" and len(items) <= 1):
        yield from map(fn, items)
    elif engine == "process":
        # Not a plain fork (the dashboard calls this from a threaded server): workers fork
        # from a server that has imported the function's module once, so none re-imports it.
        context = get_context("forkserver")
        context.set_forkserver_preload([fn.__module__])
        with ProcessPoolExecutor(workers or workers_default(), mp_context=context) as pool:
            yield from pool.map(fn, items)
    else:
        yield from _dask(fn, items, workers, scheduler)


def _dask(
    fn: Callable[[Item], Result], items: Sequence[Item], workers: int | None, scheduler: str | None
) -> Iterator[Result]:
    from distributed import Client, LocalCluster  # imported only by runs that ask for Dask

    cluster = None if scheduler else LocalCluster(n_workers=workers or workers_default(),
                                                  threads_per_worker=1, processes=True)  # fmt: skip
    try:
        with Client(scheduler or cluster) as client:
            futures = client.map(fn, items, pure=False)
            for future in futures:
                yield future.result()
                future.release()  # a result once written need not stay on the cluster
    finally:
        if cluster is not None:
            cluster.close()
