"""Score facts against a hand-made reference, by the rules of FACTS.md.

    python -m extract.evaluate FACTS.csv GOLD.csv [--show] [--min-f1 0.95]
    python -m extract.evaluate --corpus DIR GOLD.csv [--regions SOURCES.csv] [--show]

A predicted region-wide fact (empty scope) matches a reference fact with an empty
scope when the document, region, metric and kind agree and the values agree within
0.5 %. Recall is over the required reference facts; precision over the predicted
region-wide facts whose metric is in the core catalogue. Year and qualifier are
scored as accuracy over the matched facts.

With ``--corpus`` the articles are extracted first, told only each article's date (as
unseen articles are measured), and ``--regions`` (doc_id, region) scores the main region
each article is filed under.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from extract import paths
from extract.catalogue import read_csv_rows
from extract.vocabulary import same_value

_TRUE = {"1", "true", "yes", "y", "t"}


@cache
def _name_forms() -> tuple[tuple[str, str], ...]:
    rows = read_csv_rows(paths.DATA / "gazetteer" / "zone_words.csv")
    return tuple((r["written"], r["short"]) for r in rows if r["written"] != r["short"])


def region_key(name: str) -> str:
    """A name as names are compared: no brackets, short zone words, no 市/区/县."""
    name = re.sub(r"[（(][^）)]*[）)]", "", (name or "").strip())
    name = re.sub(r"\s+", "", name)
    for long, short in _name_forms():
        name = name.replace(long, short)
    return name[:-1] if len(name) > 2 and name[-1] in "市区县" else name


def _number(text: object) -> float | None:
    try:
        return float(str(text).replace(",", "").strip())
    except ValueError:
        return None


def _doc(doc_id: str) -> str:
    return Path(str(doc_id).strip()).stem


@dataclass
class Score:
    required: int = 0
    matched: int = 0
    predicted: int = 0
    correct: int = 0
    year_ok: int = 0
    qualifier_ok: int = 0
    missed: list[dict[str, str]] = field(default_factory=list)
    wrong: list[dict[str, str]] = field(default_factory=list)
    wrong_year: list[tuple[dict[str, str], dict[str, str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def year_accuracy(self) -> float:
        return self.year_ok / self.matched if self.matched else 0.0

    @property
    def qualifier_accuracy(self) -> float:
        return self.qualifier_ok / self.matched if self.matched else 0.0

    def summary(self) -> str:
        return (
            f"required={self.required} matched={self.matched} predicted={self.predicted} "
            f"correct={self.correct} year_acc={self.year_accuracy:.2f} "
            f"qualifier_acc={self.qualifier_accuracy:.2f}\n"
            f"precision={self.precision:.3f} recall={self.recall:.3f} F1={self.f1:.3f}"
        )


def _matches(pred: dict, gold: dict[str, str]) -> bool:
    return (
        not gold.get("scope", "").strip()
        and pred["_region"] == region_key(gold["region"])
        and pred["metric_id"] == gold["metric_id"]
        and pred.get("kind", "").strip() in gold["kind"].split("|")
        and same_value(pred["_value"], _number(gold["value"]))
    )


def score(
    predicted: list[dict[str, str]], gold: list[dict[str, str]], metric_ids: set[str]
) -> Score:
    gold_by_doc: dict[str, list[dict[str, str]]] = defaultdict(list)
    for g in gold:
        gold_by_doc[_doc(g["doc_id"])].append(g)
    preds: dict[str, list[dict]] = defaultdict(list)
    seen: set[tuple] = set()
    for p in predicted:  # region-wide facts on core metrics, each distinct fact once
        if p.get("scope", "").strip() or p.get("metric_id") not in metric_ids:
            continue
        value = _number(p.get("value"))
        key = (_doc(p.get("doc_id", "")), region_key(p.get("region", "")), p["metric_id"],
               p.get("kind", "").strip(), None if value is None else round(value, 4))  # fmt: skip
        if key not in seen:
            seen.add(key)
            preds[key[0]].append({**p, "_value": value, "_region": key[1]})

    result = Score()
    for doc in sorted(set(gold_by_doc) | set(preds)):
        golds, ps = gold_by_doc.get(doc, []), preds.get(doc, [])
        used: set[int] = set()
        for g in golds:
            if str(g.get("required", "")).strip().lower() not in _TRUE:
                continue
            result.required += 1
            years = g["year"].split("|")
            candidates = [i for i, p in enumerate(ps) if i not in used and _matches(p, g)]
            if not candidates:
                result.missed.append(g)
                continue
            candidates.sort(key=lambda i: str(ps[i].get("year", "")).strip() not in years)
            best = ps[candidates[0]]
            used.add(candidates[0])
            result.matched += 1
            year_ok = str(best.get("year", "")).strip().split(".")[0] in years
            result.year_ok += year_ok
            if not year_ok:
                result.wrong_year.append((g, best))
            result.qualifier_ok += (best.get("qualifier") or "exact").strip() == g["qualifier"]
        for p in ps:
            result.predicted += 1
            if any(_matches(p, g) for g in golds):
                result.correct += 1
            else:
                result.wrong.append(p)
    return result


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k: v or "" for k, v in row.items()} for row in csv.DictReader(f)]


def core_metric_ids() -> set[str]:
    """The catalogue's ids marked core (those of the shared spec); ids the project added
    (patents per 10,000 people) are not scored."""
    rows = read_csv_rows(paths.CATALOGUE / "metrics.csv")
    return {r["metric_id"] for r in rows if r.get("core", "1") == "1"}


def region_accuracy(
    documents: list[dict[str, str]], truth: list[dict[str, str]]
) -> tuple[int, int, list[str]]:
    """(right, total, misses) of the main region each article was filed under."""
    filed = {_doc(d["doc_id"]): d.get("region", "") for d in documents}
    right, misses = 0, []
    for row in truth:
        doc = _doc(row["doc_id"])
        got = filed.get(doc, "")
        if region_key(got) == region_key(row["region"]):
            right += 1
        else:
            misses.append(f"REGION  {doc} {row['region']} ← {got or '(none)'}")
    return right, len(truth), misses


def extract_dated(corpus: Path, out: Path) -> Path:
    """Extract ``corpus`` into ``out`` telling the extractor each article's date only."""
    # the scorer itself needs no pipeline
    from extract.output import export_csv
    from extract.pipeline import MANIFEST_NAME, run
    from extract.tables import connect

    manifest = out / "dates.csv"
    out.mkdir(parents=True, exist_ok=True)
    given = corpus / MANIFEST_NAME
    rows = _read(given) if given.exists() else []
    with manifest.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["doc_id", "published"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    tables = out / "tables"
    run([corpus], manifest=manifest, out=tables, cache_dir=out / "cache")
    with connect(tables) as con:  # the tables as extracted: no one's reviews
        export_csv(con, tables)
    return tables


def _show(result: Score) -> None:
    for g in result.missed:
        print(f"MISSED  {_doc(g['doc_id'])} {g['region']} {g['metric_id']} {g['kind']} "
              f"{g['value']}  | {g.get('quote', '')}")  # fmt: skip
    for p in result.wrong:
        print(f"WRONG   {_doc(p.get('doc_id', ''))} {p.get('region')} {p['metric_id']} "
              f"{p.get('kind')} {p.get('value')}  | {p.get('quote', '')[:60]}")  # fmt: skip
    for g, p in result.wrong_year:
        what = f"{_doc(g['doc_id'])} {g['region']} {g['metric_id']} {g['kind']} {g['value']}"
        print(f"YEAR    {what} {g['year']} ← {p.get('year')}  | {g.get('quote', '')[:60]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m extract.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("facts", type=Path, nargs="?", help="facts.csv (omit with --corpus)")
    parser.add_argument("gold", type=Path)
    parser.add_argument("--corpus", type=Path, help="extract these articles first, by date only")
    parser.add_argument("--regions", type=Path, help="CSV of doc_id, region: the main regions")
    parser.add_argument("--label", default="", help="a name printed before the scores")
    parser.add_argument("--show", action="store_true", help="list missed and wrong facts")
    parser.add_argument("--min-f1", type=float, help="exit 1 when F1 is below this")
    args = parser.parse_args(argv)
    if (args.facts is None) == (args.corpus is None):
        parser.error("give either FACTS.csv or --corpus DIR")
    with tempfile.TemporaryDirectory(prefix="evaluate-") as tmp:
        tables = extract_dated(args.corpus, Path(tmp)) if args.corpus else None
        facts = tables / "facts.csv" if tables else args.facts
        result = score(_read(facts), _read(args.gold), core_metric_ids())
        if args.label:
            print(f"== {args.label}")
        if args.show:
            _show(result)
        if args.regions and tables:
            right, total, misses = region_accuracy(
                _read(tables / "documents.csv"), _read(args.regions)
            )
            if args.show:
                print("\n".join(misses))
            print(f"main region right: {right}/{total}")
    print(result.summary())
    return 1 if args.min_f1 is not None and result.f1 < args.min_f1 else 0


if __name__ == "__main__":
    sys.exit(main())
