"""Controls several pages share, each kept in sync with the URL."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import pyarrow as pa
import streamlit as st

from dashboard import state
from dashboard.i18n import metric_name, region_name, t, unit_name
from dashboard.replay import replayed

T = TypeVar("T")

# Presentation mode hides every control; this is the app's own CSS, never user text.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}
.block-container {padding-top: 1rem; max-width: 100% !important;}
</style>
"""


def multiselect(
    where: object,
    label_key: str,
    options: Sequence[T],
    lang: str,
    format_func: Callable[[T], str],
    key: str,
    default: Sequence[T] | None = None,
) -> list[T]:
    """A multiselect that speaks the reader's language: Streamlit's own "Choose options"
    placeholder is replaced, and its English "Select all" action left out."""
    return where.multiselect(  # type: ignore[attr-defined]
        t(label_key, lang),
        list(options),
        default=default,
        format_func=format_func,
        key=key,
        placeholder=t("common.choose", lang),
        select_all=False,
    )


def region_picker(regions: Sequence[str], lang: str) -> list[str]:
    # Names only: the tags stay short in the sidebar; charts and cards add the level.
    chosen = multiselect(
        st.sidebar,
        "common.regions",
        regions,
        lang,
        lambda r: region_name(r, lang),
        key="regions",
        default=state.get_list("regions", regions, regions),
    )
    state.set_list("regions", chosen)
    return chosen


def metric_picker(groups: dict[str, list[str]], default: Sequence[str], lang: str) -> list[str]:
    """One multiselect per category (企业, 产出, 平台, 人才, 创新); the URL holds them all."""
    every = [m for ids in groups.values() for m in ids]
    current = state.get_list("metrics", every, [m for m in default if m in every])
    chosen: list[str] = []
    for category, ids in groups.items():
        chosen += multiselect(
            st.sidebar,
            f"category.{category}",
            ids,
            lang,
            lambda m: metric_name(m, lang),
            key=f"metrics.{category}",
            default=[m for m in current if m in ids],
        )
    state.set_list("metrics", chosen)
    return chosen


def choice(
    label_key: str, options: Sequence[str], url_key: str, lang: str, prefix: str, show: bool = True
) -> str:
    """A single choice among labelled options (kind, view), remembered in the URL.

    With show=False (presentation mode) the URL's choice applies without drawing the control.
    """
    current = state.get_str(url_key, options[0])
    if not show:
        return current if current in options else options[0]
    picked = st.segmented_control(
        t(label_key, lang),
        list(options),
        default=current if current in options else options[0],
        format_func=lambda o: t(f"{prefix}{o}", lang),
        key=url_key,
    )
    picked = picked or options[0]
    state.set_str(url_key, picked if picked != options[0] else None)
    return picked


def flag(label_key: str, url_key: str, lang: str, show: bool = True) -> bool:
    if not show:
        return state.get_flag(url_key)
    on = st.toggle(t(label_key, lang), value=state.get_flag(url_key), key=url_key)
    state.set_flag(url_key, on)
    return on


def present_button(on: bool, lang: str) -> None:
    """Enter or leave presentation mode in one click.

    The URL changes in the click's callback, which runs before the script: the page that
    follows is already laid out for the new mode and the URL matches it.
    """
    st.button(
        t("compare.exit_present" if on else "compare.present", lang),
        on_click=state.set_flag,
        args=("present", not on),
        key="present_off" if on else "present_on",
        icon=":material/close_fullscreen:" if on else ":material/slideshow:",
        type="tertiary" if on else "secondary",
    )


def pick(
    where: object, lang: str, label_key: str, options: list[str], key: str, current: object = None
) -> str | None:
    """A region, metric, unit or kind picked from a list by name in the reader's language,
    never typed as an id: a correction starts at the figure's own value (first, even when
    the list lacks it), a hand entry at nothing chosen yet."""
    name = {
        "review.region": lambda r: region_name(r, lang),
        "review.metric": lambda m: metric_name(m, lang),
        "review.unit": lambda u: unit_name(u, lang) or "—",
        "review.kind": lambda k: t(f"kind.{k}", lang),
    }[label_key]
    start = None if current is None else str(current)
    return where.selectbox(  # type: ignore[attr-defined]
        t(label_key, lang),
        options if start is None else list(dict.fromkeys([start, *options])),
        index=None if start is None else 0,
        format_func=name,
        placeholder=t("common.choose", lang),
        key=key,
    )


