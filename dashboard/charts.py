"""Chart builders: a DataFrame in, a plotly Figure out, with the honest-display rules built in.

Every figure carries its sources in a footnote; estimates are hatched; a bound (突破450家) reads
≥450; a missing figure reads 未报道 instead of a zero bar; different years and mixed region
levels are stated on the chart itself.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import labels
from dashboard.escape import plotly
from dashboard.i18n import metric_name, plotly_locale, region_name, t, unit_name

FONT = "Noto Sans CJK SC, Noto Sans CJK, sans-serif"
PALETTE = ("#1f5f99", "#d9822b", "#3c8d5a", "#a23b72", "#6b5b95", "#7f7f7f", "#c44e52", "#2a9d8f")
MISSING_COLOR = "#8a8a8a"


def region_colors(regions: Sequence[str]) -> dict[str, str]:
    """A colour per region from the list of every region with figures (not the selection),
    so a region keeps its colour on screen, in the PNG and in the deck as the selection
    changes."""
    return {r: PALETTE[i % len(PALETTE)] for i, r in enumerate(regions)}


def axis_label(region: str, level: str, lang: str) -> str:
    # A long English name takes two lines (Mianyang<br>High-tech Zone), never a slant.
    name = region_name(region, lang)
    lines = textwrap.wrap(name, 16, break_on_hyphens=False) if lang == "en" else [name]
    return "<br>".join([*(plotly(x) for x in lines), t(f"level.{level}", lang)])


def wrap_note(note: str, width: int) -> list[str]:
    """A note cut into lines of at most `width` Latin characters (a CJK character counts
    two), at spaces where there are any, so it never runs off the chart."""
    lines, line, used = [], "", 0
    for token in re.findall(r"\S+\s*|\s+", note) if " " in note else list(note):
        cost = sum(2 if ord(ch) > 0x2E80 else 1 for ch in token)
        if used + cost > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + cost
    return [*lines, line.rstrip()] if line.strip() else lines


def _values(rows: pd.DataFrame, lang: str) -> list[float | None]:
    """Values in the reader's unit (亿元 → bn yuan in English), as the labels state them."""
    return [
        labels.in_reader_unit(v, u, lang) for v, u in zip(rows["value"], rows["unit"], strict=True)
    ]


def _log_axis(log: bool) -> dict:
    # dtick=1: ticks at powers of ten only, not the stray 2s and 5s between them.
    return {"type": "log", "dtick": 1} if log else {"type": "linear"}


def notes_for(rows: pd.DataFrame, sources: Sequence[str], lang: str) -> list[str]:
    """The lines under a chart: mixed levels, mixed years, missing figures, estimates, sources.

    Region names and sources come from articles and corrections: escaped for Plotly.
    """
    present = rows[rows["value"].notna()]
    notes = []
    levels = list(dict.fromkeys(rows["region_level"].dropna()))
    if len(levels) > 1:
        names = "、" if lang == "zh" else ", "
        notes.append(
            t("chart.note_levels", lang, levels=names.join(t(f"level.{lv}", lang) for lv in levels))
        )
    if present.groupby("metric_id")["year"].nunique().gt(1).any():
        notes.append(t("chart.note_years", lang))
    if present["estimated"].astype(bool).any():
        notes.append(t("chart.note_estimate", lang))
    if (rows["kind"] == "target").any():
        notes.append(t("chart.note_target", lang))
    if "rank_of" in present and present.groupby("metric_id")["rank_of"].nunique().gt(1).any():
        notes.append(t("chart.note_rank_of", lang))  # each label says what it ranks
    missing = rows[rows["value"].isna()]
    if len(missing):
        items = [
            f"{plotly(region_name(r, lang))} · {metric_name(m, lang)}"
            for r, m in zip(missing["region"], missing["metric_id"], strict=True)
        ]
        # Four per line: a long list would run off the right edge of the chart.
        lines = ["; ".join(items[i : i + 4]) for i in range(0, len(items), 4)]
        notes += [t("chart.note_missing", lang, items=lines[0]), *lines[1:]]
    sources = [plotly(s) for s in sources]
    notes += [t("chart.note_sources", lang, sources=s) for s in sources[:1]] + sources[1:]
    return notes


