"""添加文章 Add articles: see what an upload or pasted text would give, then store it."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard import figures, review_ui, state, widgets
from dashboard.escape import md
from dashboard.i18n import extraction_notes, t
from extract import ingest
from extract.errors import InputError

# The preview is of one article not yet stored: what each figure was read as, in words.
PREVIEW = ("region", "level", "metric", "kind", "value", "unit", "qualifier", "year_text", "quote")
NO_DOCUMENTS = pd.DataFrame(columns=["doc_id"])
lang = state.lang()
limit = ingest.max_upload_bytes()
raw, processed = review_ui.raw_dir(), review_ui.processed_dir()
previews: dict[str, ingest.Preview | InputError] = st.session_state.setdefault("add_previews", {})
saved: dict[str, str] = st.session_state.setdefault("add_saved", {})

st.title(t("add.title", lang))
widgets.uploader_in_language(lang)
st.caption(t("add.intro", lang))


def preview_of(data: bytes, name: str) -> tuple[str, ingest.Preview | InputError]:
    # Kept per session so a rerun (any widget change) does not extract again.
    key = hashlib.sha256(name.encode() + b"\0" + data).hexdigest()[:16]
    if key not in previews:
        try:
            previews[key] = ingest.preview(data, name, limit, raw, processed)
        except InputError as err:
            previews[key] = err
    return key, previews[key]


def show(key: str, item: ingest.Preview | InputError) -> None:
    if isinstance(item, InputError):
        message, detail = review_ui.input_error(item, lang)
        st.error(message)
        st.caption(t("add.detail", lang, detail=detail))
        return
    if key in saved:
        done = "add.saved_no_figures" if item.facts.empty else "add.saved"
        st.success(t(done, lang, doc_id=saved[key]))
        return
    if item.duplicate_of:
        st.warning(t("add.duplicate", lang, name=md(item.name), doc_id=item.duplicate_of))
        return
    with st.container(border=True):
        st.subheader(md(item.name))
        left, right = st.columns(2)
        cells = {"published": left, "source": right, "region": left, "title": right, "url": st}
        meta = {
            f: cell.text_input(t(f"add.{f}_field", lang), item.meta[f], key=f"{key}_{f}")
            for f, cell in cells.items()
        }
        st.markdown(f"**{t('add.figures', lang, n=len(item.facts))}**")
        if item.facts.empty:
            st.info(t("add.no_figures", lang))
        else:
            facts = figures.readable(item.facts, NO_DOCUMENTS, lang)[list(PREVIEW)]
            st.dataframe(figures.headed(facts, lang), hide_index=True, key=f"{key}_facts")
        if item.warnings:
            with st.expander(t("add.warnings", lang)):
                st.text("\n".join(extraction_notes("; ".join(item.warnings), lang)))
        with st.expander(t("add.text", lang)):
            st.caption(t("add.encoding", lang, encoding=md(item.encoding), chars=len(item.text)))
            st.text(item.text)  # plain text: an upload is never rendered as HTML
        if st.button(t("add.save", lang, name=md(item.name)), key=f"{key}_save", type="primary"):
            try:
                with st.spinner(t("add.saving", lang)):
                    saved[key] = ingest.save(item, meta, raw, processed)
            except ingest.DuplicateArticle as err:
                st.error(t("add.duplicate", lang, name=md(item.name), doc_id=err.doc_id))
                return
            except InputError as err:
                st.error(review_ui.input_error(err, lang)[0])
                st.caption(t("add.detail", lang, detail=md(err.reason)))
                return
            st.cache_data.clear()  # the other pages read the new tables
            st.rerun()


upload_tab, paste_tab = st.tabs([t("add.tab_upload", lang), t("add.tab_paste", lang)])
with upload_tab:
    files = st.file_uploader(
        t("add.upload", lang, mb=f"{limit / 2**20:g}"),
        type=[s.lstrip(".") for s in ingest.SUFFIXES],
        accept_multiple_files=True,
        key="add_files",
    )
    for file in files or []:
        show(*preview_of(file.getvalue(), file.name))
with paste_tab:
    name = st.text_input(t("add.paste_name", lang), "pasted", key="add_paste_name")
    text = st.text_area(t("add.paste", lang), key="add_paste", height=200)
    if text.strip():
        show(*preview_of(text.encode("utf-8"), ingest.safe_name(name) + ".txt"))
if not files and not text.strip():
    st.info(t("add.nothing", lang))
