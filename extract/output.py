"""Write a run's tables into the output folder all at once, with a Frictionless datapackage.

The folder is built beside the target and swapped in by rename, so a reader sees the
old tables or the new ones, never half of each; a failed run leaves the old ones.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from extract import __version__, catalogue

_FIELD_DOCS = {
    "facts": "One row per figure an article states about a region, with its provenance.",
    "metrics_wide": "The chosen value per region × metric × kind × year (region-wide facts only).",
    "documents": "One row per article read.",
    "regions": "The gazetteer rows (GB/T 2260 code, level, parent) the facts use.",
}
_TYPES = {"int64": "integer", "float64": "number", "bool": "boolean"}


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV the same bytes for the same table: fixed float format, \\n line ends."""
    df.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def write_tables(out: Path, tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, df in tables.items():
            write_csv(df, staging / f"{name}.csv")
        (staging / "texts").mkdir()
        for doc_id, text in sorted(texts.items()):
            (staging / "texts" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        package = datapackage(tables)
        (staging / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def datapackage(tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """A Frictionless descriptor of every table, with the unit of each metric."""
    units = {m.metric_id: m.unit for m in catalogue.metrics().values()}
    resources = []
    for name, df in tables.items():
        fields = [
            {"name": col, "type": _TYPES.get(str(df[col].dtype), "string")} for col in df.columns
        ]
        for f in fields:
            if f["name"] == "value":
                f["description"] = "In the column `unit`: the metric's canonical unit"
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "encoding": "utf-8",
                "description": _FIELD_DOCS.get(name, ""),
                "schema": {"fields": fields},
            }
        )
    return {
        "name": "chuanyu-regions-metrics",
        "title": "川渝 regional high-tech metrics read from articles",
        "version": __version__,
        "resources": resources,
        "metric_units": units,
    }
