"""The smaller hardening cases: folder modes, leftovers of killed runs, two runs into one
folder, mixed encodings, terminal escapes in file names, the HTML reader's dependency."""

from __future__ import annotations

import os
import threading
import time
import tomllib
from pathlib import Path

import pytest

from extract import cli, paths, pipeline, tables
from extract.atomic import StagingFolder
from extract.decode import decode_bytes

ARTICLE = "2023年，涪陵区高新技术企业达到186家。"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_the_output_folder_keeps_an_ordinary_mode(raw: Path, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        pipeline.run(inputs=(raw,), out=tmp_path / "out")
        assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755  # not mkdtemp's 0700
        os.chmod(tmp_path / "out", 0o750)
        pipeline.run(inputs=(raw,), out=tmp_path / "out")
        assert (tmp_path / "out").stat().st_mode & 0o777 == 0o750  # kept across runs
    finally:
        os.umask(umask)


def test_a_killed_runs_leftovers_are_cleaned_and_a_cut_swap_is_undone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = tmp_path / ".out-0123456789ab"
    stale.mkdir()
    (stale / "facts.csv").write_text("half")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    old = tmp_path / ".out-old-0123456789ab"  # killed between the two renames of a swap
    old.mkdir()
    (old / "facts.csv").write_text("the previous tables")
    staging = StagingFolder(out)
    try:
        assert not stale.exists()
        assert (out / "facts.csv").read_text() == "the previous tables"
        assert not old.exists() and staging.path.exists()
    finally:
        staging.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_two_runs_into_one_folder_both_succeed(raw: Path, tmp_path: Path) -> None:
    out, errors = tmp_path / "out", []

    def one() -> None:
        try:
            for _ in range(3):
                pipeline.run(inputs=(raw,), out=out)
        except Exception as err:  # collected: a failure in a thread must fail the test
            errors.append(err)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert tables.exist(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]


def test_a_mixed_encoding_file_is_read_line_by_line() -> None:
    data = "第一行：成都市高新技术企业。\n".encode() + "第二行：涪陵区高新技术企业。\n".encode(
        "gbk"
    )
    text, encoding, warnings = decode_bytes(data, "mixed.txt")
    assert text == "第一行：成都市高新技术企业。\n第二行：涪陵区高新技术企业。\n"
    assert encoding == "utf-8+gb18030" and any("mixed encodings" in w for w in warnings)


def test_terminal_escapes_in_file_names_are_printed_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "bad\x1b[2J\x1b]0;pwned\x07.txt").write_bytes(b"")
    assert cli.main([str(folder), "--out", str(tmp_path / "out"), "--engine", "serial"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "skipped bad\\x1b[2J\\x1b]0;pwned\\x07.txt: file is empty" in err


def test_the_html_reader_dependency_is_named() -> None:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [d.split(">")[0].split("=")[0].strip() for d in project["project"]["dependencies"]]
    assert "lxml_html_clean" in names
    import lxml_html_clean  # noqa: F401 - installed by the project's own files
