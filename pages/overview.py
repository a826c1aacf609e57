"""总览 Overview: headline cards per region, each with its year and qualifier."""

from __future__ import annotations

import streamlit as st

from dashboard import data, labels, selection, state, widgets
from dashboard.escape import md
from dashboard.i18n import metric_name, region_label, t

lang = state.lang()
tables = data.load()
wide, documents = tables["metrics_wide"], tables["documents"]
levels = data.region_levels(tables["regions"], tables["facts"])
regions = widgets.region_picker(data.regions_with_facts(wide, tables["regions"]), lang)

st.title(t("overview.title", lang))
st.caption(t("overview.intro", lang))

# Card → the metrics that may fill it, in order; revenue and output stay separately named.
CARDS = {
    "overview.card_firms": ["high_tech_enterprises"],
    "overview.card_output": ["high_tech_industry_revenue", "high_tech_enterprise_output"],
    "overview.card_platforms": ["innovation_platforms"],
}
rows = selection.latest(wide, regions, [m for ids in CARDS.values() for m in ids], "value", levels)
for region in regions:
    st.subheader(md(region_label(region, levels.get(region, ""), lang)))
    for column, (card, metric_ids) in zip(st.columns(len(CARDS)), CARDS.items(), strict=True):
        found = rows[(rows["region"] == region) & rows["metric_id"].isin(metric_ids)]
        reported = found[found["value"].notna()]
        row = (reported if len(reported) else found).iloc[0]
        with column.container(border=True):
            # Markdown rather than st.metric: a long value ("est. 9,473 100M yuan") wraps
            # instead of being cut off before its unit.
            st.caption(metric_name(row["metric_id"], lang) if len(reported) else t(card, lang))
            st.markdown(
                "### "
                + md(
                    labels.format_value(
                        row["value"], row["unit"], row["qualifier"], "value", row["estimated"], lang
                    )
                ),
                help=t(f"qualifier.{row['qualifier']}", lang) if len(reported) else None,
            )
            if len(reported):
                st.caption(md(labels.format_year(row["year"], row["period"], lang)))
                st.page_link(
                    "pages/sources.py",
                    label=t("common.open_source", lang),
                    query_params={
                        "doc": selection.first_id(row["doc_ids"]),
                        "fact": selection.first_id(row["fact_ids"]),
                    },
                )
