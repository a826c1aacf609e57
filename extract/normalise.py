"""Article text → the normalised text every offset of the pipeline points into.

Steps, in this order (the order makes ``normalise`` idempotent):

1. line breaks unified to ``\\n``; control and zero-width characters removed;
2. full-width ASCII to half-width: digits, letters and ``，；：（）！？％`` etc.
   (``１２３．４５`` → ``123.45``). Chinese punctuation that carries meaning for
   sentence splitting stays as it is: ``。、“”‘’《》—…`` are not in the
   full-width ASCII block and are not touched;
3. printed tables pasted as text (runs of two or more lines, each of three or more cells
   apart by two or more spaces or a tab, no sentence punctuation, some cell a number):
   the gaps become ``|``, so the table reads as one written with ``|``;
   then spaces: runs collapse to one; a space next to a Chinese character or Chinese
   punctuation is dropped (PDF and newspaper layouts put them between characters:
   ``1-8 月`` → ``1-8月``), a space between two Latin letters or digits stays
   (``2023 12`` is never glued into one number);
4. pinyin annotations after a character removed (``區(qū)`` → ``區``); only a
   parenthesised single syllable with a tone mark directly after a Chinese
   character counts, so ``(GDP)`` and ``(科技城直管区)`` stay. Steps 3 and 4 repeat
   until neither changes anything;
5. traditional → simplified (OpenCC ``t2s``). It runs after 3–4 so that it sees
   words without layout spaces, and so that a second pass sees the same text;
6. lines dropped: page chrome (patterns in ``data/catalogue/chrome.txt``), spam
   link lists (words in ``data/catalogue/spam_words.txt``), paragraphs repeated
   earlier in the page, empty lines;
7. garbled spans recorded (mojibake, U+FFFD, private-use characters, runs of
   ``?`` left by lossy re-encoding): the text stays, but nothing is extracted there.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from extract.guard import guarded
from extract.paths import CATALOGUE

CHROME_FILE = CATALOGUE / "chrome.txt"
SPAM_FILE = CATALOGUE / "spam_words.txt"

# A repeated paragraph at least this long (without spaces) is dropped; shorter
# repeats (captions, one-word headings) go only inside a run of repeated lines.
MIN_DUP_CHARS = 16
# Spam line: this many different spam words, covering this share of the line.
SPAM_MIN_DISTINCT = 3
SPAM_MIN_SHARE = 0.15
# A line that is at least this share URLs is a link list.
URL_MIN_SHARE = 0.5
# Chrome lines are short; longer lines are article text however they start.
CHROME_MAX_CHARS = 400

_T2S = opencc.OpenCC("t2s")

# ---------------------------------------------------------------- character level

# Everything str.splitlines() treats as a line break.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# C0 controls (bar \n and \t), zero-width and soft-hyphen characters: invisible, never content.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

# Full-width ASCII block U+FF01–FF5E → ASCII, the ideographic space → space, and
# half-width CJK punctuation (U+FF61–FF64) → its ordinary form.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0xFF61: 0x3002, 0xFF62: 0x300C, 0xFF63: 0x300D, 0xFF64: 0x3001})
# Translated run by run: str.translate walks every character of a long text in Python's
# slow path once the text holds any non-ASCII character.
_WIDE_RUN = re.compile("[\uff01-\uff5e\u3000\uff61-\uff64]+")

# Characters next to which a space is layout, not a word separator: CJK, CJK and
# general punctuation (“”…—), full-width forms.
_WIDE = (
    r"\u2010-\u206f\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe10-\ufe6f\uff00-\uffef"
    r"\U00020000-\U0003ffff"
)
_MULTI_SPACE = re.compile(r" {2,}")
# A printed table's cells: apart by two or more spaces, in a line without sentence
# punctuation (full-width ，；！？ are half-width here; a comma between digits is a number's).
_TABLE_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")
_TABLE_CELLS = 3
_NAME_NUMBER_CELLS = 2  # a name and its number, on at least _NAME_NUMBER_ROWS rows
_NAME_NUMBER_ROWS = 3
_NAME_CELL = re.compile(r"[\u4e00-\u9fff()（）]{2,12}")
_NUMBER = re.compile(r"[-−]?\d[\d,.]*%?")
_ONE_CHARACTER = re.compile(r"[\u4e00-\u9fff]")
_PROSE = re.compile(r"[。;!?]|,(?!\d)|(?<!\d),")
_NUMBER_CELL = re.compile(r"(?:^|  )[-−]?\d[\d,.]*%?(?:  |$)")
_EDGE_SPACE = re.compile(r"^ +| +$", re.M)
# Written space-first, so that re skips straight to the spaces.
_LAYOUT_SPACE = re.compile(rf" (?:(?<=[{_WIDE}] )|(?=[{_WIDE}]))")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ"
_PINYIN_LETTERS = f"a-zA-ZüÜɑɡ{_TONED}"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Also after one Latin letter that follows a character: lossy re-encoding sometimes
# turns the annotated character itself into a letter (現(xiàn) → F(xiàn)).
_PINYIN = re.compile(  # written bracket-first, so that re skips straight to the brackets
    rf"\((?:(?<=[{_HAN}]\()|(?<=[{_HAN}][A-Za-z]\())"
    rf"(?=[{_PINYIN_LETTERS}]*[{_TONED}])[{_PINYIN_LETTERS}]{{1,7}}\)"
)

# ---------------------------------------------------------------- garbled spans

_GARBLED = guarded(
    "|".join(
        (
            r"[\ue000-\uf8ff\U000f0000-\U0010ffff]+",  # private use: font-specific glyphs
            r"\ufffd+",  # replacement characters left by a lossy decode
            r"[\u0080-\u009f]+",  # C1 controls: bytes read as Latin-1
            # UTF-8 read as Latin-1/cp1252: a lead byte letter followed by continuation bytes
            r"(?:[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
            r"\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
            r"\u203a\u20ac\u2122]{1,3})+",
            r"(?:锟斤拷)+|烫{3,}|屯{3,}",  # classic GBK/UTF-8 round-trip debris
            # lost characters turned into '?': '??', '?;' or '?!?' do not occur in prose
            r"\?(?:\?+|[;、,]|!\?)(?:[^\s?。,;:!“”()]{1,10}\?)?",
        )
    )
)

# ---------------------------------------------------------------- line level

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+", re.I)


def _read_list(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _compile_chrome(path: Path) -> re.Pattern[str]:
    patterns = _read_list(path)
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{path.name}: bad pattern {i + 1} {pattern!r}: {exc}") from None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _compile_words(path: Path) -> re.Pattern[str]:
    words = sorted(set(_read_list(path)), key=len, reverse=True)
    parts = [
        rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if w.isascii() else re.escape(w) for w in words
    ]
    return guarded("|".join(parts), re.I)


_CHROME = _compile_chrome(CHROME_FILE)
_LINK_HEADING = _compile_chrome(CATALOGUE / "link_headings.txt")
# A wrapped line: at most WRAP_MAX_CHARS, ending inside a sentence (a character, a digit,
# a comma); running text has punctuation inside (a heading has none); the next line goes
# on unless it opens a heading (二、, (三), 第二章) or a table row.
SITE_MAX_CHARS = 30  # a site's name before the buttons of its page's first line
MENU_ITEM_CHARS = 10  # an item of a site's menu (首页 | 政务公开 | 政府工作报告)
_MENU_SPLIT = re.compile(r"\s*[|｜]\s*")
_SENTENCE_MARK = re.compile(r"[，,。；;：:]")
WRAP_MAX_CHARS = 40
# A printed page pasted whole breaks many lines inside sentences, at its own width: there
# a wrapped line may be this long (three such lines say the page is printed).
PRINTED_WRAP_MAX_CHARS = 100
PRINTED_BREAKS = 3
# it ends inside a sentence: a character, a digit, a comma, or a number's point (245. / 6亿元)
_ENDS_INSIDE = r"(?:(?<=[\u4e00-\u9fff\d，,、])|(?<=\d\.))$"
_WRAPPED = re.compile(rf"^[^|]{{10,{WRAP_MAX_CHARS}}}{_ENDS_INSIDE}")
_PRINTED_WRAPPED = re.compile(rf"^[^|]{{10,{PRINTED_WRAP_MAX_CHARS}}}{_ENDS_INSIDE}")
_NUMERAL = "[\\d一二三四五六七八九十]"
_HEADING = rf"(?:{_NUMERAL}+、|[(（]{_NUMERAL}+[)）]|第{_NUMERAL}+[章节条]|\d{{1,2}}[.．](?!\d))"
_BODY = re.compile(rf"^(?!{_HEADING}[^。]*$).*[，,。；;]")  # (二)研发投入稳步提升。… is body
# a byline's date (2025-02-14 10:05) opens no sentence's rest: the title above it stays
_GOES_ON = re.compile(rf"(?!{_HEADING}|\d{{4}}[-/.]\d{{1,2}}[-/.]\d)[\u4e00-\u9fff\d][^|]*$")
# 高新技术企业：净增4家，达到23家 — a labelled item of a list, a line of its own
_LABELLED = re.compile(r"[\u4e00-\u9fffA-Za-z&()（）]{2,16}[:：]")
_CRUMB = re.compile(r"\s*(?:>>?|»|›|→)\s*")  # the steps of a breadcrumb
# a site's name on a line of its own (彭水苗族土家族自治县人民政府, 德阳市科学技术局)
_SITE_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,24}(?:人民政府|政府网|网站|局|委员会|委|管委会|管理委员会|门户网站)"
)
_PLACE_STEP = re.compile(r"[\u4e00-\u9fff]{2,8}[市区县州]")  # a breadcrumb's section: 东坡区
LINK_MAX_CHARS = 40  # a link's title; a longer line is article text again
_SPAM = _compile_words(SPAM_FILE)


@dataclass
class NormalisedText:
    text: str
    garbled: list[tuple[int, int]] = field(default_factory=list)  # spans never to extract from
    warnings: list[str] = field(default_factory=list)
    site: str = ""  # the site a breadcrumb at the page's head names (德阳市科学技术局 >> 首页)


def _printed_tables(text: str) -> str:
    """Step 3's tables: their cells' gaps as ``|``. Only lines with two spaces in a row are
    looked at, and a run of them becomes a table only when some cell holds a number: rows
    of three cells or more, or of a name and its number (内江高新区  96) on three rows."""
    if "  " not in text:
        return text
    lines = text.split("\n")
    cells = [_printed_row(line) for line in lines]
    wide = [c if c and len(c) >= _TABLE_CELLS else None for c in cells]
    _mark_tables(lines, wide, "")
    pairs = [c if c and len(c) == _NAME_NUMBER_CELLS and "|" not in lines[i] else None
             for i, c in enumerate(cells)]  # fmt: skip
    _mark_tables(lines, pairs, "|")  # | 东兴区 | 78 |: a row of two cells still reads as one
    return "\n".join(lines)


def _mark_tables(lines: list[str], rows: list[list[str] | None], edge: str) -> None:
    """Each run of ``rows`` that makes a table, written with ``|`` in ``lines``."""
    for start, run in itertools.groupby(range(len(lines)), key=lambda i: rows[i] is not None):
        run = list(run)
        if not start or len(run) < 2 or not any(_NUMBER_CELL.search(lines[i]) for i in run):
            continue
        if edge and not _name_number_rows([rows[i] for i in run]):
            continue
        first, second = rows[run[0]], rows[run[1]]
        names = lines[run[0]].split()  # 排名 区县(园区)  有效…: a header cell of two names
        if len(first) < len(second) == len(names) and not _NUMBER_CELL.search(lines[run[0]]):
            rows[run[0]] = names
        words = [lines[i].split() for i in run]  # 1  九龙坡区 410   1026: one space a gap too
        if len({len(w) for w in words}) == 1 and len(words[0]) > min(len(rows[i]) for i in run):
            for i, cells in zip(run, words, strict=True):
                rows[i] = cells
        for i in run:
            lines[i] = edge + " | ".join(rows[i]) + edge
        head = run[0] - 1  # 排名 地区 有效高企数(家): a header of names one space apart
        names = lines[head].split() if head >= 0 and "|" not in lines[head] else []
        if len(names) == len(rows[run[0]]) and not _PROSE.search(lines[head]):
            lines[head] = edge + " | ".join(names) + edge


def _printed_row(line: str) -> list[str] | None:
    if "  " not in line or "|" in line or _PROSE.search(line):
        return None
    cells: list[str] = []
    for cell in _TABLE_GAP.split(line.strip()):
        if cells and _ONE_CHARACTER.fullmatch(cells[-1]) and _ONE_CHARACTER.fullmatch(cell):
            cells[-1] += cell  # 高  县, 全  市: a short name spaced out to its column's width
        else:
            cells.append(cell)
    return cells if len(cells) >= _NAME_NUMBER_CELLS else None


def _name_number_rows(body: list[list[str]]) -> bool:
    """A name and its number on each row, three rows or more under a header of two names
    (地区  入库数(家)); other pairs are text spaced out."""
    if body and not _NUMBER.fullmatch(body[0][1]):
        body = body[1:]  # the header
    return len(body) >= _NAME_NUMBER_ROWS and all(
        _NAME_CELL.fullmatch(name) and _NUMBER.fullmatch(number) for name, number in body
    )


def _spaces(text: str) -> str:
    text = _MULTI_SPACE.sub(" ", text)
    text = _LAYOUT_SPACE.sub("", text)
    return _EDGE_SPACE.sub("", text)


def _characters(text: str) -> tuple[str, int]:
    """Steps 1–5 on the whole text; returns the text and the number of pinyin notes removed."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _WIDE_RUN.sub(lambda m: m.group(0).translate(_WIDTH), text)
    text = _SPACES.sub(" ", text)
    text = _spaces(_printed_tables(text))
    removed = 0
    while True:  # removing a note can bring a space next to a character, and vice versa
        text, n = _PINYIN.subn("", text)
        if not n:
            break
        removed += n
        text = _spaces(text)
    return _to_simplified(text), removed


