"""校对 Review: confirm, reject or correct each figure; enter figures by hand; exchange reviews."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import review
from dashboard import cached, data, review_ui, shown, state, widgets
from dashboard.escape import md
from dashboard.i18n import known_units, metric_name, region_name, t
from review import CorrectionError

lang = state.lang()
db = review_ui.review_db()
revision = data.revision()
timezone = st.context.timezone or review_ui.TIMEZONE
# Regions and metrics are chosen from lists by name, never typed as ids.
all_regions = review_ui.gazetteer_names()
all_metrics = list(data.metrics()["metric_id"])
units = known_units()  # stored as written in the articles (家), shown in the reader's words

st.title(t("review.title", lang))
st.caption(t("review.intro", lang))
if flash := st.session_state.pop("review_flash", None):
    st.success(flash)


def saved(message: str) -> None:
    """After a write: the dashboard's cached tables are stale; show the result after rerun."""
    st.cache_data.clear()
    st.session_state["review_flash"] = message
    st.rerun()


if why := review.problem(db):  # the store was left as it is: offer its latest good backup
    st.error(t("review.store_damaged", lang, why=md(why)))
    if st.button(t("review.restore", lang), key="review_restore", type="primary"):
        used = review.restore(db)
        if used is None:
            st.error(t("review.no_backup", lang))
        else:
            st.cache_data.clear()
            st.session_state["review_flash"] = t("review.restored", lang, name=md(used.name))
            st.rerun()


def attempt(action: Callable[[], None], message: str) -> None:
    try:
        action()
    except CorrectionError as err:
        st.error(review_ui.correction_error(err, lang))
        return
    saved(message)


# --- filters and table ---------------------------------------------------------------------
left, middle, right = st.columns(3)
offered = shown.review_filters(
    revision,
    st.session_state.get("review_regions") or (),
    st.session_state.get("review_metrics") or (),
    lang,
    timezone,
    data.SHOWN,
)
doc = left.selectbox(
    t("review.filter_article", lang),
    offered.docs,
    format_func=offered.doc_names.__getitem__,
    key="review_doc",
)
regions = middle.multiselect(
    t("review.filter_region", lang),
    offered.regions,
    format_func=lambda r: region_name(r, lang),
    placeholder=t("review.all", lang),
    select_all=False,
    key="review_regions",
)
metrics = right.multiselect(
    t("review.filter_metric", lang),
    offered.metrics,
    format_func=lambda m: metric_name(m, lang),
    placeholder=t("review.all", lang),
    select_all=False,
    key="review_metrics",
)
selection = (revision, doc, regions, metrics, lang, data.SHOWN)
listed, _, total, fact_labels = shown.review_list(*selection)
st.subheader(t("review.facts", lang, n=total))
if total > len(listed):
    st.caption(t("review.shown", lang, n=len(listed)))
if not listed:
    st.info(t("review.none", lang))
else:
    widgets.shown_table("review", t("review.none", lang), "review_table", *selection)

    # --- one fact: detail, actions, history ---------------------------------------------------
    # Options are the facts themselves, so after a filter the picker and the form name the
    # same figure (a row number would point at another one).
    picked = st.selectbox(
        t("review.pick", lang), list(listed), format_func=fact_labels.__getitem__, key="review_pick"
    )
    row = listed[picked]
    key = review.key_of(row)
    fid = f"{key.doc_id}_{key.figure_start}_{key.metric_id}"
    st.markdown(f"**{t('review.quote', lang)}**")
    st.text(str(row.get("quote", "")))  # article text is shown as text, never as HTML
    st.caption(f"{t('review.figure', lang)}: {md(row.get('figure_text', ''))}")
    # Most figures are confirmed or rejected as they are: the correction's fields (lists of
    # every region and metric) are drawn only once the reviewer asks to correct one.
    correcting = st.toggle(t("review.correct_open", lang), key="review_correct_open")
    entered: dict[str, object] = {}
    with st.form(f"review_form_{fid}"):
        if correcting:
            a, b, c = st.columns(3)
            entered = {
                "value": a.text_input(
                    t("review.value", lang), review.as_text(row["value"]), key=f"{fid}_value"
                ),
                "unit": widgets.pick(
                    b, lang, "review.unit", units, f"{fid}_unit", review.as_text(row.get("unit"))
                ),
                "kind": widgets.pick(
                    c, lang, "review.kind", list(review.KINDS), f"{fid}_kind", row["kind"]
                ),
                "year": a.text_input(
                    t("review.year", lang), review.as_text(row["year"]), key=f"{fid}_year"
                ),
                "region": widgets.pick(
                    b, lang, "review.region", all_regions, f"{fid}_region", row["region"]
                ),
                "scope": c.text_input(
                    t("review.scope", lang), review.as_text(row.get("scope")), key=f"{fid}_scope"
                ),
                "metric_id": widgets.pick(
                    a, lang, "review.metric", all_metrics, f"{fid}_metric", row["metric_id"]
                ),
            }
        a, b = st.columns(2)
        comment = a.text_input(t("review.comment", lang), key="review_comment")
        who = b.text_input(t("review.who", lang), key="review_who")
        buttons = st.container(horizontal=True)  # side by side, whichever of them show
        do_confirm = buttons.form_submit_button(t("review.confirm", lang))
        do_reject = buttons.form_submit_button(t("review.reject", lang))
        do_correct = correcting and buttons.form_submit_button(
            t("review.correct", lang), type="primary"
        )
    # Changes are what this reviewer edited since the form first showed the figure, so a
    # field left alone never overwrites what another reviewer saved in the meantime.
    seen = st.session_state.setdefault(f"{fid}_seen", {f: row.get(f) for f in review.CORRECTABLE})
    if do_confirm:
        attempt(lambda: review.confirm(key, comment, who, db), t("review.confirmed", lang))
    if do_reject:
        attempt(lambda: review.reject(key, comment, who, db), t("review.rejected", lang))
    if do_correct:
        changes = review_ui.changed_fields(entered, seen)
        if not changes:
            st.warning(t("review.no_change", lang))
        else:
            before = review_ui.extracted(cached.extracted_fact(revision, key), key, row)
            attempt(
                lambda: review.correct(key, changes, comment, who, before, db),
                t(
                    "review.corrected",
                    lang,
                    fields=t("common.list_sep", lang).join(
                        review_ui.field_name(f, lang) for f in changes
                    ),
                ),
            )
    st.markdown(f"**{t('review.history', lang)}**")
    no_history = t("review.no_history", lang)
    widgets.shown_table("history", no_history, "review_history_one", revision, key, lang, timezone)

