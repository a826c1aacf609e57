"""Human review of extracted figures: the store, the overlay on the facts, CSV exchange.

``store`` keeps decisions (confirm, reject, correct, hand-entered figures) with their
history; ``overlay`` lays them over the extracted facts; ``exchange`` moves them between
offices as CSV. The names below are the package's public API.
"""

from review.exchange import CSV_COLUMNS, export_csv, import_csv, neutralise
from review.overlay import apply_corrections, orphans
from review.store import (
    CORRECTABLE,
    DEFAULT_DB,
    KINDS,
    MANUAL_PREFIX,
    STATUSES,
    CorrectionError,
    FactKey,
    StoreBusy,
    add_manual,
    as_text,
    confirm,
    correct,
    history,
    key_of,
    manual_facts,
    reject,
    reviews,
)

__all__ = [
    "CORRECTABLE", "CSV_COLUMNS", "DEFAULT_DB", "KINDS", "MANUAL_PREFIX", "STATUSES",
    "CorrectionError", "FactKey", "StoreBusy", "add_manual", "apply_corrections", "as_text",
    "confirm", "correct", "export_csv", "history", "import_csv", "key_of", "manual_facts",
    "neutralise", "orphans", "reject", "reviews",
]  # fmt: skip