def _to_simplified(text: str) -> str:
    # t2s is not idempotent for a few characters (薴 → 苧 → 苎): convert to a fixed point
    # so that normalising normalised text changes nothing.
    for _ in range(4):
        converted = _T2S.convert(text)
        if converted == text:
            break
        text = converted
    return text


def _is_spam(line: str) -> bool:
    hits = _SPAM.findall(line)
    urls = _URL.findall(line)
    if urls:
        url_chars = sum(map(len, urls))
        if url_chars >= URL_MIN_SHARE * len(line) or hits:
            return True
    if len({h.lower() for h in hits}) >= SPAM_MIN_DISTINCT:
        return sum(map(len, hits)) >= SPAM_MIN_SHARE * len(line)
    return False


def _site(line: str) -> str:
    """德阳市科学技术局 >> 首页 >> 正文 → 德阳市科学技术局: a breadcrumb's first step, or
    the whole header line (旺苍县人民政府网站-部门信息)."""
    return _CRUMB.split(line, maxsplit=1)[0].strip()


def _site_before_buttons(line: str) -> str:
    """宜宾市高县人民政府设为首页|加入收藏 → 宜宾市高县人民政府: a page's first line that ends
    in chrome names the site; so does a menu's first cell (峨眉山市人民政府网|首页|政务公开)."""
    cells = _MENU_SPLIT.split(line.strip())
    if len(cells) >= 3 and all(
        len(c) <= MENU_ITEM_CHARS and not _SENTENCE_MARK.search(c) for c in cells[1:]
    ):
        if len(cells[0]) <= SITE_MAX_CHARS and _CHROME.fullmatch(cells[1]):
            return cells[0]
        return _before_chrome(cells[0])  # 巴中市科学技术局 网站首页 | 机构职能 | …
    if len(line) > SITE_MAX_CHARS + 20:
        return ""
    return _before_chrome(line)


