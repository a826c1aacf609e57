"""对比 Compare: grouped bars, ranking, table and trend of one selection; presentation mode."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, export, selection, state, widgets
from dashboard.i18n import t

VIEWS = ("bar", "rank", "table", "trend")
lang = state.lang()
tables = data.load()
wide, documents = tables["metrics_wide"], tables["documents"]
levels = data.region_levels(tables["regions"], tables["facts"])
present = state.get_flag("present")

regions = widgets.region_picker(data.regions_with_facts(wide, tables["regions"]), lang)
groups = selection.metrics_by_category(tables["metrics"], wide["metric_id"].unique())
metrics = widgets.metric_picker(groups, selection.HEADLINE, lang)

if present:
    widgets.present_mode_css()
else:
    st.title(t("compare.title", lang))
top = st.columns(2)
with top[0]:
    kind = widgets.choice("compare.kind", selection.KINDS, "kind", lang, "kind.", not present)
with top[1]:
    view = widgets.choice("compare.view", VIEWS, "view", lang, "compare.view_", not present)
toggles = st.columns(3)
with toggles[0]:
    log = widgets.flag("compare.log", "log", lang, show=not present)
with toggles[1]:
    widgets.flag("compare.exit_present" if present else "compare.present", "present", lang)
if not present:
    st.caption(t("compare.kind_help", lang))
if not regions or not metrics:
    st.info(t("common.no_data", lang))
    st.stop()

# Ranking, trend and the presentation view show one metric at a time.
focus = widgets.metric_choice(
    "compare.rank_metric", metrics, lang, show=not present and view in ("rank", "trend")
)
rows = selection.latest(wide, regions, metrics, kind, levels)
shown = [focus] if present else metrics
panel = rows[rows["metric_id"].isin(shown)]
sources = selection.source_notes(panel, documents)
config = charts.image_config(shown, panel, lang, present)

if view == "table" and not present:
    source_column = t("common.source", lang)
    st.dataframe(
        selection.display_table(rows, lang),
        hide_index=True,
        column_config={
            source_column: st.column_config.LinkColumn(display_text=t("common.open_source", lang))
        },
    )
elif view == "rank":
    fig = charts.ranking_chart(panel, focus, sources, lang, log, present)
    widgets.chart(fig, config, "rank")
elif view == "trend":
    trend = selection.series(wide, regions, focus, kind)
    if trend.empty:
        st.info(t("compare.no_trend", lang))
    else:
        trend_sources = selection.source_notes(trend, documents)
        widgets.chart(
            charts.trend_chart(trend, focus, trend_sources, lang, present), config, "trend"
        )
else:
    widgets.chart(
        charts.bar_chart(panel, shown, regions, sources, lang, log, present), config, "bar"
    )

if not present:
    notes = {m: selection.source_notes(rows[rows["metric_id"] == m], documents) for m in metrics}
    st.download_button(
        t("compare.pptx", lang),
        export.pptx_bytes(rows, metrics, notes, lang),
        file_name=f"{t('compare.filename', lang)}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )
    st.caption(t("compare.share", lang))
