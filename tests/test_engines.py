"""Every engine writes the same tables: in this process, on a process pool, on Dask."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from extract.cli import main as cli
from extract.engines import map_ordered, start_method
from extract.pipeline import run
from tests.corpus import CORPUS


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial") / "out"
    run([CORPUS], out=out, cache_dir=out.parent / "cache", engine="serial")
    return _files(out)


def test_process_pool_writes_the_same_bytes(serial, tmp_path) -> None:
    out = tmp_path / "out"
    summary = run([CORPUS], out=out, cache_dir=tmp_path / "cache", engine="process", workers=2)
    assert summary.reused == 0 and summary.articles == 5
    assert _files(out) == serial


def test_process_pool_beside_other_threads_writes_the_same_bytes(serial, tmp_path) -> None:
    """The dashboard reads articles beside its server's threads: workers come from a fork
    server there, not from a fork of a process whose other threads may hold locks."""
    seen = {}

    def build() -> None:
        seen["method"] = start_method()
        run([CORPUS], out=tmp_path / "out", cache_dir=tmp_path / "cache", engine="process",
            workers=2)  # fmt: skip

    thread = threading.Thread(target=build)
    thread.start()
    thread.join()
    assert seen["method"] == "forkserver"
    assert _files(tmp_path / "out") == serial


def test_dask_local_cluster_writes_the_same_bytes(serial, tmp_path, monkeypatch, capsys) -> None:
    from distributed import LocalCluster

    monkeypatch.setenv("CHUANYU_CACHE", str(tmp_path / "cache"))  # every article read on Dask
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:  # fmt: skip
        code = cli([str(CORPUS), "--out", str(tmp_path / "out"), "--engine", "dask",
                    "--scheduler", cluster.scheduler_address, "--no-csv"])  # fmt: skip
    assert code == 0 and "5 articles read (0 from cache)" in capsys.readouterr().out
    assert _files(tmp_path / "out") == serial
    assert {"facts/part-00.parquet", "metrics_wide/part-00.parquet", "index.parquet"} <= set(serial)


def test_results_keep_the_order_of_the_items() -> None:
    assert list(map_ordered(abs, [-3, 1, -2], "process", workers=2)) == [3, 1, 2]
    with pytest.raises(ValueError, match="engine 'gpu'"):
        list(map_ordered(abs, [1], "gpu"))
