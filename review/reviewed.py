"""The reviewed tables: what the extractor wrote, with every review laid over it.

One loader for every reader — the dashboard's pages, its downloads and the command line's
CSV export — so what a CSV says is what a page shows. The tables stay where the run wrote
them (Parquet) and are queried in place with DuckDB: a page reads only the rows and
columns it asks for. Reviews are few beside a province's facts, so only the facts they
name are read into memory and corrected (by ``overlay.apply_corrections``, the one
definition of a review's effect), and of the wide table only the cells those facts
compete in are chosen again; every other row is read from the files as written.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from extract import catalogue, tables
from review.overlay import apply_corrections
from review.store import MANUAL_PREFIX, Store, reviews

KEY = ("doc_id", "figure_start", "metric_id")
STATUSES = ("", "confirmed", "corrected", "manual", "rejected")


class Reviewed:
    """The reviewed tables of an output folder and a review store, as they were when opened.

    Views: ``facts`` (reviewed, with ``review`` = "" | confirmed | corrected | manual),
    ``facts_all`` (the same with rejected facts, ``review`` = rejected), ``metrics_wide``
    (chosen from the reviewed facts), ``documents``, ``regions``, ``metrics`` (the
    catalogue) and ``review_state`` (the store's latest state per fact).
    """

    def __init__(self, out: Path, db: Store | None = None) -> None:
        self.out = Path(out)
        self.con = duckdb.connect()
        for name in ("documents", "regions"):
            self._view(name, f"SELECT * FROM {tables.scan(self.out, name)}")
        self._view("extracted_facts", f"SELECT * FROM {tables.scan(self.out, 'facts')}")
        self._view("extracted_wide", f"SELECT * FROM {tables.scan(self.out, 'metrics_wide')}")
        self._table("metrics", catalogue.load_metrics())
        self._table("review_state", _plain(reviews(db)))
        self.con.execute(  # typed even when the store is empty
            "CREATE OR REPLACE TABLE review_state AS SELECT * REPLACE (CAST(doc_id AS VARCHAR)"
            " AS doc_id, CAST(figure_start AS BIGINT) AS figure_start, CAST(metric_id AS"
            " VARCHAR) AS metric_id) FROM review_state"
        )
        touched = self.query(
            "SELECT f.* FROM extracted_facts f SEMI JOIN review_state r ON "
            + " AND ".join(f"f.{c} = r.{c}" for c in KEY)
        )
        overlaid = apply_corrections(touched, db, keep_rejected=True)
        self._table("overlaid", _plain(overlaid))
        self._view("overlaid_facts", self._typed("overlaid"))
        self._view(
            "facts_all",
            "SELECT *, '' AS review FROM extracted_facts ANTI JOIN review_state USING"
            f" ({', '.join(KEY)}) UNION ALL BY NAME SELECT * FROM overlaid_facts",
        )
        self._view("facts", "SELECT * FROM facts_all WHERE review <> 'rejected'")
        self._table("touched", _plain(touched))
        cells = "SELECT * FROM overlaid_facts WHERE review <> 'rejected'"
        groups = f"{tables.groups_sql('FROM touched')} UNION {tables.groups_sql(cells)}"
        self.con.execute(f"CREATE TABLE cells AS {groups}")
        wide = tables.rewide_sql("FROM extracted_wide", "FROM facts", "FROM cells")
        self._view("metrics_wide", wide)

    def _view(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE VIEW {name} AS {sql}")

    def _table(self, name: str, frame: pd.DataFrame) -> None:
        self.con.register(f"{name}_df", frame)
        self.con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_df")
        self.con.unregister(f"{name}_df")

    def _typed(self, name: str) -> str:
        """``name``'s rows with the extracted facts' columns and types, and ``review``."""
        present = {c for (c, *_) in self.con.execute(f"DESCRIBE {name}").fetchall()}
        columns = self.con.execute("DESCRIBE extracted_facts").fetchall()
        cells = [
            f"CAST({c if c in present else 'NULL'} AS {kind}) AS {c}" for c, kind, *_ in columns
        ]
        return f"SELECT {', '.join(cells)}, CAST(review AS VARCHAR) AS review FROM {name}"

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Rows of a query over the views, as pandas; safe from several threads at once."""
        return tables.frame(self.con.cursor(), sql, params)

    def table(self, name: str) -> pd.DataFrame:
        """One whole table in its order (an export; pages ask for what they show)."""
        order = tables.ORDER.get(name.removesuffix("_all"), "1")
        return self.query(f"SELECT * FROM {name} ORDER BY {order}")

    def orphans(self) -> pd.DataFrame:
        """Reviews whose fact no extraction produces any more (shown, never deleted)."""
        return self.query(
            f"SELECT * FROM review_state ANTI JOIN extracted_facts USING ({', '.join(KEY)})"
            f" WHERE NOT starts_with(doc_id, '{MANUAL_PREFIX}') ORDER BY updated_at"
        )

    def export_csv(self, folder: Path) -> None:
        """Every reviewed table as ``<name>.csv`` in ``folder``, described in its datapackage."""
        # Imported here: the writer brings the extraction rules, which reading needs none of.
        from extract import output

        output.export_csv(self.con.cursor(), Path(folder))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as text for DuckDB (pandas keeps corrected cells as Python objects)."""
    frame = frame.copy()
    for column in [c for c in frame.columns if pd.api.types.is_object_dtype(frame[c])]:
        frame[column] = frame[column].map(lambda v: v if v is None or pd.isna(v) else str(v))
        frame[column] = frame[column].astype("string")
    return frame


def reviewed(out: Path, db: Store | None = None) -> Reviewed:
    """The reviewed tables of ``out`` under the reviews in ``db`` (default: the settings')."""
    return Reviewed(out, db)
