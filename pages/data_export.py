"""数据 Data & export: every figure or the comparison table, filtered, as CSV, XLSX and JSON."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, data, downloads, figures, state, widgets
from dashboard.i18n import metric_name, region_name, t

lang = state.lang()
tables = data.load()
st.title(t("data.title", lang))

which = (
    st.segmented_control(
        t("data.table", lang),
        ["metrics_wide", "facts"],
        default="metrics_wide",
        format_func=lambda k: t(
            "data.table_wide" if k == "metrics_wide" else "data.table_facts", lang
        ),
        key="table",
    )
    or "metrics_wide"
)
rows = tables[which]

columns = st.columns(4)
filters = {
    "region": widgets.multiselect(
        columns[0], "common.region", data.regions_with_facts(rows, tables["regions"]), lang,
        lambda r: region_name(r, lang), key="data_region",
    ),
    "metric_id": widgets.multiselect(
        columns[1], "common.metric", sorted(rows["metric_id"].unique()), lang,
        lambda m: metric_name(m, lang), key="data_metric",
    ),
    "year": widgets.multiselect(
        columns[2], "common.year", sorted(int(y) for y in rows["year"].dropna().unique()), lang,
        str, key="data_year",
    ),
    "kind": widgets.multiselect(
        columns[3], "common.kind", sorted(rows["kind"].unique()), lang,
        lambda k: t(f"kind.{k}", lang), key="data_kind",
    ),
}  # fmt: skip
for column, chosen in filters.items():
    if chosen:
        rows = rows[rows[column].isin(chosen)]

# The comparison rows carry the fact each value stands on, so both tables cite their article.
if which == "metrics_wide":
    rows = cached.chosen_facts(rows, tables["facts"])
table = cached.readable(rows, tables["documents"], lang)
st.caption(t("data.rows", lang, n=len(table)))
st.dataframe(figures.headed(table, lang), hide_index=True)
downloads.data_buttons(table, rows, tables, lang)
