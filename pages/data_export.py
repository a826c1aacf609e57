"""数据 Data & export: facts and the comparison table, filtered, as CSV, XLSX and JSON."""

from __future__ import annotations

import streamlit as st

from dashboard import data, export, state, widgets
from dashboard.i18n import metric_name, t

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
table = tables[which]

columns = st.columns(4)
filters = {
    "region": columns[0].multiselect(t("common.region", lang), sorted(table["region"].unique())),
    "metric_id": columns[1].multiselect(
        t("common.metric", lang),
        sorted(table["metric_id"].unique()),
        format_func=lambda m: metric_name(m, lang),
    ),
    "year": columns[2].multiselect(
        t("common.year", lang), sorted(int(y) for y in table["year"].dropna().unique())
    ),
    "kind": columns[3].multiselect(
        t("common.kind", lang),
        sorted(table["kind"].unique()),
        format_func=lambda k: t(f"kind.{k}", lang),
    ),
}
for column, chosen in filters.items():
    if chosen:
        table = table[table[column].isin(chosen)]

st.caption(t("data.rows", lang, n=len(table)))
st.dataframe(table, hide_index=True, column_config=widgets.column_labels(table.columns, lang))

name = t("data.filename", lang)
downloads = st.columns(3)
downloads[0].download_button(
    t("data.csv", lang), export.csv_bytes(table), f"{name}.csv", "text/csv", key="csv"
)
downloads[1].download_button(
    t("data.xlsx", lang),
    export.xlsx_bytes(table, tables["documents"], tables["metrics"], lang),
    f"{name}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="xlsx",
)
downloads[2].download_button(
    t("data.json", lang),
    export.json_bytes(data.datapackage(), {which: table, "documents": tables["documents"]}),
    f"{name}.json",
    "application/json",
    key="json",
)
