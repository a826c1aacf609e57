"""Human review of extracted figures: the store, the overlay on the facts, CSV exchange.

``store`` keeps decisions (confirm, reject, correct, hand-entered figures) with their
history; ``overlay`` lays them over the extracted facts; ``exchange`` moves them between
offices as CSV. The names below are the package's public API.
"""

from review.exchange import CSV_COLUMNS, export_csv, import_csv, neutralise
from review.overlay import apply_corrections, orphans
from review.reviewed import Reviewed, reviewed
from review.store import (
    CORRECTABLE,
    KINDS,
    MANUAL_PREFIX,
    STATUSES,
    CorrectionError,
    FactKey,
    Store,
    StoreBusy,
    StoreDamaged,
    add_manual,
    as_text,
    confirm,
    correct,
    default_store,
    display_name,
    history,
    key_of,
    manual_facts,
    problem,
    reject,
    restore,
    reviews,
    revision,
)

__all__ = [
    "CORRECTABLE",
    "CSV_COLUMNS",
    "KINDS",
    "MANUAL_PREFIX",
    "STATUSES",
    "CorrectionError",
    "FactKey",
    "Reviewed",
    "Store",
    "StoreBusy",
    "StoreDamaged",
    "add_manual",
    "apply_corrections",
    "as_text",
    "confirm",
    "correct",
    "default_store",
    "display_name",
    "export_csv",
    "history",
    "import_csv",
    "key_of",
    "manual_facts",
    "neutralise",
    "orphans",
    "problem",
    "reject",
    "restore",
    "reviewed",
    "reviews",
    "revision",
]  # fmt: skip