def _finish(
    fig: go.Figure, title: str, notes: Sequence[str], height: int, present: bool
) -> go.Figure:
    size = 22 if present else 13
    line = size + 7
    notes = [part for note in notes for part in wrap_note(note, 110 if present else 150)]
    fig.add_annotation(
        text="<br>".join(notes),
        xref="paper", yref="paper", x=0, y=0, yshift=-4 * line, xanchor="left", yanchor="top",
        align="left", showarrow=False, font={"size": size - 3, "color": "#555"},
    )  # fmt: skip
    fig.update_xaxes(tickangle=0)
    bottom = line * (len(notes) + 5)
    fig.update_layout(
        # Aligned with the plot, not the image edge: the PNG keeps the margin the page has.
        title={
            "text": title,
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "font": {"size": size + 8},
        },
        font={"family": FONT, "size": size},
        height=height + bottom,
        margin={"l": 60, "r": 30, "t": 80 if not present else 100, "b": bottom},
        showlegend=False,
        bargap=0.35,
    )
    return fig


def _bar_trace(
    rows: pd.DataFrame, colors: dict[str, str], lang: str, horizontal: bool = False
) -> go.Bar:
    present = rows[rows["value"].notna()]
    estimated = present["estimated"].astype(bool).tolist()
    cats = [
        axis_label(r, lv, lang)
        for r, lv in zip(present["region"], present["region_level"], strict=True)
    ]
    records = present.to_dict("records")
    text = [plotly(labels.format_row(r, lang)) for r in records]
    # On a column the year goes under the value, so neighbouring labels do not collide.
    shown = text if horizontal else [
        f"{plotly(labels.format_row(r, lang, with_year=False))}<br>"
        f"({plotly(labels.format_row_year(r, lang))})"
        if labels.format_row_year(r, lang) else x
        for r, x in zip(records, text, strict=True)
    ]  # fmt: skip
    # customdata carries kind and fact ids so a test (or a click) can trace every bar.
    custom = list(
        zip(present["kind"], present.get("fact_ids", present.get("fact_id")), strict=True)
    )
    marker = {
        "color": [colors.get(r, PALETTE[0]) for r in present["region"]],
        "opacity": [0.55 if e else 1.0 for e in estimated],
        "pattern": {"shape": ["/" if e else "" for e in estimated], "fillmode": "overlay"},
        "line": {"color": "#333", "width": [1.5 if e else 0 for e in estimated]},
    }
    values = _values(present, lang)
    return go.Bar(
        x=values if horizontal else cats,
        y=cats if horizontal else values,
        orientation="h" if horizontal else "v",
        text=shown, textposition="outside", cliponaxis=False, constraintext="none",
        hovertext=text, hoverinfo="text", customdata=custom, marker=marker,
        meta={"kind": rows["kind"].iloc[0] if len(rows) else ""},
    )  # fmt: skip


def title_for(metrics: Sequence[str], kind: str, lang: str) -> str:
    if len(metrics) == 1:
        return f"{metric_name(metrics[0], lang)} · {t(f'kind.{kind}', lang)}"
    return f"{t('compare.title', lang)} · {t(f'kind.{kind}', lang)}"


def bar_chart(
    rows: pd.DataFrame,
    metrics: Sequence[str],
    colors: Mapping[str, str],
    sources: Sequence[str],
    lang: str,
    log: bool = False,
    present: bool = False,
) -> go.Figure:
    """One panel per metric (units differ), regions side by side; rows from selection.latest."""
    # A single metric needs no panel title: the chart title names it with its unit.
    titles = [_panel_title(rows[rows["metric_id"] == m], m, lang) for m in metrics]
    titles = titles if len(metrics) > 1 else []
    fig = make_subplots(
        rows=len(metrics),
        cols=1,
        subplot_titles=titles,
        vertical_spacing=0.5 / max(len(metrics), 1) if len(metrics) > 1 else 0.1,
    )
    fig.update_annotations(font_size=22 if present else 14)  # only the panel titles exist yet
    for i, metric in enumerate(metrics, start=1):
        panel = rows[rows["metric_id"] == metric]
        order = [
            axis_label(r, lv, lang)
            for r, lv in zip(panel["region"], panel["region_level"], strict=True)
        ]
        fig.add_trace(_bar_trace(panel, colors, lang), row=i, col=1)
        fig.update_xaxes(categoryorder="array", categoryarray=order, row=i, col=1)
        fig.update_yaxes(**_log_axis(log), rangemode="tozero", row=i, col=1)
        shown = [v for v in _values(panel, lang) if v is not None]
        if not log and shown:
            # Headroom above the tallest bar, or plotly shrinks its label to fit.
            fig.update_yaxes(range=[0, max(shown) * 1.2], row=i, col=1)
        for label in [o for o, v in zip(order, panel["value"], strict=True) if pd.isna(v)]:
            axis = "" if i == 1 else str(i)
            fig.add_annotation(
                x=label, y=0.04, xref=f"x{axis}", yref=f"y{axis} domain", showarrow=False,
                text=t("common.not_reported", lang), font={"color": MISSING_COLOR},
            )  # fmt: skip
        # A phantom invisible point keeps a missing region's slot on the axis.
        fig.add_trace(
            go.Scatter(
                x=order,
                y=[None] * len(order),
                mode="markers",
                hoverinfo="skip",
                meta={"kind": "axis"},
            ),
            row=i,
            col=1,
        )
    height = (560 if present else 330) * len(metrics)
    kind = str(rows["kind"].iloc[0]) if len(rows) else "value"
    title = title_for(metrics, kind, lang)
    if len(metrics) == 1:
        title = f"{_panel_title(rows, metrics[0], lang)} · {t(f'kind.{kind}', lang)}"
    return _finish(fig, title, notes_for(rows, sources, lang), height, present)


