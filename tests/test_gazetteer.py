"""The gazetteer data files and the loader that matches region names in text."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from extract import paths
from extract.gazetteer import Gazetteer, read_stoplist

GAZ_DIR = paths.GAZETTEER.parent

SICHUAN_PREFECTURES = {
    "成都市", "自贡市", "攀枝花市", "泸州市", "德阳市", "绵阳市", "广元市", "遂宁市",
    "内江市", "乐山市", "南充市", "眉山市", "宜宾市", "广安市", "达州市", "雅安市",
    "巴中市", "资阳市", "阿坝藏族羌族自治州", "甘孜藏族自治州", "凉山彝族自治州",
}  # fmt: skip


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def rows(name: str) -> list[dict[str, str]]:
    with (GAZ_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def names(g: Gazetteer, text: str) -> list[str]:
    return [m.candidates[0].name for m in g.mentions(text)]


# --- the data ---------------------------------------------------------------------------


def test_columns_are_the_contract() -> None:
    with paths.GAZETTEER.open(encoding="utf-8") as f:
        header = f.readline().strip()
    assert header == "code,name,short,level,parent_code,parent,aliases"


def test_provinces(gaz: Gazetteer) -> None:
    provinces = {r.name for r in gaz.regions if r.level == "province"}
    assert provinces == {"四川省", "重庆市"}
    assert gaz.get("四川").code == "510000"
    assert gaz.get("重庆").code == "500000"


def test_every_sichuan_prefecture(gaz: Gazetteer) -> None:
    cities = [r for r in gaz.regions if r.level == "city"]
    assert {r.name for r in cities} == SICHUAN_PREFECTURES
    assert all(r.parent == "四川省" for r in cities)


def test_chongqing_has_38_districts_and_counties(gaz: Gazetteer) -> None:
    cq = [r for r in gaz.regions if r.level == "county" and r.parent_code == "500000"]
    assert len(cq) == 38
    assert {"涪陵区", "江北区", "南岸区", "城口县", "石柱土家族自治县"} <= {r.name for r in cq}


def test_division_codes_are_six_digits(gaz: Gazetteer) -> None:
    for r in gaz.regions:
        if r.level != "zone":
            assert len(r.code) == 6 and r.code.isdigit(), r
        else:
            assert r.code.startswith("Z"), r


def test_parents_resolve(gaz: Gazetteer) -> None:
    for r in gaz.regions:
        if r.level == "province":
            assert r.parent_code == "" and gaz.parent(r) is None
            continue
        parent = gaz.parent(r)
        assert parent is not None, r
        assert parent.name == r.parent
        assert gaz.ancestors(r)[-1].level == "province"


def test_no_duplicate_names_within_one_parent(gaz: Gazetteer) -> None:
    counts = Counter((r.parent_code, r.name) for r in gaz.regions)
    assert [k for k, n in counts.items() if n > 1] == []
    assert len({r.code for r in gaz.regions}) == len(gaz.regions)


def test_every_zone_has_an_existing_parent() -> None:
    codes = {r["code"]: r["name"] for r in rows("regions.csv")}
    zones = rows("zones.csv")
    assert zones
    for z in zones:
        assert z["level"] == "zone"
        assert codes.get(z["parent_code"]) == z["parent"], z
        assert z["code"] in codes


def test_shorts(gaz: Gazetteer) -> None:
    expect = {
        "遂宁市": "遂宁",
        "涪陵区": "涪陵",
        "龙泉驿区": "龙泉驿",
        "凉山彝族自治州": "凉山",
        "石柱土家族自治县": "石柱",
        "秀山土家族苗族自治县": "秀山",
        "四川省": "四川",
        "重庆市": "重庆",
    }
    for name, short in expect.items():
        assert gaz.get(name).short == short
    assert all(len(r.short) != 1 for r in gaz.regions)
    assert gaz.get("荣县").short == ""


def test_stoplist_words_are_single_tokens() -> None:
    words = read_stoplist(GAZ_DIR / "short_stoplist.txt")
    assert words and all(" " not in w and len(w) >= 2 for w in words)


# --- lookups ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("绵阳科技城直管区", "绵阳高新区"),
        ("科技城直管区", "绵阳高新区"),
        ("成都经开区", "龙泉驿区"),
        ("成都经济技术开发区", "龙泉驿区"),
        ("龙泉驿", "龙泉驿区"),
        ("天府新区", "四川天府新区"),
        ("两江新区", "重庆两江新区"),
        ("西部科学城重庆高新区", "重庆高新区"),  # the zone's name since 2023, not the wider 科学城
        ("成都高新技术产业开发区", "成都高新区"),
        ("凉山州", "凉山彝族自治州"),
        ("石柱县", "石柱土家族自治县"),
        ("广安", "广安市"),
    ],
)
def test_aliases_resolve(gaz: Gazetteer, alias: str, name: str) -> None:
    assert gaz.get(alias).name == name


def test_chengdu_jingkaiqu_is_not_a_zone(gaz: Gazetteer) -> None:
    assert [r.name for r in gaz.lookup("成都经开区")] == ["龙泉驿区"]


def test_ambiguous_and_unknown(gaz: Gazetteer) -> None:
    both = gaz.lookup("市中区")
    assert {r.parent for r in both} == {"乐山市", "内江市"}
    assert gaz.get("市中区") is None
    assert gaz.get("北京市") is None
    assert gaz.get("高新区") is None


def test_hierarchy(gaz: Gazetteer) -> None:
    zone = gaz.get("绵阳高新区")
    assert zone.level == "zone"
    assert [r.name for r in gaz.ancestors(zone)] == ["绵阳市", "四川省"]
    assert gaz.is_within(zone, gaz.get("四川省"))
    assert gaz.is_within(zone, zone)
    assert not gaz.is_within(gaz.get("绵阳市"), zone)
    assert gaz.is_within(gaz.get("涪陵高新区"), gaz.get("涪陵区"))
    assert not gaz.is_within(gaz.get("涪陵区"), gaz.get("四川省"))
    assert gaz.by_code("510900").name == "遂宁市"


def test_load_is_cached() -> None:
    assert Gazetteer.load() is Gazetteer.load(paths.GAZETTEER)


# --- mentions ---------------------------------------------------------------------------


def test_longest_match_wins(gaz: Gazetteer) -> None:
    assert names(gaz, "研究院在成都高新区揭牌,成都全市") == ["成都高新区", "成都市"]
    assert names(gaz, "重庆两江新区与重庆高新区") == ["重庆两江新区", "重庆高新区"]
    assert names(gaz, "龙泉驿区和龙泉驿") == ["龙泉驿区", "龙泉驿区"]


@pytest.mark.parametrize(
    "text", ["绵阳高新区(科技城直管区)2023年", "绵阳高新区（科技城直管区）2023年"]
)
def test_bracketed_alias_is_one_mention(gaz: Gazetteer, text: str) -> None:
    [m] = gaz.mentions(text)
    assert m.candidates[0].name == "绵阳高新区"
    assert text[m.start : m.end] == m.surface
    assert m.surface.endswith(("直管区)", "直管区）"))


def test_offsets_point_into_the_text(gaz: Gazetteer) -> None:
    text = "2023年,遂宁市拥有国家高新技术企业209家,涪陵区新增80家。"
    ms = gaz.mentions(text)
    assert [text[m.start : m.end] for m in ms] == ["遂宁市", "涪陵区"]


def test_ambiguous_mention_keeps_all_candidates(gaz: Gazetteer) -> None:
    [m] = gaz.mentions("市中区高新技术企业")
    assert len(m.candidates) == 2
    assert names(gaz, "乐山市中区与内江市中区") == ["乐山市市中区", "内江市市中区"]
    assert [m.candidates[0].parent for m in gaz.mentions("乐山市中区与内江市中区")] == [
        "乐山市",
        "内江市",
    ]


def test_generic_words_are_not_mentions(gaz: Gazetteer) -> None:
    assert gaz.mentions("全市高新区、经开区和全区") == []


def test_stoplist(gaz: Gazetteer) -> None:
    assert names(gaz, "健康长寿") == []
    assert names(gaz, "长寿区、长寿经开区") == ["长寿区", "长寿经开区"]
    assert names(gaz, "嘉陵江畔的嘉陵区") == ["嘉陵区"]
    assert names(gaz, "城市东区和西区") == []
    assert gaz.get("长寿").name == "长寿区"  # lookups are not affected


def test_empty_and_placeless_text(gaz: Gazetteer) -> None:
    assert gaz.mentions("") == []
    assert gaz.mentions("科技创新活力正不断注入高质量发展之中") == []


def test_custom_table(tmp_path: Path) -> None:
    table = tmp_path / "regions.csv"
    table.write_text(
        "code,name,short,level,parent_code,parent,aliases\n"
        "510000,四川省,四川,province,,,\n"
        "510900,遂宁市,遂宁,city,510000,四川省,\n",
        encoding="utf-8",
    )
    g = Gazetteer.load(table)
    assert [r.name for r in g.regions] == ["四川省", "遂宁市"]
    assert names(g, "四川遂宁、四川") == ["遂宁市", "四川省"]  # an address chain is one mention


def test_names_inside_other_words(gaz: Gazetteer) -> None:
    assert names(gaz, "融入成渝中线科创走廊,从锦屏山一路向东") == []
    assert names(gaz, "重庆大学与四川大学在成都合作") == ["成都市"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("四川省广元市利州区", "利州区"),
        ("重庆市璧山区", "璧山区"),
        ("乐山沙湾区", "沙湾区"),
        ("攀枝花西区", "西区"),  # stoplisted alone, a county after its city
    ],
)
def test_an_address_chain_names_its_innermost_region(gaz: Gazetteer, text: str, name: str) -> None:
    [m] = gaz.mentions(text)
    assert (m.candidates[0].name, m.surface) == (name, text)


def test_neighbours_that_do_not_nest_stay_apart(gaz: Gazetteer) -> None:
    assert names(gaz, "成都重庆") == ["成都市", "重庆市"]


@pytest.mark.parametrize(
    ("text", "name", "parent", "code"),
    [
        ("四川郫都高新技术产业园区", "郫都高新区", "郫都区", "Z510117-gxq"),
        ("攀枝花西区高新区", "攀枝花西区高新区", "西区", "Z510403-gxq"),
        ("江油经济开发区", "江油经开区", "江油市", "Z510781-jkq"),  # 经济开发区 is a 经开区
        ("绵阳市经济技术开发区", "绵阳经开区", "绵阳市", "Z510700-jkq"),  # the listed zone
    ],
)
def test_a_name_and_a_zone_word_name_a_zone(
    gaz: Gazetteer, text: str, name: str, parent: str, code: str
) -> None:
    [m] = gaz.mentions(text)
    zone = m.candidates[0]
    assert (zone.name, zone.parent, zone.code, zone.level) == (name, parent, code, "zone")
    assert gaz.by_code(code) == zone
    assert gaz.get(name) == zone
    assert gaz.is_within(zone, gaz.get(parent))
