"""Downloads are built when clicked, not on every rerun; their content is what the reader needs.

The bytes a click produces are checked in the browser test (a real download); here, that the
page runs build none of them, and that the table they are made from reads as it should.
"""

from __future__ import annotations

import pandas as pd
import pytest
from app_support import app_env, open_page  # noqa: F401 - fixture

import review
from dashboard import export, figures


@pytest.mark.parametrize(("page", "n"), [("views/data_export.py", 3), ("views/compare.py", 2)])
def test_downloads_are_deferred(app_env, page: str, n: int) -> None:  # noqa: F811
    at = open_page(page)
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == n
    for button in buttons:
        assert button.proto.deferred_file_id and not button.proto.url


def test_csv_of_a_hand_entered_figure_is_safe_and_readable(app_env, processed) -> None:  # noqa: F811
    # A hand-entered figure whose source note a spreadsheet would run as a formula.
    review.add_manual(
        "遂宁市", "high_tech_enterprises", "value", 210, 2024,
        source_note='=HYPERLINK("http://example.com","x")', unit="家", db=app_env,
    )  # fmt: skip
    facts = review.apply_corrections(
        pd.read_csv(processed / "facts.csv", dtype=str, keep_default_na=False), app_env
    )
    facts["value"] = pd.to_numeric(facts["value"])
    documents = pd.read_csv(processed / "documents.csv", dtype=str, keep_default_na=False)
    table = figures.headed(figures.readable(facts, documents, "zh"), "zh")
    body = export.csv_bytes(table)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("地区,级别,指标,类型,数值,单位,限定")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text
