"""Every dashboard page runs on the bundled corpus without an exception, in both languages."""

from __future__ import annotations

import pytest
from app_support import app_env, open_page  # noqa: F401 - fixture

PAGES = (
    "views/overview.py",
    "views/compare.py",
    "views/region.py",
    "views/sources.py",
    "views/data_export.py",
)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs(app_env, page: str, lang: str) -> None:  # noqa: F811
    at = open_page(page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error


def test_english_changes_the_labels(app_env) -> None:  # noqa: F811
    zh = open_page("views/compare.py")
    en = open_page("views/compare.py", lang="en")
    assert zh.title[0].value == "地区对比"
    assert en.title[0].value == "Compare regions"
    assert en.multiselect(key="regions").label == "Regions"


def test_overview_shows_year_and_not_reported(app_env) -> None:  # noqa: F811
    at = open_page("views/overview.py")
    # A card is one Markdown block; its value is the heading line.
    lines = [line for m in at.markdown for line in m.value.splitlines()]
    values = [line.removeprefix("### ") for line in lines if line.startswith("### ")]
    assert "未报道" in values  # 涪陵区 states only a target for 高新技术企业
    assert any(v.startswith("≥450") for v in values)  # 龙泉驿区: 突破450家
    assert not any(v.strip() in {"0", "0 家"} for v in values)


def test_sources_page_emphasises_the_linked_fact(app_env, processed) -> None:  # noqa: F811
    import pandas as pd

    facts = pd.read_csv(processed / "facts.csv", dtype=str, keep_default_na=False)
    fact = facts[facts["figure_text"].str.contains("1.3万")].iloc[0]
    at = open_page("views/sources.py", doc=fact["doc_id"], fact=fact["fact_id"])
    assert not at.exception
    html = "".join(str(e.proto) for e in at.get("html"))
    assert f"fact-{fact['fact_id']}" in html


@pytest.mark.parametrize(("lang", "expected"), [("zh", "增速第6位"), ("en", "No. 6 by growth")])
def test_ranks_say_what_they_rank_on_every_page(app_env, lang: str, expected: str) -> None:  # noqa: F811
    """涪陵区's 高新技术企业 rank is a rank of its growth (增速排第6位), not of the count."""
    import json

    at = open_page("views/compare.py", lang=lang, kind="rank", regions="涪陵区")
    labels = [x for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]
              for x in t.get("hovertext") or []]  # fmt: skip
    assert any(expected in x for x in labels), labels
    at = open_page("views/region.py", lang=lang, region="涪陵区")
    cells = [str(v) for d in at.dataframe for column in d.value.columns for v in d.value[column]]
    assert any(expected in c for c in cells)
    at = open_page("views/data_export.py", lang=lang, table="facts")
    kinds = {str(v) for d in at.dataframe for v in d.value.iloc[:, 3]}
    assert ("排名（增速）" if lang == "zh" else "rank (growth)") in kinds
