"""The one escaping helper: untrusted text stays text in Markdown, HTML and Plotly."""

from __future__ import annotations

import re

import pytest

from dashboard import escape

HOSTILE = [
    "![x](http://attacker.example/p.png)",
    "[点我](javascript:alert(1))",
    "<a href='http://x.example'>链接</a>",
    "<span style='color:red;font-size:60px'>大红字</span>",
    "<img src=x onerror=alert(1)>",
    ":red[红] :material/home: $x^2$",
    "# 标题\n- 列表\n> 引用",
    "www.example.com http://example.com/a_b HTTPS://X.EXAMPLE name@example.com",
    "`code` **粗** _斜_ ~~删~~ <br>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_specials_are_all_escaped(text: str) -> None:
    out = escape.md(text)
    # Every construct-opening character is preceded by a backslash, and no line break survives.
    assert not re.search(r"(?<!\\)[\[\]()<>!:$#*_`~.]", out.replace("\\\\", "")), out
    assert "\n" not in out
    # Removing the escapes gives back the text (whitespace folded): nothing is lost; and once
    # they are resolved, no address is left for GitHub's autolinks to find.
    resolved = re.sub(r"\\(.)", r"\1", out)
    assert resolved.replace("\u2060", "") == " ".join(text.split())
    assert not re.search(r"(?i)https?://|www\.|\w@\w", resolved)


def test_markdown_keeps_lines_when_asked() -> None:
    assert escape.md("第一行\n# 第二行", keep_lines=True) == "第一行  \n\\# 第二行"


@pytest.mark.parametrize("text", HOSTILE)
def test_html_and_plotly_leave_no_tag(text: str) -> None:
    for out in (escape.html(text), escape.plotly(text)):
        assert "<" not in out and ">" not in out
    assert '"' not in escape.html(text) and "'" not in escape.html(text)
    assert "\n" not in escape.plotly(text)


def test_plotly_keeps_chinese_and_quotes() -> None:
    assert escape.plotly('成都市"高新区" & 园区') == '成都市"高新区" &amp; 园区'


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://www.gov.cn/a?b=1", True),
        ("http://cq.gov.cn", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        ("https://x.example/<img>", False),
        ("ftp://x.example", False),
        ("", False),
    ],
)
def test_only_http_addresses_are_links(given: str, kept: bool) -> None:
    assert escape.url(given) == (given if kept else "")
