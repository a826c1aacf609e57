"""An article's text as safe HTML with every extracted figure marked where it stands."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from dashboard.escape import html

TEXT_STYLE = "white-space: pre-wrap; line-height: 1.9; font-size: 1rem;"
MARK_STYLE = "background: #fff1a8; padding: 0 2px; border-radius: 3px;"
FOCUS_STYLE = "background: #ffb347; outline: 2px solid #d9822b; padding: 0 2px; border-radius: 3px;"


def spans_of(
    facts: pd.DataFrame, tip: Callable[[Mapping[str, object]], str]
) -> list[tuple[int, int, str, str]]:
    """(start, end, fact_id, tooltip) for figures with valid offsets, in text order; `tip`
    says what a figure was read as, in the reader's language."""
    spans = []
    for row in facts.to_dict("records"):
        start, end = pd.to_numeric(row["figure_start"]), pd.to_numeric(row["figure_end"])
        if pd.notna(start) and pd.notna(end) and 0 <= start < end:
            spans.append((int(start), int(end), str(row["fact_id"]), tip(row)))
    return sorted(spans)


def highlight(text: str, spans: Iterable[tuple[int, int, str, str]], focus: str = "") -> str:
    """Escape every piece of the text BEFORE adding <mark>: uploaded text never becomes HTML.

    Offsets index the raw text, so the text is cut at the offsets first and each piece escaped.
    Overlapping spans keep the first; the focused fact gets an id to scroll to and a stronger mark.
    """
    out, cursor = [], 0
    for start, end, fact_id, tip in spans:
        if start < cursor or end > len(text):
            continue
        out.append(html(text[cursor:start]))
        style = FOCUS_STYLE if fact_id == focus else MARK_STYLE
        out.append(
            f'<mark id="fact-{html(fact_id)}" title="{html(tip)}" style="{style}">'
            f"{html(text[start:end])}</mark>"
        )
        cursor = end
    out.append(html(text[cursor:]))
    return f'<div style="{TEXT_STYLE}">{"".join(out)}</div>'


def scroll_script(fact_id: str) -> str:
    """Scroll the focused mark into view; the id is one of ours (checked by the caller)."""
    target = html(f"fact-{fact_id}")
    return (
        "<script>setTimeout(() => {const el = document.getElementById("
        f'"{target}"'
        ") || window.parent.document.getElementById("
        f'"{target}"'
        '); if (el) el.scrollIntoView({block: "center"});}, 300);</script>'
    )
