"""Tables written into an article's text with | between cells.

    | 区县   | R&D经费(亿元) | 比上年增长(%) | 投入强度(%) |
    | 东坡区 | 14.26        | 12.5          | 2.31        |

Two shapes are read. Regions in rows: the header names a metric per column through the
catalogue's cues, its kind through the cue words (增长 → growth of the column before it,
占比 → share, 新增/新认定 → increment), and the unit it is written in (亿元, 万元, 家, %);
each row whose first cell is a region, or a word for the whole of one (全市), gives that
region one figure per column, and rows of anything else (合计, 采矿业, 企业) give none.
Metrics in rows (指标 | 单位 | 1-9月 | 同比增长(%)): each row whose first cell names a
metric gives the article's region its value and growth, in the unit its unit cell writes;
a column of goals (全年目标) gives targets, one of progress (完成率) nothing, and a row
whose name says 新增 gives increments.
A table is read only here, never as running text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract import catalogue, dates
from extract.classify import cues_between
from extract.number_words import number_words
from extract.segment import Sentence, Span

# a line with two or more cell separators, matched from its start (linear in a long line)
_ROW = re.compile(r"^[^\n|]*\|[^\n]*\|[^\n]*", re.MULTILINE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# a header of all that are, no metric named (有效期内, 累计(家)): the metric of the column before
_STOCK_HEADER = re.compile(
    r"(?:有效期内|有效|累计|总数|总量|现有|存量)(?:数|总数)?(?:[(（][^()（）]*[)）])?"
)
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_NUMBER = re.compile(r"[-−+]?\d+(?:,\d{3})*(?:\.\d+)?")  # +15: a change column's rise
_LABEL_HEADER = re.compile(r"指标(?:名称)?|项目|主要指标")
_UNIT_HEADER = re.compile(r"(?:计量)?单位")
_YEAR = re.compile(r"(20\d\d)\s*年?(?:末|底)?")
_UNIT_IN_BRACKETS = re.compile(r"[(（]\s*([^()（）]{1,4}?)\s*[)）]")


@dataclass(frozen=True)
class Column:
    metric_id: str
    kind: str  # value, increment, growth or share
    unit: str  # the unit values are stored in
    factor: float  # what a written value is multiplied by
    period: str = ""  # a part of the year the header names (1-9月)
    year: int | None = None  # the year the header names (指标 | 2021年 | 2022年)


@dataclass(frozen=True)
class Figure:
    row: Span  # the table row, the quote
    label: Span  # its first cell: the region (or the metric, by_region False)
    cell: Span  # the figure's cell
    value: float
    column: Column
    by_region: bool = True  # a row of a region; else a row of a metric, the article's region


def tables(text: str) -> list[Span]:
    """Runs of two or more consecutive table rows (a header and its data)."""
    found, run = [], []
    for m in _ROW.finditer(text):
        if run and text[run[-1].end : m.start()].strip():
            found += _keep(run)
            run = []
        run.append(Span(m.start(), m.end()))
    return found + _keep(run)


def _keep(run: list[Span]) -> list[Span]:
    return [Span(run[0].start, run[-1].end)] if len(run) >= 2 else []


def figures(text: str, table: Span) -> Iterator[Figure]:
    """The figures of one table, row by row, for the rows that name something."""
    rows = [Span(m.start(), m.end()) for m in _ROW.finditer(text, table.start, table.end)]
    columns: list[Column | None] = []
    roles: list[str] = []  # a table of metrics in rows: what each column holds
    label_at = 0  # the column of the rows' names
    caption = _caption(text, table)
    for row in rows:
        cells = _cells(text, row)
        if len(cells) < 2:
            continue
        if not (columns or roles) or not any(
            _NUMBER.fullmatch(_value_text(text, c)) for c in cells[1:]
        ):
            if _LABEL_HEADER.fullmatch(text[cells[0].start : cells[0].end]):
                columns, roles, label_at = [], _roles(text, cells), 0  # 指标 | 单位 | …
                continue
            label_at = _label_column(text, cells)
            header = _columns(text, row, cells, caption, label_at)
            if any(header):
                columns, roles = header, []
            continue
        if roles:
            yield from _metric_row(text, row, cells, roles)
            continue
        if label_at >= len(cells):
            continue
        for i, (cell, column) in enumerate(zip(cells, columns, strict=False)):
            number = _NUMBER.fullmatch(_value_text(text, cell))
            if column is not None and number and i != label_at:
                value = float(number.group(0).replace(",", "").replace("−", "-"))
                yield Figure(row, cells[label_at], cell, value * column.factor, column)


def _label_column(text: str, cells: list[Span]) -> int:
    """The column that names the rows' regions: the one headed 市(州), 区县 …, else the first
    (位次 | 市(州) | 同比增长: the second)."""
    for i, cell in enumerate(cells):
        if catalogue.word_group("region_header").fullmatch(text[cell.start : cell.end]):
            return i
    return 0


def _caption(text: str, table: Span) -> Column | None:
    """The metric a table's caption names (表2 1-4月规上工业增加值增速居前五位的市(州)), for a
    header that says only how (同比增长)."""
    start = text.rfind("\n", 0, max(table.start - 1, 0)) + 1
    if "|" in text[start : table.start] or "。" in text[start : table.start]:
        return None  # a row, or a sentence: no caption
    span = Span(start, table.start)
    line = Sentence(start, table.start, span, (span,), start)
    cues = cues_between(text, line, start, table.start)
    if not cues:
        return None
    metric = catalogue.metrics()[cues[-1][0]]
    kind = (
        "increment"
        if catalogue.word_group("increment").search(text, start, cues[-1][1])
        else "value"
    )
    return Column(metric.metric_id, kind, metric.unit, 1.0)


def _roles(text: str, cells: list[Span]) -> list[str]:
    """指标 | 单位 | 1-9月 | 同比增长(%): label, unit, a value (and its period), growth."""
    roles = ["label"]
    for cell in cells[1:]:
        words = text[cell.start : cell.end]
        if _UNIT_HEADER.fullmatch(words):
            roles.append("unit")
        elif catalogue.word_group("progress").search(words):
            roles.append("progress")  # 完成率: how far a goal is reached, no figure of its own
        elif catalogue.word_group("this_month").fullmatch(words.strip()):
            roles.append("progress")  # 本月 beside 累计: one month's part of the figure
        elif catalogue.word_group("target").search(words):
            year = _YEAR.search(words)  # 2024年目标: that year's goal
            roles.append("target:" + (year.group(1) if year else ""))
        elif catalogue.word_group("share").search(words):
            roles.append("share")
        elif catalogue.word_group("growth").search(words):
            roles.append("growth")
        elif (year := _YEAR.fullmatch(words)) or (
            (year := _YEAR.search(words)) and not dates.period_in(words)
        ):
            roles.append("year:" + year.group(1))  # 2023年, 2023年完成
        else:
            roles.append("value:" + dates.period_in(words))
    return roles


def _metric_row(text: str, row: Span, cells: list[Span], roles: list[str]) -> Iterator[Figure]:
    """A row of a table of metrics: its metric's figures for the article's region."""
    line = Sentence(row.start, row.end, row, (row,), row.start)
    label = cells[0]
    cues = cues_between(text, line, label.start, label.end)
    if not cues or cues[-1][2] - cues[-1][1] < (label.end - label.start) // 3:
        return  # not a metric of the catalogue, or only a word inside a longer name
    metric = catalogue.metrics()[cues[-1][0]]
    in_label = _UNIT_IN_BRACKETS.search(text, label.start, label.end)  # 技术合同成交额(万元)
    written = in_label.group(1) if in_label else ""
    for cell, role in zip(cells[1:], roles[1:], strict=False):
        if role == "unit":
            written = text[cell.start : cell.end].strip(" —-")
    unit, factor = _unit(metric.unit, written)
    # 新增高新技术企业: new ones; 地区生产总值增速: its growth (the cue's own words, 增加值,
    # say nothing of the kind)
    named = text[label.start : cues[-1][1]] + text[cues[-1][2] : label.end]
    kind = _row_kind(named)
    if kind in ("growth", "share"):
        unit, factor = "%", 1.0
    for cell, role in zip(cells[1:], roles[1:], strict=False):
        number = _NUMBER.fullmatch(_value_text(text, cell))
        if not number or role in ("label", "unit", "progress"):
            continue
        value = float(number.group(0).replace(",", "").replace("−", "-"))
        if role.startswith("target:") and unit and kind not in ("growth", "share"):
            year = int(role.removeprefix("target:") or 0) or None  # a rate's goal: no kind
            column = Column(metric.metric_id, "target", unit, factor, year=year)
            yield Figure(row, label, cell, value * factor, column, by_region=False)
        elif role.startswith("value:") and unit:
            column = Column(metric.metric_id, kind, unit, factor, role.removeprefix("value:"))
            yield Figure(row, label, cell, value * factor, column, by_region=False)
        elif role.startswith("year:") and unit:
            year = int(role.removeprefix("year:"))
            column = Column(metric.metric_id, kind, unit, factor, year=year)
            yield Figure(row, label, cell, value * factor, column, by_region=False)
        elif role in ("growth", "share"):
            years = [int(r.removeprefix("year:")) for r in roles if r.startswith("year:")]
            year = years[0] if len(years) == 1 else None  # 指标 | 2019年 | 增长%: that year's
            column = Column(metric.metric_id, role, "%", 1.0, year=year)
            yield Figure(row, label, cell, value, column, False)


def _verb_metric(words: str) -> str | None:
    """The metric a header's verb counts (入库数 → tech_smes, 新认定数 → high-tech firms)."""
    return next(
        (metric_id for verb, metric_id in catalogue.verb_metrics() if verb.search(words)), None
    )


