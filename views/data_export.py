"""数据 Data & export: every figure or the comparison table, filtered, as CSV, XLSX and JSON."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, data, downloads, shown, state, widgets
from dashboard.i18n import metric_name, region_name, t

lang = state.lang()
revision = data.revision()
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
options = cached.filter_options(revision, which)
columns = st.columns(4)
names = {
    "region": lambda r: region_name(r, lang),
    "metric_id": lambda m: metric_name(m, lang),
    "year": str,
    "kind": lambda k: t(f"kind.{k}", lang),
}
filters = tuple(
    (column, tuple(widgets.multiselect(
        where, f"common.{column.removesuffix('_id')}", options[column], lang, names[column],
        key=f"data_{column}",
    )))
    for where, column in zip(columns, names, strict=True)
)  # fmt: skip

# The comparison rows carry the fact each value stands on, so both tables cite their article.
table = shown.data_table(revision, which, filters, lang, data.SHOWN)
total = cached.figure_count(revision, which, filters)
if total > table.num_rows:  # a province's figures: the first ones here, all downloaded
    st.caption(t("data.rows_shown", lang, n=table.num_rows, total=total))
else:
    st.caption(t("data.rows", lang, n=total))
widgets.table(table, t("common.no_data", lang))
downloads.data_buttons(
    lambda: cached.everything(revision, which, filters, lang), data.metrics(), lang
)
