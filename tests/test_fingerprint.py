"""What keys a cached reading (the rules) and what stamps the tables (the build)."""

from __future__ import annotations

import shutil
from pathlib import Path

from extract import paths
from extract.cache import fingerprints, reading_modules


def _copy(tmp_path: Path) -> Path:
    """The package and its data under a root of their own, to change a file safely."""
    shutil.copytree(paths.ROOT / "extract", tmp_path / "extract")
    for data in ("catalogue", "gazetteer"):
        shutil.copytree(paths.ROOT / "data" / data, tmp_path / "data" / data)
    return tmp_path


def _touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")


def test_the_rules_are_what_a_reading_runs_and_not_what_writes_tables() -> None:
    names = {p.stem for p in reading_modules()}
    # the rules, however deep reading.py imports them
    assert {"reading", "facts", "classify", "attribute", "numbers", "numerals", "decode",
            "normalise", "gazetteer", "catalogue", "__init__"} <= names  # fmt: skip
    assert not names & {"output", "pipeline", "tables", "cache", "ingest", "cli", "evaluate"}


def test_a_rule_module_changes_the_rules_a_table_module_only_the_build(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    rules, build = fingerprints(root)
    assert (rules, build) == fingerprints(paths.ROOT)
    _touch(root / "extract" / "output.py")  # how tables are written: readings stay good
    _touch(root / "extract" / "pipeline.py")
    assert fingerprints(root)[0] == rules and fingerprints(root)[1] != build
    _, build = fingerprints(root)
    _touch(root / "extract" / "numerals.py")  # a rule imported through numbers.py
    assert fingerprints(root)[0] != rules and fingerprints(root)[1] != build
    rules, build = fingerprints(root)
    (root / "data" / "catalogue" / "metrics.csv").write_text("changed", encoding="utf-8")
    assert fingerprints(root)[0] != rules and fingerprints(root)[1] != build


def test_a_module_a_rule_starts_to_import_starts_to_count(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    assert "spreadsheet" not in {p.stem for p in reading_modules(root)}
    classify = root / "extract" / "classify.py"
    text = classify.read_text(encoding="utf-8")
    classify.write_text(text.replace("from extract import catalogue",
                                     "from extract import (  # a comment\n    catalogue,\n"
                                     "    spreadsheet,\n)", 1), encoding="utf-8")  # fmt: skip
    rules = fingerprints(root)[0]
    assert "spreadsheet" in {p.stem for p in reading_modules(root)}
    _touch(root / "extract" / "spreadsheet.py")
    assert fingerprints(root)[0] != rules
