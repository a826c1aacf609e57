"""来源 Sources: each article's metadata and normalised text, every extracted figure marked."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, data, highlight, labels, shown, state, widgets
from dashboard.escape import md, url
from dashboard.i18n import extraction_notes, metric_name, region_name, t

lang = state.lang()
revision = data.revision()
wanted = state.get_str("doc", "")
if cached.article_count(revision) > data.SHOWN:
    # A province's articles are chosen region first: a list short enough to read.
    places = cached.article_regions(revision)
    named = cached.article(revision, wanted)[0] if wanted else None
    here = named["region"].iloc[0] if named is not None and len(named) else places[0]
    place = st.selectbox(
        t("common.region", lang),
        places,
        index=places.index(here) if here in places else 0,
        format_func=lambda r: region_name(r, lang) if r else "—",
        key="sources_region",
    )
    listed = cached.articles(revision, place)
else:
    listed = cached.articles(revision, None)
titles = dict(zip(listed["doc_id"], listed["title"], strict=True))
doc_ids = list(listed["doc_id"])
wanted = wanted or (doc_ids[0] if doc_ids else "")
doc_id = st.selectbox(
    t("sources.pick", lang),
    doc_ids,
    index=doc_ids.index(wanted) if wanted in doc_ids else 0,
    format_func=lambda d: str(titles.get(d) or d),
    key="doc",
)
if doc_id != wanted:
    state.set_str("fact", None)  # a fact of another article would point nowhere
state.set_str("doc", doc_id)
document, mine = cached.article(revision, doc_id)
doc = document.iloc[0]
# Only an id that belongs to this article is used, in the page and in the scroll script.
focus = state.get_str("fact")
focus = focus if focus in set(mine["fact_id"]) else ""

st.title(md(doc["title"]))
meta = st.columns(3)


def labelled(key: str, value: object) -> str:
    """来源：全景遂宁 / Source: 全景遂宁 — the punctuation of the reader's language."""
    return t("fmt.name_value", lang, name=t(key, lang), value=md(value))


meta[0].caption(labelled("common.source", doc["source"]))
meta[1].caption(labelled("common.published", doc["published"]))
meta[2].caption(t("sources.n_facts", lang, n=len(mine)))
if address := url(doc.get("url")):
    st.markdown(f"[{t('common.url', lang)}]({address})")
notes = extraction_notes(doc.get("warnings", ""), lang)
if notes:
    st.caption(labelled("sources.warnings", t("common.list_sep", lang).join(notes)))

if focus:
    row = mine[mine["fact_id"] == focus].iloc[0]
    with st.container(border=True):
        st.markdown(f"**{t('sources.selected_fact', lang)}**")
        region = md(region_name(row["region"], lang))
        st.markdown(f"{region} · {metric_name(row['metric_id'], lang)}")
        st.markdown(f"### {md(labels.format_row(row.to_dict(), lang))}")
        st.caption(labelled("common.quote", row["quote"]))

with st.expander(t("sources.facts", lang), expanded=not focus):
    widgets.table(shown.article_table(revision, doc_id, lang), t("sources.no_facts", lang))

st.subheader(t("sources.text", lang))
st.html(shown.article_html(revision, doc_id, focus, lang))
if focus:
    st.html(highlight.scroll_script(focus), unsafe_allow_javascript=True)
