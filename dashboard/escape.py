"""Untrusted text shown as text: the one place that escapes it for each way the app renders.

Anything that comes from an article, a manifest, a correction or an upload (titles,
sources, quotes, region names, file names, periods, URLs) passes through here before it
reaches Streamlit's Markdown, our own HTML, or a Plotly chart; text the app writes itself
(translations, metric names from the catalogue) does not need to.

- :func:`md` — ``st.markdown``, ``st.caption``, ``st.title``/``subheader``, alerts
  (``st.error`` …), expander and widget labels: every Markdown, GitHub and Streamlit
  construct (links, images, autolinks, ``:red[…]``, ``$…$``, HTML) stays literal.
- :func:`html` — inside HTML the app writes itself (``st.html``, ``unsafe_allow_html``).
- :func:`plotly` — chart titles, annotations, axis labels, bar and hover text: Plotly reads
  ``<a>``, ``<span style>``, ``<br>`` in them, and decodes entities, so tags become text.
- :func:`url` — an article's address: only ``http(s)`` addresses are kept as links.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the
# ones that start a construct in Markdown, GFM or Streamlit (":red[", ":material/", "$").
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^%\"'@])")
# GitHub's autolinks are found in the text after escapes are resolved (remark-gfm), so a
# word joiner, invisible, breaks "http://", "www." and "name@host" instead.
_AUTOLINK = re.compile(
    r"(?i)(?<=https)(?=\\:)|(?<=http)(?=\\:)|(?<=ftp)(?=\\:)|(?<=www)(?=\\\.)|(?=\\@)"
)
_JOINER = "\u2060"
# Line breaks and tabs would let a title open a heading, a list or a code block.
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def md(value: object, *, keep_lines: bool = False) -> str:
    """Text for any place Streamlit renders Markdown; ``keep_lines`` keeps line breaks."""
    text = _AUTOLINK.sub(_JOINER, _MD_SPECIAL.sub(r"\\\1", _text(value)))
    if keep_lines:
        return "  \n".join(" ".join(line.split()) for line in text.splitlines())
    return " ".join(_BREAKS.sub(" ", text).split())


def html(value: object) -> str:
    """Text for HTML the app writes: tags, entities and quotes all come out literal."""
    return html_lib.escape(_text(value), quote=True)


def plotly(value: object) -> str:
    """Text for a Plotly title, annotation, label or hover: markup and entities stay literal.

    Plotly decodes ``&lt;``/``&gt;``/``&amp;`` back into text, so escaping the three makes
    ``<a href>`` or ``<span style>`` plain characters; quotes are not special outside a tag.
    """
    return html_lib.escape(_BREAKS.sub(" ", _text(value)), quote=False)


def url(value: object) -> str:
    """An absolute http(s) address, ready as a Markdown link target; empty for anything else.

    Parentheses are percent-encoded so the address cannot close the link early.
    """
    text = _text(value).strip()
    parts = urlsplit(text)
    ok = parts.scheme in ("http", "https") and parts.netloc and not re.search(r"[\s<>\"'`\\]", text)
    return text.replace("(", "%28").replace(")", "%29") if ok else ""
