"""A correction made by a person survives extracting the whole corpus again."""

from __future__ import annotations

import shutil
from pathlib import Path

from review_support import built_tables, copy_data  # noqa: F401 - fixture

import review
from extract import pipeline, tables


def test_correction_survives_a_full_rerun(tmp_path: Path, built_tables: Path) -> None:  # noqa: F811
    data = copy_data(tmp_path, built_tables)
    db = data / "review.sqlite"
    facts = tables.read_tables(data / "processed")["facts"]
    wide_facts = facts[facts["scope"].fillna("") == ""]
    group = ["region", "metric_id", "kind", "year"]
    alone = wide_facts.groupby(group, dropna=False)["fact_id"].transform("size") == 1
    target = wide_facts[alone].iloc[0]  # the only candidate for its cell of the wide table
    dropped = wide_facts[wide_facts["fact_id"] != target["fact_id"]].iloc[0]
    key = review.key_of(target)
    review.correct(
        key, {"value": 123456}, "checked in the statistics bulletin", original=target, db=db
    )
    review.reject(review.key_of(dropped), "not a region figure", db=db)

    # everything extracted again from scratch: new output folder, no cache
    shutil.rmtree(data / "cache", ignore_errors=True)
    rerun = tmp_path / "rerun"
    pipeline.run(inputs=(data / "raw",), manifest=data / "raw" / "manifest.csv", out=rerun)
    again = tables.read_tables(rerun)["facts"]
    assert review.key_of(target) in {review.key_of(r) for _, r in again.iterrows()}

    shown = review.apply_corrections(again, db)
    row = shown[shown["fact_id"] == target["fact_id"]].iloc[0]
    assert row["value"] == 123456 and row["review"] == "corrected"
    assert dropped["fact_id"] not in set(shown["fact_id"])
    assert review.orphans(again, db).empty

    wide = tables.wide_table(shown)
    chosen = wide[
        (wide["region"] == target["region"])
        & (wide["metric_id"] == target["metric_id"])
        & (wide["kind"] == target["kind"])
        & (wide["year"].astype(str) == str(target["year"]))
    ]
    assert len(chosen) == 1 and chosen.iloc[0]["value"] == 123456
    assert chosen.iloc[0]["fact_ids"] == target["fact_id"]
