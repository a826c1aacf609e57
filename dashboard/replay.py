"""Elements drawn once per selection: Streamlit's cache replays what a drawing function put
on the page when a later run calls it with the same arguments, where building the elements
again (a chart's JSON, a card's Markdown and link) would cost every rerun."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from dashboard.cached import ENTRIES

T = TypeVar("T")


@st.cache_data(show_spinner=False, max_entries=ENTRIES * 2)
def _run(name: str, ident: str, _draw: Callable[..., Any], _args: tuple) -> Any:
    return _draw(*_args)


def replayed(draw: Callable[..., T]) -> Callable[..., T]:
    """`draw` run once per arguments, its elements replayed after. The arguments are a few
    ids, words and flags (a revision stamp, regions, a language): their repr names them,
    where Streamlit's cache would walk and hash each one on every rerun. Elements must be
    drawn on the page's main area or the sidebar, not into a container made outside."""
    name = f"{draw.__module__}.{draw.__qualname__}"

    @functools.wraps(draw)
    def call(*args: Any) -> T:
        return _run(name, repr(args), draw, args)

    return call
