"""The selection lives in the URL query string, so a copied link reopens the same view."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

LANGS = ("zh", "en")
SEP = ","  # region and metric ids never contain an ASCII comma


def _remembered(key: str) -> str:
    return f"url.{key}"


def get_str(key: str, default: str = "") -> str:
    """The URL's value; else what this session last chose (the URL empties on a page switch)."""
    if key in st.query_params:
        return st.query_params[key]
    return st.session_state.get(_remembered(key), default)


def set_str(key: str, value: str | None) -> None:
    st.session_state[_remembered(key)] = value or ""
    # Only write when it changes: every write costs a browser history entry.
    if not value:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def get_list(key: str, allowed: Sequence[str], default: Sequence[str]) -> list[str]:
    """Values from the URL that are still valid; the default when the URL names none."""
    raw = get_str(key, "\0")
    if raw == "\0":
        return list(default)
    return [v for v in raw.split(SEP) if v in allowed]


def set_list(key: str, values: Sequence[str]) -> None:
    set_str(key, SEP.join(values))


def get_flag(key: str) -> bool:
    return get_str(key) == "1"


def set_flag(key: str, on: bool) -> None:
    set_str(key, "1" if on else None)


def lang() -> str:
    value = get_str("lang", "zh")
    return value if value in LANGS else "zh"
