"""The served dashboard: app.py as Streamlit's ASGI app, whose start-up imports what the
first page run needs while the server comes up and the browser loads the page.

    streamlit run serve.py [options]     # what `make run`, the browser test and the benchmark do

`streamlit run app.py` serves the same pages; its first page run waits for the imports.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent / "app.py"


def warm() -> None:
    """pandas, DuckDB, the review store (SQLAlchemy), the pipeline, Plotly and the dashboard
    library: imported once here, the first page run finds them in memory."""
    import app  # noqa: F401
    import dashboard.cached
    import dashboard.widgets  # noqa: F401


@asynccontextmanager
async def warm_imports(_: st.App) -> AsyncIterator[None]:
    # A thread: the server answers at once; the imports run while the browser loads.
    threading.Thread(target=warm, name="warm-imports", daemon=True).start()
    yield


app = st.App(APP, lifespan=warm_imports)