def table(rows: pa.Table, empty: str, where: Any = st, **options: Any) -> None:
    """A table, or a line saying it has no rows: Streamlit's empty grid reads "empty" in
    English whatever the reader's language."""
    if rows.num_rows:
        where.dataframe(rows, hide_index=True, **options)
    else:
        where.caption(empty)


def built(builder: str, *selection: Hashable) -> Any:
    """What `dashboard.shown` builds under that name (a chart, or the review page's tables).
    Imported at the first chart or table: it brings Plotly and every page's builders, which
    the overview's cards, the first thing a visitor waits for, need none of."""
    from dashboard import shown

    if builder == "review":
        return shown.review_list(*selection)[1]
    return {
        "history": shown.review_history,
        "compare": shown.compare_chart,
        "map": shown.map_chart,
    }[builder](*selection)


@replayed
def shown_table(builder: str, empty: str, key: str, *selection: Hashable) -> None:
    """`built(builder, *selection)` as a table (`empty` when it has no rows). Replayed: a
    rerun would convert a review list of 200 rows to Arrow's bytes again."""
    table(built(builder, *selection), empty, key=key)


def lazy_expander(label: str, key: str, expanded: bool = False) -> Any:
    """An expander whose content the page runs only while it is open (a click reruns), or
    None when it is closed: what it holds costs nothing on the page's other reruns."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    return box if box.open else None


@replayed
def chart(builder: str, key: str, *selection: Hashable) -> bool:
    """Draw `built(builder, *selection)`; False when it has nothing to draw. Replayed: a
    rerun would otherwise copy the figure to a dict, walk its arrays and write its JSON
    again (about 1 ms a page, a county map's outlines 2 ms)."""
    drawn = built(builder, *selection)
    if drawn is None:
        return False
    fig, config = drawn
    st.plotly_chart(fig, config=config, key=key, theme=None)
    return True


def uploader_in_language(lang: str) -> None:
    """Streamlit's uploader has English words of its own and no way to set them: its
    instructions are hidden (the label already states the types and the limit) and its
    button reads the label file's text. The CSS is the app's own; the text is a label."""
    text = t("common.choose_files", lang).replace('"', "")
    st.markdown(
        "<style>"
        '[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}'
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
        " {font-size: 0;}"
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after'
        f' {{content: "{text}"; font-size: 0.875rem;}}'
        "</style>",
        unsafe_allow_html=True,
    )


def app_css() -> None:
    """Streamlit's own controls whose English cannot be set: the running indicator's "Stop"
    (the indicator stays; a page run takes a moment) and the element toolbar over charts and
    tables ("Fullscreen", "Search", a CSV download without the BOM Excel needs). The pages'
    own download buttons and presentation mode do those jobs in the reader's language.
    The same goes for the full-screen button Streamlit adds to every Plotly toolbar, which
    Plotly's dictionary does not reach.

    The sidebar's chosen regions and metrics wrap instead of being cut off (Mianyang
    High-tech Zone), and all of them show, not the first few in a scrolled box."""
    sidebar = '[data-testid="stSidebar"] [data-testid="stMultiSelect"]'
    st.html(
        "<style>"
        '[data-testid="stStatusWidget"] button, [data-testid="stElementToolbar"],'
        ' .modebar-btn[data-title="Fullscreen"], .modebar-btn[data-title="Close fullscreen"]'
        " {display: none !important;}"
        f"{sidebar} [data-tag] {{height: auto; max-width: 100%;}}"
        f"{sidebar} [data-tag] span[title] {{white-space: normal; overflow-wrap: anywhere;}}"
        f'{sidebar} [role="group"], {sidebar} [data-testid="stMultiSelectTagsContainer"]'
        " {max-height: none;}"
        "</style>"
    )


def present_mode_css() -> None:
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)


def metric_choice(label_key: str, metrics: Sequence[str], lang: str, show: bool = True) -> str:
    """One metric for the ranking, the trend and the presentation view; kept in the URL."""
    current = state.get_str("focus")
    current = current if current in metrics else metrics[0]
    if show:
        current = st.selectbox(
            t(label_key, lang),
            list(metrics),
            index=list(metrics).index(current),
            format_func=lambda m: metric_name(m, lang),
            key="focus",
        )
    state.set_str("focus", current)
    return current
