"""Whatever text or bytes arrive, normalisation and extraction never fail unexpectedly, and
every offset a fact carries points at its own quote and figure in the normalised text."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import ingest, normalise, reading
from extract.errors import InputError

# Pieces of real articles, so generated text often contains figures worth extracting.
PIECES = [
    "遂宁市",
    "涪陵区",
    "成都市",
    "绵阳高新区",
    "高新技术企业",
    "突破1.3万家",
    "达到209家",
    "约300项",
    "增长12.5%",
    "9473亿元",
    "两千余人",
    "力争",
    "2023年",
    "去年",
    "，",
    "。",
    "\n",
    "區(qū)",
    "１２３．４５",
    " ",
]
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join),
)
EMPTY = Path(tempfile.mkdtemp(prefix="chuanyu-prop-"))  # no stored articles to compare with
META = {
    "doc_id": "prop",
    "published": "2024-03",
    "source": "",
    "title": "",
    "url": "",
    "region": "",
}


def check_offsets(text: str, facts: list) -> None:
    for fact in facts:
        assert text[fact.quote_start : fact.quote_end] == fact.quote
        assert text[fact.figure_start : fact.figure_end] == fact.figure_text


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["", "遂宁市", "成都市"]))
def test_any_text_extracts_with_exact_offsets(raw: str, region: str) -> None:
    normalise.normalise(raw)
    text, facts, warnings = reading.extract_text(raw, {**META, "region": region})
    assert isinstance(warnings, list)
    check_offsets(text, facts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), TEXT.map(lambda s: s.encode("gb18030", "replace"))))
def test_any_bytes_preview_or_refuse_with_input_error(data: bytes) -> None:
    try:
        item = ingest.preview(data, "upload.txt", raw_dir=EMPTY, processed=EMPTY)
    except InputError as err:
        assert str(err).startswith("upload.txt: ")
        return
    for _, fact in item.facts.iterrows():
        assert item.text[fact["quote_start"] : fact["quote_end"]] == fact["quote"]
        assert item.text[fact["figure_start"] : fact["figure_end"]] == fact["figure_text"]


_PARK_TEXT = st.lists(
    st.sampled_from(["产业园区", "工业园", "科技园", "园区", "高新", "南区", "集中区", "，", "有"]),
    max_size=20,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=_PARK_TEXT)
def test_park_names_found_near_park_words_are_those_of_a_full_scan(text: str) -> None:
    from extract.gazetteer import Gazetteer
    from extract.subjects import Subjects

    subjects = Subjects(Gazetteer.load(), text)
    full = [m.span() for m in subjects._park.finditer(text)]
    assert [m.span() for m in subjects._park_names()] == full
