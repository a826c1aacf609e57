"""Where the project's data lives; every module asks here instead of building paths itself."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
CATALOGUE = DATA / "catalogue"
GAZETTEER = DATA / "gazetteer" / "regions.csv"
