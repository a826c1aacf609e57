"""The page layer's caches: a rerun that changes nothing rebuilds nothing.

The chart and table builders are pure functions of their arguments (small DataFrames,
ids, the language), so a widget change that leaves them alone, or a return to an earlier
view, reuses what was built. Building a Plotly figure costs far more than hashing the rows
it is built from. Results are shared, not copied (``cache_resource``): callers only read
them, and Streamlit serialises a figure without changing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard import charts, figures, maps, selection

F = TypeVar("F", bound=Callable)
ENTRIES = 64  # per builder: every view of a meeting's worth of selections


def _shared(builder: F) -> F:
    return st.cache_resource(show_spinner=False, max_entries=ENTRIES)(builder)  # type: ignore[return-value]


bar_chart = _shared(charts.bar_chart)
ranking_chart = _shared(charts.ranking_chart)
trend_chart = _shared(charts.trend_chart)
map_figure = _shared(maps.map_figure)
latest = _shared(selection.latest)
series = _shared(selection.series)
display_table = _shared(selection.display_table)
chosen_facts = _shared(figures.chosen_facts)
readable = _shared(figures.readable)