# --- hand entry ----------------------------------------------------------------------------
# The sections below run only while open: their widgets would cost every rerun of the page.
if manual := widgets.lazy_expander(t("review.manual", lang), "review_manual_open"):
    with manual:
        st.caption(t("review.manual_intro", lang))
        with st.form("review_manual"):
            a, b, c = st.columns(3)
            region = widgets.pick(a, lang, "review.region", all_regions, "manual_region")
            metric = widgets.pick(b, lang, "review.metric", all_metrics, "manual_metric")
            kind = widgets.pick(
                c, lang, "review.kind", list(review.KINDS), "manual_kind", review.KINDS[0]
            )
            value = a.text_input(t("review.value", lang), key="manual_value")
            unit = widgets.pick(b, lang, "review.unit", units, "manual_unit")
            year = c.text_input(t("review.year", lang), key="manual_year")
            scope = a.text_input(t("review.scope", lang), key="manual_scope")
            note = b.text_input(t("review.source_note", lang), key="manual_note")
            who = c.text_input(t("review.who", lang), key="manual_who")
            if st.form_submit_button(t("review.add_manual", lang)):
                try:
                    doc_id = review.add_manual(
                        region or "", metric or "", kind or "", value, year, note, unit or "",
                        scope, who=who, db=db,
                    )  # fmt: skip
                except CorrectionError as err:
                    st.error(review_ui.correction_error(err, lang))
                else:
                    saved(t("review.manual_added", lang, doc_id=doc_id))

# --- orphans, history, exchange ------------------------------------------------------------
lost = offered.orphans
label = t("review.orphans", lang, n=lost.num_rows)
if box := widgets.lazy_expander(label, "review_orphans_open", expanded=lost.num_rows > 0):
    with box:
        st.caption(t("review.orphans_help", lang))
        widgets.table(lost, t("review.no_orphans", lang), key="review_orphans")
if box := widgets.lazy_expander(t("review.history_all", lang), "review_history_open"):
    everything = shown.review_history(revision, None, lang, timezone)
    widgets.table(everything, t("review.no_history", lang), box, key="review_history_all")
if box := widgets.lazy_expander(t("review.exchange", lang), "review_exchange_open"):
    with box:
        widgets.uploader_in_language(lang)
        st.download_button(
            t("review.export", lang),
            lambda: review.export_csv(db),  # written when clicked, not on every run
            file_name=f"{t('review.export_name', lang)}.csv",
            mime="text/csv",
            on_click="ignore",
            key="review_export",
        )
        upload = st.file_uploader(t("review.import", lang), type=["csv"], key="review_import")
        if upload is not None and st.button(t("review.import_go", lang), key="review_import_go"):
            try:
                n = review.import_csv(upload.getvalue(), upload.name, db)
            except CorrectionError as err:
                st.error(review_ui.correction_error(err, lang))
            else:
                saved(t("review.imported", lang, n=n))
