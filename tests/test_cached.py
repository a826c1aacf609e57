"""The page layer's memo (dashboard.cached.shared): one build per key, however many ask."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from dashboard import cached


def test_sessions_asking_at_once_wait_for_one_build() -> None:
    builds: list[tuple] = []
    started = threading.Event()

    @cached.shared
    def slow(revision: tuple, regions: tuple) -> list[str]:
        builds.append((revision, regions))
        started.set()
        time.sleep(0.3)  # long enough that the other callers arrive during the build
        return list(regions)

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(slow, ("r", 1), ["成都市", "遂宁市"])
        started.wait(5)
        others = [pool.submit(slow, ("r", 1), ["成都市", "遂宁市"]) for _ in range(3)]
        results = [first.result(), *(o.result() for o in others)]
    assert builds == [(("r", 1), ("成都市", "遂宁市"))]  # a list is keyed as its tuple
    assert all(r is results[0] for r in results)  # shared, not copied
    slow(("r", 2), ["成都市", "遂宁市"])  # a new revision is a new entry
    assert len(builds) == 2
