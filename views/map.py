"""地图 Map: 川渝 regions of one level coloured by one metric; zones as points; 未报道 grey."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, data, maps, selection, state, widgets
from dashboard.i18n import metric_name, t

lang = state.lang()
revision = data.revision()
groups = cached.metric_groups(revision)
metrics = [m for ids in groups.values() for m in ids]

st.title(t("map.title", lang))
st.caption(t("map.intro", lang))
if not metrics:
    st.info(t("common.no_data", lang))
    st.stop()
left, middle = st.columns([1, 1])
with left:
    wanted = state.get_str("metric", selection.HEADLINE[0])
    metric = st.selectbox(
        t("common.metric", lang),
        metrics,
        index=metrics.index(wanted) if wanted in metrics else 0,
        format_func=lambda m: metric_name(m, lang),
        key="map_metric",
    )
    state.set_str("metric", metric)
with middle:
    level = widgets.choice("map.level", maps.LEVELS, "level", lang, "map.level_")
kind = widgets.choice("compare.kind", selection.KINDS, "kind", lang, "kind.")

widgets.chart("map", "map", revision, metric, level, kind, lang)
