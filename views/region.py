"""地区 Region profile: every figure for one region by category, with its source sentence."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, data, selection, state
from dashboard.escape import md
from dashboard.i18n import region_label, region_name, t

lang = state.lang()
revision = data.revision()
catalogue = data.metrics()
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

mine = cached.region_facts(revision, region).sort_values(["metric_id", "kind", "year"])
category = mine["metric_id"].map(catalogue.set_index("metric_id")["category"])
link = {
    t("common.source", lang): st.column_config.LinkColumn(
        display_text=t("common.open_source", lang), help=t("common.link_help", lang)
    )
}
wide_part = mine[mine["scope"] == ""]
for name in selection.CATEGORIES:
    part = wide_part[category.loc[wide_part.index] == name]
    if part.empty:
        continue
    st.subheader(t(f"category.{name}", lang))
    if len(part) > data.SHOWN:  # a province's worth: the latest here, every one on the Data page
        st.caption(t("region.recent", lang, n=data.SHOWN, total=len(part)))
    table = cached.display_table(data.recent(part, data.SHOWN), lang, with_quote=True)
    st.dataframe(
        table.drop(columns=[t("common.region", lang)]), hide_index=True, column_config=link
    )

scoped = mine[mine["scope"] != ""]
if len(scoped):
    st.subheader(t("region.scoped", lang))
    if len(scoped) > data.SHOWN:
        st.caption(t("region.recent", lang, n=data.SHOWN, total=len(scoped)))
    scoped = data.recent(scoped, data.SHOWN)
    table = cached.display_table(scoped, lang, with_quote=True).copy()
    table[t("common.region", lang)] = scoped["scope"].to_numpy()
    table = table.rename(columns={t("common.region", lang): t("common.scope", lang)})
    st.dataframe(table, hide_index=True, column_config=link)
