"""Review forms and CSV import refuse what cannot be a figure, with a reason, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import review
from review import CorrectionError, FactKey

KEY = FactKey("d1", 10, "high_tech_enterprises")
FACT = {"value": 209.0, "unit": "家", "kind": "value"}


@pytest.mark.parametrize(
    ("changes", "reason_key"),
    [
        ({"year": "inf"}, "bad_year"),
        ({"year": "1e400"}, "bad_year"),
        ({"year": "2024.9"}, "bad_year"),
        ({"value": "1e400"}, "bad_value"),
        ({"value": "-5"}, "bad_value"),  # a negative count of firms
        ({"kind": "share", "unit": "%", "value": "130"}, "bad_value"),
    ],
)
def test_correction_refused(tmp_path: Path, changes: dict, reason_key: str) -> None:
    db = tmp_path / "review.sqlite"
    with pytest.raises(CorrectionError) as err:
        review.correct(KEY, changes, original=FACT, db=db)
    assert err.value.reason_key == reason_key
    assert not db.exists()


def test_a_whole_year_written_as_a_float_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite"
    review.correct(KEY, {"year": "2024.0"}, original=FACT, db=db)
    assert review.reviews(db)["fields"].iloc[0] == '{"year": 2024}'


@pytest.mark.parametrize(
    ("value", "year", "reason_key"),
    [("-3", "2023", "bad_value"), ("1e30", "2023", "bad_value"), ("3", "inf", "bad_year")],
)
def test_manual_entry_refused(tmp_path: Path, value: str, year: str, reason_key: str) -> None:
    db = tmp_path / "review.sqlite"
    with pytest.raises(CorrectionError) as err:
        review.add_manual(
            "涪陵区", "high_tech_enterprises", "value", value, year, "年报", "家", db=db
        )
    assert err.value.reason_key == reason_key
    assert not db.exists()


@pytest.mark.parametrize(
    ("cell", "value", "reason"),
    [("figure_start", "1" * 30, "out of range"), ("figure_start", "1e30", "not a whole number")],
)
def test_import_refuses_absurd_offsets(tmp_path: Path, cell: str, value: str, reason: str) -> None:
    source, target = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    review.correct(KEY, {"value": 1}, original=FACT, db=source)
    lines = review.export_csv(source).decode("utf-8-sig").splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    row[header.index(cell)] = value
    with pytest.raises(CorrectionError) as err:
        review.import_csv("\n".join([lines[0], ",".join(row)]).encode(), "r.csv", db=target)
    assert reason in str(err.value) and not target.exists()