def _crumb_site(line: str) -> str:
    """渝北区人民政府网 > 政务公开 > 政府工作报告 → 渝北区人民政府网: a page's first line that
    is a breadcrumb of two steps or more names the site, and a step that is a place's name
    the section (眉山网 > 区县新闻 > 东坡区)."""
    if len(line) > SITE_MAX_CHARS * 2 or len(_CRUMB.findall(line)) < 2:
        return ""
    site, *steps = _CRUMB.split(line.strip())
    return " ".join([site, *(s for s in steps if _PLACE_STEP.fullmatch(s))])


def _before_chrome(line: str) -> str:
    """The site's name before the chrome a line ends in, or ""."""
    for k in range(2, min(len(line), SITE_MAX_CHARS)):
        if _CHROME.fullmatch(line, k):
            return line[:k].strip()
    return ""


def _line_kind(line: str) -> str:
    """What a line is by itself: a link list's heading, page chrome, spam, or text ("")."""
    if _LINK_HEADING.fullmatch(line.strip()):
        return "links"
    if len(line) <= CHROME_MAX_CHARS and _CHROME.fullmatch(line):
        return "chrome"
    return "spam" if _is_spam(line) else ""


def _drop_lines(text: str, warnings: list[str], kinds: dict[str, str]) -> tuple[str, str]:
    """The page's lines without chrome, spam and repeats; and the site its head names.
    ``kinds`` remembers each line's kind: the lines are read again after wrapped lines
    are joined."""
    lines = [line for line in text.split("\n") if line]
    chrome = spam = 0
    kept: list[str] = []
    site = ""
    links = False  # inside a list of links to other articles (相关阅读：)
    for line in lines:
        kind = kinds.get(line)
        if kind is None:
            kind = kinds[line] = _line_kind(line)
        if kind == "links":
            links, chrome = True, chrome + 1
        elif links and len(line.strip()) <= LINK_MAX_CHARS:
            spam += 1  # a link's title: its figures are another article's
        elif kind == "chrome":
            links, chrome = False, chrome + 1
            if (
                len(kept) == 1
                and not site
                and _CRUMB.search(line)
                and _SITE_NAME.fullmatch(kept[0])
            ):
                site = (
                    kept.pop()
                )  # 彭水…自治县人民政府 / 首页 >> 政务公开: the site above its crumbs
            if not kept and not site:
                site = _site(line)
        elif kind == "spam":
            links, spam = False, spam + 1
        else:
            links = False
            if not kept and not site:
                site = _site_before_buttons(line) or _crumb_site(line)
            kept.append(line)

    # A line is a repeat when the same paragraph came earlier. Long repeats go; short
    # ones (captions, headings) go only inside a run of repeats that holds a long one,
    # which removes the whole second copy of a page printed twice.
    seen: set[str] = set()
    repeat: list[bool] = []
    for line in kept:
        key = line.replace(" ", "")
        repeat.append(key in seen)
        seen.add(key)
    drop = [False] * len(kept)
    i = 0
    while i < len(kept):
        if not repeat[i]:
            i += 1
            continue
        j = i
        while j < len(kept) and repeat[j]:
            j += 1
        has_long = any(len(kept[k].replace(" ", "")) >= MIN_DUP_CHARS for k in range(i, j))
        for k in range(i, j):
            drop[k] = has_long
        i = j
    out = [line for line, d in zip(kept, drop, strict=True) if not d]

    if chrome:
        warnings.append(f"dropped {chrome} page-chrome line(s)")
    if spam:
        warnings.append(f"dropped {spam} spam or link-list line(s)")
    if len(out) < len(kept):
        warnings.append(f"dropped {len(kept) - len(out)} repeated paragraph(s)")
    return "\n".join(out), site


