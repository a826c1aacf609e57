"""Pages over a province's articles: each shows a screenful and says how many there are.

The bundled corpus is small, so the screenful (``data.SHOWN``) is made smaller here; the
pages take it when they run, as they would take the real one over 100,000 articles.
"""

from __future__ import annotations

import pytest
from app_support import app_env, open_page  # noqa: F401 - fixture

from dashboard import cached, data


@pytest.fixture
def small_screen(app_env, monkeypatch) -> int:  # noqa: F811
    monkeypatch.setattr(data, "SHOWN", 4)
    return 4


def _captions(at) -> str:  # type: ignore[no-untyped-def]
    return " ".join(c.value for c in at.caption)


def test_data_page_shows_the_first_rows_and_downloads_them_all(small_screen) -> None:
    at = open_page("views/data_export.py", lang="en")
    at.segmented_control(key="table").set_value("facts").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe[0].value) == small_screen
    total = cached.figure_count(data.revision(), "facts", ())
    assert f"{total} rows, the first {small_screen} shown" in _captions(at)
    table, documents = cached.everything(data.revision(), "facts", (), "en")
    assert len(table) == total > small_screen and len(documents) == 5


def test_review_page_lists_a_screenful(small_screen) -> None:
    at = open_page("views/review.py", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.selectbox(key="review_pick").options) == small_screen
    assert f"The first {small_screen} are shown" in _captions(at)
    assert len(at.selectbox(key="review_doc").options) == small_screen + 1  # and "all"


def test_sources_page_asks_for_a_region_first(small_screen) -> None:
    at = open_page("views/sources.py", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    regions = cached.article_regions(data.revision())
    assert len(at.selectbox(key="sources_region").options) == len(regions) == 5
    assert len(at.selectbox(key="doc").options) == 1  # the seed corpus: one article a region
    first = at.selectbox(key="doc").value
    at.selectbox(key="sources_region").set_value(regions[1]).run()
    assert not at.exception and at.selectbox(key="doc").value != first


def test_region_page_shows_the_latest_figures(app_env, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(data, "SHOWN", 2)
    at = open_page("views/region.py", lang="en", region="遂宁市")
    assert not at.exception, [e.value for e in at.exception]
    assert at.dataframe and all(len(frame.value) <= 2 for frame in at.dataframe)
    assert "The 2 most recent of" in _captions(at)
