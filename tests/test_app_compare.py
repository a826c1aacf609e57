"""The compare page: default selection, and a target never drawn as an achieved value."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from app_support import SEED_REGIONS, app_env, open_page  # noqa: F401 - fixture


def chart_traces(at) -> list[dict]:
    charts = at.get("plotly_chart")
    assert charts, "the compare page draws a chart"
    return [t for c in charts for t in json.loads(c.proto.spec)["data"]]


def test_default_selection_has_every_seed_region(app_env) -> None:  # noqa: F811
    at = open_page("views/compare.py")
    assert not at.exception
    assert set(SEED_REGIONS) <= set(at.multiselect(key="regions").value)


def test_default_chart_holds_no_target(app_env, processed: Path) -> None:  # noqa: F811
    facts = pd.read_csv(processed / "facts.csv", dtype=str, keep_default_na=False)
    targets = set(facts.loc[facts["kind"] == "target", "fact_id"])
    assert targets, "the corpus states targets (涪陵区 瞄准300家), so this test means something"
    at = open_page("views/compare.py")
    bars = [t for t in chart_traces(at) if t["type"] == "bar"]
    assert bars
    for trace in bars:
        for kind, fact_ids in trace["customdata"]:
            assert kind == "value"
            assert not set(str(fact_ids).split(";")) & targets


def test_target_view_is_marked(app_env) -> None:  # noqa: F811
    at = open_page("views/compare.py", kind="target")
    assert not at.exception
    texts = [x for t in chart_traces(at) if t["type"] == "bar" for x in t.get("text", [])]
    assert texts and all(x.startswith("目标") for x in texts)


def test_presentation_mode_hides_controls_and_names_png(app_env) -> None:  # noqa: F811
    at = open_page("views/compare.py", present="1")
    assert not at.exception
    assert not at.main.get("button_group")  # kind and view controls hidden
    chart = at.get("plotly_chart")[0]
    config = json.loads(chart.proto.config)
    options = config["toImageButtonOptions"]
    assert options["format"] == "png" and options["scale"] == 3
    assert options["filename"].endswith("_对比") and "高新技术企业" in options["filename"]


def test_presenting_takes_one_click_each_way(app_env) -> None:  # noqa: F811
    at = open_page("views/compare.py")
    assert "present" not in at.query_params
    at.button(key="present_on").click().run()
    assert not at.exception
    # The run that answers the click is already presenting, and the URL says so.
    assert at.query_params.get("present") in ("1", ["1"])
    assert not at.title and not at.main.get("button_group")
    assert at.get("plotly_chart")
    at.button(key="present_off").click().run()
    assert "present" not in at.query_params
    assert at.title[0].value == "地区对比" and at.main.get("button_group")


def test_log_switch_only_where_it_means_something(app_env) -> None:  # noqa: F811
    assert open_page("views/compare.py").toggle(key="log")
    for view in ("table", "trend"):
        at = open_page("views/compare.py", view=view)
        assert not at.exception
        assert not [w for w in at.toggle if w.key == "log"]


def test_a_replayed_chart_follows_the_selection(app_env) -> None:  # noqa: F811
    """Charts come back from Streamlit's cache on a rerun of the same selection: another
    selection draws its own chart, and going back shows the first one as it was."""
    at = open_page("views/compare.py")
    first = at.get("plotly_chart")[0].proto.spec
    at.run()
    assert at.get("plotly_chart")[0].proto.spec == first
    at.button_group(key="kind").set_value("target").run()
    assert not at.exception
    target = at.get("plotly_chart")[0].proto.spec
    assert target != first
    assert all(x.startswith("目标") for x in chart_traces(at)[0].get("text", []))
    at.button_group(key="kind").set_value("value").run()
    assert at.get("plotly_chart")[0].proto.spec == first
