"""AppTest of the 添加文章 and 校对 pages on a private copy of data/."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_support import (  # noqa: F401 - built_tables is a fixture
    ARTICLE,
    built_tables,
    copy_data,
    snapshot,
    unescaped,
)
from streamlit.testing.v1 import AppTest

import review
from dashboard import review_ui
from extract import ingest, tables

VIEWS = Path(__file__).resolve().parent.parent / "views"


@pytest.fixture
def data(tmp_path: Path, built_tables: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    data = copy_data(tmp_path, built_tables)
    monkeypatch.setenv("CHUANYU_RAW", str(data / "raw"))
    monkeypatch.setenv("CHUANYU_PROCESSED", str(data / "processed"))
    monkeypatch.setenv("CHUANYU_REVIEW_DB", str(data / "review.sqlite"))
    return data


def page(name: str, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(VIEWS / name), default_timeout=120)
    if lang != "zh":
        at.query_params["lang"] = lang
    return at.run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_add_upload_preview_save_then_duplicate_refused(data: Path) -> None:
    at = page("add_article.py")
    assert not at.exception
    before = snapshot(data)
    at.file_uploader(key="add_files").upload("涪陵.txt", ARTICLE.encode(), "text/plain")
    at.run()
    assert not at.exception
    fields = {w.key.rsplit("_", 1)[-1]: w.value for w in at.text_input if w.key != "add_paste_name"}
    assert fields["region"] == "涪陵区" and fields["published"] == "2023-01-29"
    assert any("将提取的数字" in m.value for m in at.markdown)
    assert snapshot(data) == before  # the preview stored nothing

    next(w for w in at.text_input if w.key.endswith("_source")).input("重庆日报（校）")
    next(b for b in at.button if b.key.endswith("_save")).click().run()
    assert not at.exception
    assert "已保存为" in at.success[0].value
    rows = ingest.read_manifest(data / "raw" / "manifest.csv")
    assert rows[-1]["source"] == "重庆日报（校）"
    assert rows[-1]["doc_id"] in set(tables.read_tables(data / "processed")["facts"]["doc_id"])

    again = page("add_article.py")
    again.file_uploader(key="add_files").upload("copy.txt", ARTICLE.encode(), "text/plain")
    again.run()
    assert "已收录" in again.warning[0].value and rows[-1]["doc_id"] in again.warning[0].value
    assert not [b for b in again.button if b.key.endswith("_save")]


def test_add_bad_file_is_named_in_the_interface_language(data: Path) -> None:
    before = snapshot(data)
    at = page("add_article.py", lang="en")
    at.file_uploader(key="add_files").upload("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64))
    at.run()
    assert not at.exception
    assert (
        unescaped(at.error[0].value)
        == "Cannot read photo.txt: the file is not text (perhaps an image or program renamed)"
    )
    assert snapshot(data) == before


def test_add_pasted_html_is_shown_as_text(data: Path) -> None:
    at = page("add_article.py")
    at.text_area(key="add_paste").input("<script>alert(1)</script>" + ARTICLE).run()
    assert not at.exception
    assert not any("<script" in m.value for m in at.markdown)
    assert any("<script>alert(1)</script>" in t.value for t in at.text)


def test_review_confirm_correct_reject(data: Path) -> None:
    db = data / "review.sqlite"
    at = page("review.py")
    assert not at.exception

    facts = tables.read_tables(data / "processed")["facts"]

    def pick(i: int) -> review.FactKey:
        # the page lists review_rows in order; rejecting keeps the row, so indices stay put
        row = review_ui.review_rows(facts, db).iloc[i]
        at.selectbox(key="review_pick").set_value(review_ui.fact_id(row)).run()
        return review.key_of(row)

    first = pick(0)
    button(at, "确认").click().run()
    assert "已确认" in at.success[0].value

    second = pick(1)
    fid = f"{second.doc_id}_{second.figure_start}_{second.metric_id}"
    assert not [w for w in at.text_input if w.key == f"{fid}_value"]  # asked for, not run
    at.toggle(key="review_correct_open").set_value(True).run()
    at.text_input(key=f"{fid}_value").input("999")
    at.text_input(key="review_comment").input("按统计公报更正")
    button(at, "保存更正").click().run()
    assert not at.exception and at.success[0].value == "已更正：数值。"  # the field in words

    third = pick(2)
    button(at, "驳回").click().run()
    assert "已驳回" in at.success[0].value

    state = review.reviews(db).set_index(["doc_id", "figure_start", "metric_id"])["status"]
    assert state[tuple(first)] == "confirmed" and state[tuple(second)] == "corrected"
    assert state[tuple(third)] == "rejected"
    shown = review.apply_corrections(facts, db)
    assert 999 in set(shown["value"])
    history = review.history(db, second)
    assert history.iloc[-1][["new_value", "comment"]].tolist() == ["999", "按统计公报更正"]

    # the history of the picked fact is on the page
    pick(1)
    assert any("999" in set(d.value.get("新值", [])) for d in at.dataframe)


def test_review_manual_entry_and_bad_value(data: Path) -> None:
    at = page("review.py", lang="en")
    assert not [w for w in at.text_input if w.key == "manual_value"]  # closed: not run
    at.session_state["review_manual_open"] = True  # the reviewer opens the section
    at.run()
    # Region and metric are picked from lists by name, not typed as ids.
    at.selectbox(key="manual_region").set_value("成都市")
    at.selectbox(key="manual_metric").set_value("high_tech_enterprises")
    at.text_input(key="manual_value").input("lots")
    at.text_input(key="manual_year").input("2024")
    at.text_input(key="manual_note").input("2024 statistics bulletin")
    button(at, "Add figure").click().run()
    assert "the value is not a number" in at.error[0].value
    at.text_input(key="manual_value").input("13000")
    button(at, "Add figure").click().run()
    assert not at.exception and "Added (manual:" in at.success[0].value
    assert review.manual_facts(data / "review.sqlite")["value"].tolist() == [13000.0]


def test_review_picker_follows_the_filters(data: Path) -> None:
    at = page("review.py")
    facts = tables.read_tables(data / "processed")["facts"]
    rows = review_ui.review_rows(facts, data / "review.sqlite")
    first = rows.iloc[0]
    other = rows[rows["metric_id"] != first["metric_id"]].iloc[0]
    at.session_state["review_correct_open"] = True
    at.multiselect(key="review_metrics").set_value([other["metric_id"]]).run()
    assert not at.exception
    picker = at.selectbox(key="review_pick")
    picked = rows[[review_ui.fact_id(r) == picker.value for r in rows.to_dict("records")]]
    assert picked["metric_id"].tolist() == [other["metric_id"]]
    # The form edits the fact the picker names, and shows its metric by name.
    key = review.key_of(picked.iloc[0])
    fid = f"{key.doc_id}_{key.figure_start}_{key.metric_id}"
    assert at.selectbox(key=f"{fid}_metric").value == other["metric_id"]
    assert "high_tech" not in picker.format_func(picker.value)


def test_a_unit_is_chosen_and_read_in_the_readers_words(data: Path) -> None:
    """Units are stored as the articles write them (家) and read as words in English, in
    the form and in the history; a correction picks one from the list."""
    db = data / "review.sqlite"
    at = page("review.py", lang="en")
    facts = tables.read_tables(data / "processed")["facts"]
    row = review_ui.review_rows(facts, db).query("unit == '家'").iloc[0]
    key = review.key_of(row)
    at.selectbox(key="review_pick").set_value(review_ui.fact_id(row))
    at.toggle(key="review_correct_open").set_value(True).run()
    fid = f"{key.doc_id}_{key.figure_start}_{key.metric_id}"
    unit = at.selectbox(key=f"{fid}_unit")
    assert unit.value == "家" and unit.format_func("家") == "firms"
    assert set(unit.options) >= {"firms", "bn yuan", "units"}  # the list, in words
    unit.set_value("个")
    button(at, "Save correction").click().run()
    assert not at.exception and at.success[0].value == "Corrected: Unit."
    assert (
        review.apply_corrections(facts, db).set_index("fact_id").at[row["fact_id"], "unit"] == "个"
    )
    changes = [d.value for d in at.dataframe if "New value" in d.value.columns]
    assert changes and changes[-1]["New value"].tolist()[-1] == "units"
    assert "家" not in changes[-1]["Old value"].tolist()
