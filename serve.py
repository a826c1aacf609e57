"""The served dashboard: app.py as Streamlit's ASGI app, whose start-up imports and reads
what the first page run needs while the browser loads the page.

    streamlit run serve.py [options]     # what `make run`, the browser test and the benchmark do

`streamlit run app.py` serves the same pages; its first page run waits for the imports.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent / "app.py"


def warm() -> None:
    """What the overview's first run needs, imported here (pandas, DuckDB, the review store's
    SQLAlchemy, the page library) and its cards read: the first page run finds them in
    memory. Charts, exports and the extraction rules load with the page that uses them."""
    import app

    app.read_ahead()
    # The first element Streamlit draws in a process walks the stack with inspect (to tell a
    # REPL from a server), which first maps the file of every loaded module, some 1400 after
    # these imports: mapped here, the first page run finds the map made.
    inspect.stack()


@asynccontextmanager
async def warm_imports(_: st.App) -> AsyncIterator[None]:
    # A thread: the server answers at once; the imports run while the browser loads (started
    # any earlier, they slow the server's own start as much as they gain).
    threading.Thread(target=warm, name="warm-imports", daemon=True).start()
    yield


app = st.App(APP, lifespan=warm_imports)
