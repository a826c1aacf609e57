"""地区 Region profile: every figure for one region by category, with its source sentence."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, data, shown, state
from dashboard.escape import md
from dashboard.i18n import region_label, region_name, t

lang = state.lang()
revision = data.revision()
levels = cached.levels(revision)
names = cached.regions_with_figures(revision, "facts")

current = state.get_str("region", names[0] if names else "")
region = st.sidebar.selectbox(
    t("region.pick", lang),
    names,
    index=names.index(current) if current in names else 0,
    format_func=lambda r: region_label(r, levels.get(r, ""), lang),
    key="region",
)
state.set_str("region", region)

st.title(f"{t('region.title', lang)} · {md(region_label(region, levels.get(region, ''), lang))}")
regions = cached.regions(revision)
info = regions[regions["name"] == region]
if len(info) and isinstance(info["parent"].iloc[0], str) and info["parent"].iloc[0]:
    parent = md(region_name(info["parent"].iloc[0], lang))
    st.caption(t("fmt.name_value", lang, name=t("region.parent", lang), value=parent))

link = {
    t("common.source", lang): st.column_config.LinkColumn(
        display_text=t("common.open_source", lang), help=t("common.link_help", lang)
    )
}
for heading, table, total in shown.region_tables(revision, region, lang, data.SHOWN):
    st.subheader(heading)
    if total > table.num_rows:  # a province's worth: the latest here, all on the Data page
        st.caption(t("region.recent", lang, n=table.num_rows, total=total))
    st.dataframe(table, hide_index=True, column_config=link)
