"""川渝 on a map: the divisions of one level coloured by a metric, zones as points.

The outlines are data/gazetteer/boundaries.geojson (scripts/build_map.py), drawn as filled
shapes on plain axes: no base map, no tile server, nothing fetched by the browser. A region
without the figure is grey and says 未报道; the colour scale and its legend state the unit.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard import labels
from dashboard.charts import FONT, metric_title, notes_for
from dashboard.escape import plotly
from dashboard.i18n import region_name, t
from extract import paths

BOUNDARIES = paths.DATA / "gazetteer" / "boundaries.geojson"
LEVELS = ("city", "county", "zone")
SCALE = "Blues"
MISSING_FILL, EDGE = "#e4e4e4", "#ffffff"
# Degrees of longitude are shorter than degrees of latitude at 30°N: keep shapes true.
ASPECT = 1 / math.cos(math.radians(30))


@functools.cache
def _features() -> tuple[dict, ...]:
    return tuple(json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"])


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


@functools.cache
def shapes(level: str) -> dict[str, tuple[np.ndarray, np.ndarray, tuple[float, float]]]:
    """name → (xs, ys, label point) of the areas drawn at `level`; NaN between rings.

    Prefectures are drawn with 重庆市 as one area beside them; zones, which have no outline,
    over the prefectures. Coordinates are arrays, not lists: Plotly copies and sends an array
    as one block, where a list costs a Python object per point on every page run.
    """
    area_level = "city" if level == "zone" else level
    out = {}
    for feature in _features():
        props = feature["properties"]
        is_area = props["level"] == area_level or (
            area_level == "city" and props["level"] == "province" and props["code"] == "500000"
        )
        if not is_area:
            continue
        # Each ring, then a NaN: the line and its fill break there, as at a null. Single
        # precision is a metre at these longitudes and halves what every page run sends.
        rings = [np.array(ring, dtype=np.float32) for ring in _rings(feature["geometry"])]
        gap = np.full((1, 2), np.nan, dtype=np.float32)
        points = np.concatenate([part for ring in rings for part in (ring, gap)])
        biggest = max(rings, key=len)
        point = (float(biggest[:, 0].mean()), float(biggest[:, 1].mean()))
        out[props["name"]] = (points[:, 0].copy(), points[:, 1].copy(), point)
    return out


@functools.cache
def zone_points() -> dict[str, tuple[float, float]]:
    return {
        f["properties"]["name"]: tuple(f["geometry"]["coordinates"])
        for f in _features()
        if f["properties"]["level"] == "zone"
    }


def regions_at(level: str) -> list[str]:
    """Every region the map can show at `level`, whether or not it reports the metric."""
    return list(zone_points()) if level == "zone" else list(shapes(level))


def map_figure(
    rows: pd.DataFrame, metric: str, level: str, sources: Sequence[str], lang: str
) -> go.Figure:
    """rows: selection.latest for the regions of `level`; missing values are 未报道."""
    reported = rows[rows["value"].notna()]
    values = [
        labels.in_reader_unit(v, u, lang)
        for v, u in zip(reported["value"], reported["unit"], strict=True)
    ]
    # The scale starts at zero (or the lowest negative growth): a lone value is not "the top".
    low, high = (min(0.0, *values), max(values)) if values else (0.0, 1.0)
    high = high if high > low else low + 1.0

    def colour(value: float) -> str:
        return _shade(0.5 if high == low else (value - low) / (high - low))

    fig = go.Figure()
    areas = shapes(level)
    missing_name = t("common.not_reported", lang)
    grey = [n for n in areas if level == "zone" or n not in set(reported["region"])]
    fig.add_trace(_area(grey, areas, MISSING_FILL, missing_name, level != "zone"))
    text = {r["region"]: _label(r, lang) for r in reported.to_dict("records")}
    shown = {r: v for r, v in zip(reported["region"], values, strict=True)}
    if level != "zone":
        # Each reported area has its value in the legend; on the map only its name, which
        # neighbours (成都市, 遂宁市) would otherwise write over each other.
        for region, value in shown.items():
            if region in areas:
                fig.add_trace(_area([region], areas, colour(value), text[region], True))
        names = [r for r in shown if r in areas]
        fig.add_trace(
            _labels([areas[r][2] for r in names], [plotly(region_name(r, lang)) for r in names])
        )
    else:
        points = zone_points()
        silent = [z for z in points if z not in shown]
        hover = [
            plotly(t("fmt.name_value", lang, name=region_name(z, lang), value=missing_name))
            for z in silent
        ]
        fig.add_trace(_points(silent, points, MISSING_FILL, hover, missing_name, small=True))
        for zone in [z for z in shown if z in points]:
            fig.add_trace(_points([zone], points, colour(shown[zone]), [text[zone]], text[zone]))
    fig.add_trace(_colour_bar(low, high))
    unit = reported["unit"].iloc[0] if len(reported) else ""
    kind = str(rows["kind"].iloc[0]) if len(rows) else "value"
    parts = [metric_title(metric, str(unit), lang), t(f"kind.{kind}", lang)]
    title = " · ".join([*parts, t(f"map.level_{level}", lang)])
    notes = [t("map.note_missing", lang), *notes_for(reported, sources, lang)]
    fig.add_annotation(
        text="<br>".join(notes), xref="paper", yref="paper", x=0, y=0, yshift=-10,
        xanchor="left", yanchor="top", align="left", showarrow=False,
        font={"size": 11, "color": "#555"},
    )  # fmt: skip
    # Room on the left of the outline for the legend.
    left = min(float(np.nanmin(a[0])) for a in areas.values())
    right = max(float(np.nanmax(a[0])) for a in areas.values())
    width = right - left
    fig.update_xaxes(visible=False, range=[left - 0.35 * width, right + 0.02 * width])
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=ASPECT)
    fig.update_layout(
        title={"text": title, "xref": "paper", "x": 0, "xanchor": "left", "font": {"size": 20}},
        font={"family": FONT, "size": 13},
        height=640 + 18 * len(notes),
        margin={"l": 10, "r": 10, "t": 60, "b": 30 + 18 * len(notes)},
        showlegend=True,
        legend={"x": 0, "y": 0.98, "yanchor": "top", "bgcolor": "rgba(255,255,255,0.85)"},
        plot_bgcolor="white",
        hoverlabel={"namelength": -1},
    )
    return fig


def _shade(share: float) -> str:
    # The palest quarter of the scale is left out: it would read as the grey of 未报道.
    return sample_colorscale(SCALE, [0.25 + 0.75 * share])[0]


def _label(row: dict, lang: str) -> str:
    name, value = region_name(row["region"], lang), labels.format_row(row, lang)
    return plotly(t("fmt.name_value", lang, name=name, value=value))


def _area(names: Sequence[str], areas: dict, fill: str, name: str, legend: bool) -> go.Scatter:
    xs = np.concatenate([areas[n][0] for n in names]) if names else []
    ys = np.concatenate([areas[n][1] for n in names]) if names else []
    return go.Scatter(
        x=xs, y=ys, fill="toself", fillcolor=fill, mode="lines",
        line={"color": EDGE if fill != MISSING_FILL else "#bdbdbd", "width": 0.6},
        name=name, showlegend=legend, hoveron="fills", hoverinfo="name",
        meta={"regions": list(names)},
    )  # fmt: skip


def _labels(points: Sequence[tuple[float, float]], text: Sequence[str]) -> go.Scatter:
    return go.Scatter(
        x=[p[0] for p in points], y=[p[1] for p in points], text=list(text), mode="text",
        textfont={"size": 11, "color": "#111"}, showlegend=False, hoverinfo="skip",
    )  # fmt: skip


def _points(
    names: Sequence[str],
    points: dict,
    colour: str,
    hover: Sequence[str],
    name: str,
    small: bool = False,
) -> go.Scatter:
    return go.Scatter(
        x=[points[n][0] for n in names], y=[points[n][1] for n in names], mode="markers",
        hovertext=list(hover), hoverinfo="text", name=name,
        marker={"size": 8 if small else 15, "color": colour, "symbol": "diamond",
                "line": {"color": "#333", "width": 1}},
        meta={"regions": list(names)},
    )  # fmt: skip


def _colour_bar(low: float, high: float) -> go.Scatter:
    # An invisible point that carries the colour bar of the scale the areas were filled from.
    return go.Scatter(
        x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
        marker={"colorscale": [[0, _shade(0.0)], [1, _shade(1.0)]], "cmin": low, "cmax": high,
                "color": [low], "showscale": True, "colorbar": {"thickness": 12, "len": 0.6}},
    )  # fmt: skip
