"""The Streamlit dashboard's library: pages lay out, these modules load, label, draw and export."""

from __future__ import annotations


def _route_through_app() -> None:
    """Make every run start in app.py, even a deep link opened first after the server starts.

    A folder named pages/ next to app.py makes Streamlit route such a link straight to the page
    file (its old multipage mode) until some run reaches st.navigation, which skips app.py's
    language switch and table build. app.py always declares st.navigation, so the old mode is
    switched off here and the run restarted, this time through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        import streamlit as st

        st.rerun()


_route_through_app()
