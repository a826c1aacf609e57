"""The map: every seed region coloured at its own level, the rest grey as 未报道, no tiles."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from app_support import SEED_REGIONS, app_env, open_page  # noqa: F401 - fixture

from dashboard import maps

LEVEL = {"成都市": "city", "遂宁市": "city", "涪陵区": "county", "龙泉驿区": "county",
         "绵阳高新区": "zone"}  # fmt: skip


def traces(at) -> list[dict]:
    return [t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]]


@pytest.mark.parametrize("region", SEED_REGIONS)
def test_map_colours_every_seed_region(app_env, processed: Path, region: str) -> None:  # noqa: F811
    wide = pd.read_csv(processed / "metrics_wide.csv", dtype=str, keep_default_na=False)
    metric = wide[(wide["region"] == region) & (wide["kind"] == "value")]["metric_id"].iloc[0]
    at = open_page("views/map.py", metric=metric, level=LEVEL[region])
    assert not at.exception, [e.value for e in at.exception]
    drawn = traces(at)
    mine = [t for t in drawn if t.get("meta", {}).get("regions") == [region]]
    assert mine, f"{region} has its own coloured shape or point"
    colour = mine[0].get("fillcolor") or mine[0]["marker"]["color"]
    assert colour != maps.MISSING_FILL
    grey = [
        t
        for t in drawn
        if maps.MISSING_FILL in (t.get("fillcolor"), t.get("marker", {}).get("color"))
    ]
    assert grey and region not in grey[0]["meta"]["regions"]
    assert grey[0]["name"] == "未报道"


def test_map_needs_no_tile_server(app_env) -> None:  # noqa: F811
    at = open_page("views/map.py")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert all(t["type"] == "scatter" for t in spec["data"])  # plain axes: no geo, no mapbox
    assert "mapbox" not in spec["layout"] and "geo" not in spec["layout"]


def test_every_division_has_an_outline_and_every_zone_a_point() -> None:
    regions = pd.read_csv(Path(maps.BOUNDARIES).parent / "regions.csv", dtype=str)
    assert set(regions.loc[regions["level"] == "county", "name"]) <= set(maps.shapes("county"))
    assert set(regions.loc[regions["level"] == "zone", "name"]) == set(maps.zone_points())
    assert "重庆市" in maps.shapes("city")  # the municipality beside Sichuan's prefectures
