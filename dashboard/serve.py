"""Start the dashboard: Streamlit's own command line, with the app's modules imported while
the server starts and the first browser loads the page, instead of during its first run.

    python -m dashboard.serve [streamlit run options]     # what `make run` does
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def _warm() -> None:
    # pandas, the review store (SQLAlchemy), the pipeline and the dashboard library: the
    # imports a first page run would otherwise wait for.
    import app  # noqa: F401
    import dashboard.cached
    import dashboard.downloads  # noqa: F401


def main() -> None:
    from streamlit.web import cli

    threading.Thread(target=_warm, name="warm-imports", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