def _unwrap(text: str) -> str:
    """Join the lines a printed page broke mid-sentence (…2021年全区研发 / 经费投入强度为…):
    a short line of running text that ends inside a sentence goes on in the next line; on
    a page that breaks three or more lines so, a longer one too."""
    lines = text.split("\n")
    breaks = sum(
        1 for last, line in itertools.pairwise(lines)
        if _PRINTED_WRAPPED.search(last) and _BODY.search(last) and _GOES_ON.match(line)
    )  # fmt: skip
    wrapped = _PRINTED_WRAPPED if breaks >= PRINTED_BREAKS else _WRAPPED
    out = lines[:1]
    for last, line in itertools.pairwise(lines):  # the line as printed decides
        if (
            wrapped.search(last)
            and _BODY.search(last)
            and _GOES_ON.match(line)
            and not (_LABELLED.match(last) or _LABELLED.match(line))
        ):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def normalise(text: str) -> NormalisedText:
    """Normalise an article's text; see the module docstring for the steps."""
    warnings: list[str] = []
    text, pinyin = _characters(text)
    if pinyin:
        warnings.append(f"removed {pinyin} pinyin annotation(s)")
    kinds: dict[str, str] = {}
    text, site = _drop_lines(text, warnings, kinds)
    while (joined := _unwrap(text)) != text:  # a joined line may read as chrome or spam now
        text, _ = _drop_lines(joined, [], kinds)
    garbled = _merge([m.span() for m in _GARBLED.finditer(text)])
    if garbled:
        chars = sum(end - start for start, end in garbled)
        warnings.append(f"{len(garbled)} garbled span(s), {chars} character(s), not read")
    return NormalisedText(text, garbled, warnings, site)
