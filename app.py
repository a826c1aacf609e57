"""Entry point: page config, language switch, building stale tables, and the page list."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import review
from dashboard import cards, data, state, widgets
from dashboard.escape import md
from dashboard.i18n import t
from extract import settings, stale, tables
from extract.errors import InputError

HERE = Path(__file__).parent
WRITTEN = "app.page_in_url"
# (url path, page file, label key, default); pages another engineer adds are skipped until present.
PAGES = (
    ("overview", "views/overview.py", "page.overview", True),
    ("compare", "views/compare.py", "page.compare", False),
    ("map", "views/map.py", "page.map", False),
    ("region", "views/region.py", "page.region", False),
    ("sources", "views/sources.py", "page.sources", False),
    ("data", "views/data_export.py", "page.data", False),
    ("add_article", "views/add_article.py", "page.add_article", False),
    ("review", "views/review.py", "page.review", False),
)


def language_switch() -> str:
    current = state.lang()
    picked = st.sidebar.segmented_control(
        t("app.language", current),
        list(state.LANGS),
        default=current,
        format_func=lambda code: t(f"lang.{code}", current),
        key="lang",
    )
    picked = picked or current
    state.set_str("lang", picked if picked != "zh" else None)
    return picked


def build_if_stale(lang: str) -> None:
    """Fresh machine or newer articles: rebuild the tables in the page before serving it."""
    config = settings.current()
    if not stale.is_stale(raw=config.raw, out=config.processed):
        return
    # Imported only to rebuild: the pipeline brings every extraction rule.
    from extract import pipeline

    bar = st.progress(0.0, text=t("app.building", lang))

    def on_progress(done: int, total: int, name: str) -> None:
        bar.progress(
            min(done / total, 1.0) if total else 1.0,
            text=t("app.building_step", lang, name=name, done=done, total=total),
        )

    try:
        # A new or replaced file changed its folder: the entries say which, no stat each.
        summary = pipeline.run(on_progress=on_progress, config=config, look=False)
    except (InputError, OSError) as err:
        bar.empty()
        if not tables.exist(config.processed):
            st.error(t("app.build_failed", lang, error=md(err)))
            st.stop()
        # The previous tables are intact (a run writes all or nothing): keep serving them.
        st.warning(t("app.build_failed_kept", lang, error=md(err)))
        return
    bar.empty()
    if getattr(summary, "failed", None):
        st.warning(t("app.build_warnings", lang, n=len(summary.failed)))
    st.cache_data.clear()


def frame() -> str:
    """What every run does before its page: page config, language switch, fresh tables."""
    # A sidebar of 300 px (Streamlit's is 244) holds an English region or metric per line.
    st.set_page_config(page_title="川渝", layout="wide", page_icon="📊", initial_sidebar_state=300)
    widgets.app_css()
    lang = language_switch()
    st.sidebar.caption(t("app.title", lang))
    build_if_stale(lang)
    store = review.default_store()
    if review.problem(store):  # every page says so; the review page offers the restore
        st.warning(t("app.store_damaged", lang, name=md(review.display_name(store))))
    return lang


def read_ahead() -> None:
    """What the first page (the overview, every region) reads, read before any page runs,
    as a server starts: its run finds the cards built (kept on disk from a server before,
    else read from the tables). Nothing when the tables are stale: that run rebuilds them
    first."""
    config = settings.current()
    if stale.is_stale(raw=config.raw, out=config.processed):
        return
    if review.problem(review.default_store()):  # the page says so and offers the restore
        return
    cards.screen(data.revision())


def main() -> None:
    lang = frame()
    pages = {
        key: st.Page(str(HERE / path), title=t(label, lang), url_path=key, default=default)
        for key, path, label, default in PAGES
        if (HERE / path).exists()
    }
    current = st.navigation(list(pages.values()))
    # Links inside the app read ?page=sources&doc=…: honour a page the URL names unless it is
    # just the one this session wrote before the user moved on through the navigation.
    wanted = st.query_params.get("page")
    if wanted in pages and pages[wanted] is not current and wanted != st.session_state.get(WRITTEN):
        st.switch_page(pages[wanted], query_params=st.query_params.to_dict())
    here = next((k for k, p in pages.items() if p is current), "")
    st.session_state[WRITTEN] = here
    if st.query_params.get("page") != here:
        st.query_params["page"] = here
    current.run()


if __name__ == "__main__":
    main()