def _names_other(words: str) -> bool:
    """Does a header cell with no cue that says a kind name a measure of its own (固定资产
    投资增速), not only how the column before is counted (增速(%), 比上年末增减(家))?"""
    rest = _BRACKETED.sub("", words)
    for group in ("growth", "increment", "share", "connective", "time_lead"):
        rest = catalogue.word_group(group).sub("", rest)
    return len(_CJK.findall(rest)) >= 3 and rest != _BRACKETED.sub("", words)


def _row_kind(named: str) -> str:
    """The kind a metric row's own words give its figures (增速 → growth, 新增 → increment)."""
    for group, kind in (("growth", "growth"), ("share", "share"), ("increment", "increment")):
        if catalogue.word_group(group).search(named):
            return kind
    return "value"


def _cells(text: str, row: Span) -> list[Span]:
    spans, pos = [], row.start
    for part in text[row.start : row.end].split("|"):
        stripped = part.strip()
        if stripped:
            start = text.index(stripped, pos)
            spans.append(Span(start, start + len(stripped)))
        pos += len(part) + 1
    return spans


def _value_text(text: str, cell: Span) -> str:
    return text[cell.start : cell.end].rstrip("%％").strip()


def _columns(
    text: str, row: Span, cells: list[Span], caption: Column | None = None, label_at: int = 0
) -> list[Column | None]:
    """What each header cell names; a growth or share column belongs to the metric before,
    or to the caption's. A cue's context may stand in the line that leads into the table
    (…登记技术合同成交额情况如下表： / 区县 | 成交额(亿元))."""
    lead = text.rfind("\n", 0, max(row.start - 1, 0)) + 1
    context = Span(lead if "|" not in text[lead : row.start] else row.start, row.end)
    line = Sentence(row.start, row.end, context, (row,), row.start)
    columns: list[Column | None] = []
    last: Column | None = caption
    for i, cell in enumerate(cells):
        if i <= label_at:
            columns.append(None)  # the rows' names, and what stands before them (位次)
            continue
        words = text[cell.start : cell.end]
        cues = cues_between(text, line, cell.start, cell.end)
        written = _UNIT_IN_BRACKETS.search(words)
        verb = None if cues else _verb_metric(words)  # 2022年入库数(家): what 入库 counts
        kind = _row_kind(words)  # 新认定数(家): new ones
        if verb is not None and written and kind in ("value", "increment"):
            unit, factor = _unit(catalogue.metrics()[verb].unit, written.group(1))
            year = _YEAR.search(words)
            if unit:
                last = Column(verb, kind, unit, factor, year=int(year.group(1)) if year else None)
                columns.append(last)
                continue
        if cues:
            metric = catalogue.metrics()[cues[-1][0]]
            # 规上工业增加值增速(%): the cue's rate, its own column (增加值 says no kind)
            kind = _row_kind(text[cell.start : cues[-1][1]] + text[cues[-1][2] : cell.end])
            if kind in ("growth", "share"):
                columns.append(Column(metric.metric_id, kind, "%", 1.0))
                continue
            unit, factor = _unit(metric.unit, written.group(1) if written else "")
            last = Column(metric.metric_id, kind, unit, factor) if unit else None
            columns.append(last)
        elif last is not None and _STOCK_HEADER.fullmatch(words.strip()):
            # 新认定 | 有效期内 under a caption naming the metric: all that are
            columns.append(Column(last.metric_id, "value", last.unit, last.factor))
        elif last is not None and _names_other(words):
            columns.append(None)  # 固定资产投资增速 beside 规上工业增加值增速: another measure
        elif last is not None and catalogue.word_group("increment").search(words):
            columns.append(Column(last.metric_id, "increment", last.unit, last.factor))
        elif last is not None and catalogue.word_group("share").search(words):
            columns.append(Column(last.metric_id, "share", "%", 1.0))
        elif last is not None and catalogue.word_group("growth").search(words):
            years = [c.year for c in columns if c is not None and c.year is not None]
            columns.append(
                Column(last.metric_id, "growth", "%", 1.0, year=max(years, default=None))
            )
        elif last is caption and caption is not None and written and not columns[label_at + 1 :]:
            # 附表 各区县有效高新技术企业数 / 区县 | 企业数(家): the caption names the first column
            unit, factor = _unit(caption.unit, written.group(1))
            last = Column(caption.metric_id, caption.kind, unit, factor) if unit else None
            columns.append(last)
        else:
            columns.append(None)
    return columns


def _unit(metric_unit: str, written: str) -> tuple[str, float]:
    """The metric's unit and the factor from the unit the header writes ("" when they
    cannot be the same measure)."""
    if not written or written == metric_unit:
        return metric_unit, 1.0
    unit = number_words().units.get(written)
    if unit is None:
        return "", 1.0
    if unit.unit == metric_unit or {unit.unit, metric_unit} <= {"家", "个"}:
        return metric_unit, unit.factor
    return "", 1.0
