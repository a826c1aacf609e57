"""对比 Compare: grouped bars, ranking, table and trend of one selection; presentation mode."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, data, downloads, selection, shown, state, widgets
from dashboard.i18n import t

VIEWS = ("bar", "rank", "table", "trend")
lang = state.lang()
revision = data.revision()
everyone = cached.regions_with_figures(revision)
# Read after the presenting button's callback has run: this run is already in the new mode.
present = state.get_flag("present")

regions = widgets.region_picker(everyone, lang)
groups = cached.metric_groups(revision)
metrics = widgets.metric_picker(groups, selection.HEADLINE, lang)

if present:
    widgets.present_mode_css()
else:
    st.title(t("compare.title", lang))
# Presenting, the choices apply from the URL and draw nothing.
# The kind's six choices need more room than the view's four, in English above all.
top = st.columns([3, 2]) if not present else [st.container(), st.container()]
with top[0]:
    kind = widgets.choice("compare.kind", selection.KINDS, "kind", lang, "kind.", not present)
with top[1]:
    view = widgets.choice("compare.view", VIEWS, "view", lang, "compare.view_", not present)
log = False
if not present:
    # One row that holds both: columns would be four blocks more on every rerun.
    with st.container(horizontal=True, vertical_alignment="center", gap="large"):
        # A log axis only means something on bars.
        log = widgets.flag("compare.log", "log", lang, show=view in ("bar", "rank"))
        widgets.present_button(False, lang)
    st.caption(t("compare.kind_help", lang))
if not regions or not metrics:
    st.info(t("common.no_data", lang))
    st.stop()

# Ranking, trend and the presentation view show one metric at a time.
focus = widgets.metric_choice(
    "compare.trend_metric" if view == "trend" else "compare.rank_metric",
    metrics,
    lang,
    show=not present and view in ("rank", "trend"),
)
if view == "table" and not present:
    source_column = t("common.source", lang)
    st.dataframe(
        shown.comparison_table(revision, regions, metrics, kind, lang),
        hide_index=True,
        column_config={
            source_column: st.column_config.LinkColumn(display_text=t("common.open_source", lang)),
            # Sized from its first rows, often unreported: a year as of a month was cut.
            t("common.year", lang): st.column_config.TextColumn(width=130),
        },
    )
else:
    # Bars draw every metric chosen; the ranking, the trend and presenting draw one.
    drawn = metrics if view == "bar" and not present else [focus]
    if not widgets.chart("compare", view, revision, view, regions, drawn, kind, lang, log, present):
        st.info(t("compare.no_trend", lang))

if present:
    widgets.present_button(True, lang)
else:
    downloads.compare_buttons(
        lambda: cached.comparison(revision, regions, metrics, kind),
        metrics,
        shown.colors(revision),
        lang,
    )
    st.caption(t("compare.share", lang))