def _panel_title(panel: pd.DataFrame, metric: str, lang: str) -> str:
    unit = panel["unit"].dropna().iloc[0] if panel["unit"].notna().any() else ""
    return metric_title(metric, str(unit), lang)


def metric_title(metric: str, unit: str, lang: str) -> str:
    """高新技术企业（家）: the unit always travels with the metric's name."""
    name = metric_name(metric, lang)
    return t("fmt.metric_unit", lang, name=name, unit=unit_name(unit, lang)) if unit else name


def ranking_chart(
    rows: pd.DataFrame,
    metric: str,
    colors: Mapping[str, str],
    sources: Sequence[str],
    lang: str,
    log: bool = False,
    present: bool = False,
) -> go.Figure:
    """Regions of one metric from largest to smallest; 未报道 regions listed in the note."""
    panel = rows[rows["metric_id"] == metric].sort_values("value", na_position="first")
    fig = go.Figure(_bar_trace(panel, colors, lang, horizontal=True))
    fig.update_xaxes(**_log_axis(log))
    n = int(panel["value"].notna().sum())
    kind = str(panel["kind"].iloc[0]) if len(panel) else "value"
    title = f"{_panel_title(panel, metric, lang)} · {t(f'kind.{kind}', lang)}"
    fig = _finish(
        fig,
        title,
        notes_for(panel, sources, lang),
        max(n, 2) * (110 if present else 70) + 80,
        present,
    )
    fig.update_layout(margin={"l": 150, "r": 200})
    return fig


def trend_chart(
    rows: pd.DataFrame,
    metric: str,
    colors: Mapping[str, str],
    sources: Sequence[str],
    lang: str,
    present: bool = False,
) -> go.Figure:
    """One line per region over the years it reports; bound and estimate marks stay on points."""
    fig = go.Figure()
    for region, part in rows.sort_values("year").groupby("region", sort=False):
        text = [plotly(labels.format_row(r, lang)) for r in part.to_dict("records")]
        fig.add_trace(
            go.Scatter(
                x=part["year"].astype(int).tolist(), y=_values(part, lang),
                name=plotly(region_name(str(region), lang)),
                mode="lines+markers+text", text=text, textposition="top center", hovertext=text,
                hoverinfo="text", line={"color": colors.get(str(region), PALETTE[0])},
                customdata=list(zip(part["kind"], part["fact_ids"], strict=True)),
                meta={"kind": str(part["kind"].iloc[0])},
            )
        )  # fmt: skip
    fig.update_xaxes(dtick=1, title=t("chart.axis_year", lang))
    kind = str(rows["kind"].iloc[0]) if len(rows) else "value"
    unit = rows["unit"].iloc[0] if len(rows) else ""
    title = f"{metric_title(metric, unit, lang)} · {t(f'kind.{kind}', lang)}"
    fig = _finish(fig, title, notes_for(rows, sources, lang), 700 if present else 420, present)
    fig.update_layout(showlegend=True)
    return fig


def image_config(metrics: Sequence[str], rows: pd.DataFrame, lang: str, present: bool) -> dict:
    """Plotly's download button: PNG at 3× for a projector, named 指标_年份_对比.png."""
    years = sorted({int(y) for y in rows["year"].dropna()})
    year = f"{years[0]}-{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    name = "_".join(
        p
        for p in (
            metric_name(metrics[0], lang) if len(metrics) == 1 else "",
            year,
            t("compare.filename", lang),
        )
        if p
    )
    return {
        "toImageButtonOptions": {
            "format": "png",
            "scale": 3,
            "filename": re.sub(r"[\\/:*?\"<>| ]+", "_", name),
        },
        "displaylogo": False,
        "displayModeBar": True,
        # What an official needs: the PNG, zoom and reset; no selection or spike tools.
        "modeBarButtonsToRemove": [
            "select2d",
            "lasso2d",
            "autoScale2d",
            "toggleSpikelines",
            "hoverClosestCartesian",
            "hoverCompareCartesian",
        ],
        **plotly_locale(lang),
    }
