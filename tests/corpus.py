"""The fixed corpus the tests read: the five seed articles and their manifest, kept apart
from data/raw so that adding an article to the dashboard's corpus changes no test."""

from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "corpus"
