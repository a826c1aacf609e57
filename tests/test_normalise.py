"""Normalisation: seeds 003/004/001 and the properties every offset relies on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extract.decode import read_article
from extract.normalise import normalise
from extract.paths import RAW

PUA = re.compile(r"[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def _seed(prefix: str) -> str:
    (path,) = sorted(RAW.glob(f"{prefix}_*.txt"))
    return normalise(read_article(Path(path)).text).text


@pytest.fixture(scope="module")
def seed003() -> str:
    return _seed("003")


def test_seed003_traditional_and_pinyin(seed003: str) -> None:
    assert "绵阳高新区(科技城直管区)" in seed003
    assert "规上工业总产值实现1023亿元" in seed003
    assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)", seed003)
    assert "區" not in seed003 and "產" not in seed003


def test_seed003_spam_gone_or_garbled() -> None:
    (path,) = sorted(RAW.glob("003_*.txt"))
    result = normalise(read_article(path).text)
    for m in re.finditer(r"毛片|熟妇|zzshanglu", result.text):
        assert any(s <= m.start() < e for s, e in result.garbled), m.group()


def test_seed003_chrome_dropped(seed003: str) -> None:
    lines = seed003.split("\n")
    for chrome in ("设为首页", "加入收藏", "编辑:郭成", "相关新闻:"):
        assert chrome not in lines
    assert not any(line.startswith("您现在的位置") for line in lines)


def test_seed004_repeated_article_kept_once() -> None:
    text = _seed("004")
    assert text.count("全区有效高新技术企业数量突破450家") == 1


def test_seed001_page_chrome_dropped() -> None:
    lines = _seed("001").split("\n")
    for chrome in ("举报", "获取验证码", "取消", "确定", "编辑:张涛", "首页>新期待>正文"):
        assert chrome not in lines
    assert not any(line.startswith("【免责声明】") for line in lines)
    assert any("2022年,全区高新技术企业产值达到1200亿元" in line for line in lines)


def test_full_width_to_half_width() -> None:
    assert normalise("２０２３年").text == "2023年"
    assert normalise("１２３．４５").text == "123.45"
    assert (
        normalise("增长１２．５％，居全省第２位；（ＧＤＰ）！？").text
        == "增长12.5%,居全省第2位;(GDP)!?"
    )


def test_chinese_punctuation_kept() -> None:
    text = "他说:“突破450家。”《报告》、数据——新……"
    assert normalise(text).text == text.replace(":", ":")


def test_layout_spaces() -> None:
    assert normalise("1-8 月,同比增长 28.7%").text == "1-8月,同比增长28.7%"
    assert normalise("科 技 创 新").text == "科技创新"
    assert normalise("2023 12").text == "2023 12"  # never glue two numbers
    assert normalise("TFT 基 Micro LED").text == "TFT基Micro LED"


def test_pinyin_only_after_characters() -> None:
    assert normalise("發(fā)展(GDP)與產(chǎn)業(yè)").text == "发展(GDP)与产业"
    assert normalise("绵阳高新区(科技城直管区)").text == "绵阳高新区(科技城直管区)"
    assert normalise("增长(a)和(ABC)").text == "增长(a)和(ABC)"
    assert normalise("区 (qū)").text == "区"


def test_lines_and_repeats() -> None:
    para = "全市高新技术企业达到1200家,同比增长12%。"
    out = normalise(f"  {para}  \n\n\n\t其他内容一段文字\n{para}\n").text
    assert out == f"{para}\n其他内容一段文字"
    assert normalise("短句\n正文段落内容很长很长很长很长很长\n短句").text.count("短句") == 2


def test_garbled_spans() -> None:
    cases = [
        "æ–°è´¨ç”Ÿäº§åŠ›",
        "\ufffd\ufffd",
        "\ue149\ue142",
        "锟斤拷锟斤拷",
        "总投资100亿元的??松履茉",
    ]
    for bad in cases:
        result = normalise(f"正常文字{bad}正常文字")
        assert result.garbled, bad
        start, end = result.garbled[0]
        assert result.text[start:end] and "正常文字" not in result.text[start:end]
    assert normalise("力度从何而来?源于企业").garbled == []
    assert normalise("增长(GDP)9.4%").garbled == []


def test_spam_line_dropped() -> None:
    spam = "国产av毛片成年动作片,日韩精品视频一区导航|www.example.com"
    text = f"正文内容,全区高新技术企业450家。\n{spam}"
    assert normalise(text).text == "正文内容,全区高新技术企业450家。"
    keep = "推动国产化替代,视频会议系统覆盖全区。"
    assert normalise(keep).text == keep


def _check(x: str) -> None:
    first = normalise(x)
    for m in PUA.finditer(first.text):
        assert any(s <= m.start() and m.end() <= e for s, e in first.garbled)
    for s, e in first.garbled:
        assert 0 <= s < e <= len(first.text)
    assert "\n\n" not in first.text
    assert all(line == line.strip() for line in first.text.split("\n"))
    assert normalise(first.text).text == first.text


_CJKISH = st.sampled_from(
    [
        *"區產發展业(ā)（ｑū）１２３．,，：  \n\t\u3000\ue000\ufffdÃ©?；、。“”",
        "(qū)",
        "(GDP)",
        "www.x.cn",
        "http://a.b ",
        "国产",
        "av",
        "毛片",
        "举报",
        "\r\n",
    ]
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
@example("区 (qū) (qū)")
@example("a 區(qū) b")
@example("\ue000\n\ue001 \ue002")
def test_normalise_properties_any_text(x: str) -> None:
    _check(x)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_CJKISH, max_size=40).map("".join))
@example("區區區區區(GDP)www.x.cn,\n国产")  # two lines joined into one that reads as spam
def test_normalise_properties_chinese_like(x: str) -> None:
    _check(x)


def test_lines_a_printed_page_broke_mid_sentence_are_joined() -> None:
    text = "(二)研发投入稳步提升。2021年全区研发\n经费投入强度为2.16%。\n一、存在的问题\n(一)壮大。"
    assert normalise(text).text == (
        "(二)研发投入稳步提升。2021年全区研发经费投入强度为2.16%。\n一、存在的问题\n(一)壮大。"
    )


def test_headings_and_long_paragraphs_keep_their_lines() -> None:
    heading = "一、2022年工作回顾\n过去一年,全区上下迎难而上。"
    assert normalise(heading).text == heading
    long_line = "全区" + "经济运行总体平稳,科技创新成效明显" * 3 + "\n全年新增高新技术企业12家。"
    assert normalise(long_line).text == long_line


def test_page_numbers_of_a_printed_document_are_dropped() -> None:
    assert normalise("全区新认定高新技术企业64家。\n— 2 —\n有效总数388家。").text == (
        "全区新认定高新技术企业64家。\n有效总数388家。"
    )


def test_the_site_a_page_names_at_its_head() -> None:
    assert normalise("宜宾市高县人民政府设为首页|加入收藏\n正文。").site == "宜宾市高县人民政府"
    assert normalise("德阳市科学技术局 >> 首页 >> 正文\n正文。").site == "德阳市科学技术局"
    assert normalise("全区高新技术企业52家。\n设为首页|加入收藏").site == ""
    menu = "筠连县人民政府网 | 首页 | 政务公开 | 政府工作报告\n正文。"
    assert normalise(menu).site == "筠连县人民政府网"
    assert (
        normalise("筠连县科学技术局 网站首页 | 机构职能 | 政务公开\n正文。").site
        == "筠连县科学技术局网站"
    )
    assert normalise("筠连县 | 首页 | 全县高新技术企业达到52家，增长8%\n正文。").site == ""


@pytest.mark.parametrize("heading", ["相关阅读：", "—— 热门推荐 ——", "【相关阅读】", "·推荐阅读·"])
def test_a_link_list_goes_with_its_heading_however_decorated(heading: str) -> None:
    page = f"全县高新技术企业达到52家。\n{heading}\n* 邻县上半年规上工业增加值增长8.8%\n"
    assert normalise(page).text == "全县高新技术企业达到52家。"


def test_labelled_items_stay_lines_of_their_own() -> None:
    page = "【2024年成绩单】\n高新技术企业：净增4家，达到23家\n科技型中小企业：入库61家\n"
    assert normalise(page).text.split("\n")[1:] == [
        "高新技术企业:净增4家,达到23家",
        "科技型中小企业:入库61家",
    ]


def test_a_printed_table_reads_as_one_written_with_bars() -> None:
    printed = "指标名称      单位    总量     增长(%)\n专利授权量    件      2315     8.6\n"
    assert normalise(printed).text == "指标名称|单位|总量|增长(%)\n专利授权量|件| 2315 | 8.6"


def test_a_printed_header_cell_of_two_names_one_space_apart_is_two_cells() -> None:
    printed = "排名　区县（园区）　　有效企业数（家）\n1　　南岸区　　246\n2　　江北区　　211\n"
    assert normalise(printed).text.split("\n")[0] == "排名|区县(园区) |有效企业数(家)"


def test_a_printed_table_of_a_name_and_a_number_keeps_its_rows() -> None:
    printed = "地区　　　入库数（家）\n东兴区　　78\n隆昌市　　74\n资中县　　70\n"
    assert normalise(printed).text.split("\n")[1] == "|东兴区| 78|"
    two_rows = "东兴区　　78\n隆昌市　　74\n"  # too short to tell from text spaced out
    assert "|" not in normalise(two_rows).text


def test_a_wechat_post_s_head_is_chrome() -> None:
    page = (
        "川南科技 2024-02-26 08:30 发表于四川\n↑点击上方蓝字关注我们\n原创 川南科技发布\n"
        "泸县新认定高新技术企业12家\n近日,泸县新认定高新技术企业12家。\n"
    )
    assert normalise(page).text.split("\n")[0] == "泸县新认定高新技术企业12家"


def test_wide_gaps_without_a_number_or_in_prose_stay_spaces() -> None:
    menu = "首页    新闻中心    政务公开\n网站地图    联系我们    无障碍\n"
    assert "|" not in normalise(menu).text
    prose = "全区高新技术企业  达到 52家，  增长  12%。\n研发投入  3.1亿元，  增长  8%。\n"
    assert "|" not in normalise(prose).text


def test_a_printed_page_of_long_lines_is_joined_at_its_own_width() -> None:
    page = (
        "——经济平稳增长。全年实现地区生产总值812.6亿元,增长7.9%;规上工业总产值936.2亿\n"
        "元,增长10.4%;规上工业增加值增长9.8%;全区规上工业企业达到412户。固定资产投资增\n"
        "长11.2%,社会消费品零售总额增长10.6%;一般公共预算收入52.3亿元,增长6.1%。居民人\n"
        "均可支配收入分别增长8.1%和9.2%。"
    )
    assert normalise(page).text.count("\n") == 0
    one = page.split("\n")[0] + "\n元,增长10.4%。"
    assert normalise(one).text.count("\n") == 1  # one long line broken so: no printed page


def test_numbered_items_stay_lines_of_their_own() -> None:
    items = "1.高新技术企业达到120家,增长15%\n2.科技型中小企业入库300家,增长12%"
    assert normalise(items).text == items


def test_a_short_name_spaced_to_its_column_s_width_stays_one_cell() -> None:
    printed = "区  县    专利(件)  增长(%)\n翠屏区    412       9.3\n高  县    88        4.1\n"
    lines = normalise(printed).text.split("\n")
    assert [line.replace(" ", "").split("|") for line in lines] == [
        ["区县", "专利(件)", "增长(%)"], ["翠屏区", "412", "9.3"], ["高县", "88", "4.1"],
    ]  # fmt: skip


def test_a_number_broken_after_its_point_is_joined() -> None:
    text = "2018年,全区经济运行稳中有进。初步核算,全年实现地区生产总值245.\n6亿元,同比增长8.6%。"
    assert "245.6亿元" in normalise(text).text


def test_a_title_with_a_comma_is_not_joined_to_its_byline_date() -> None:
    page = (
        "【专访】“稳住基本盘,跑出加速度”——访盐边县科技局局长\n\n2024-03-02 09:15:00　来源：本站\n"
    )
    lines = normalise(page).text.split("\n")
    assert lines[0].endswith("局长") and lines[1].startswith("2024-03-02")


def test_a_breadcrumb_at_the_head_names_the_site_and_its_place_section() -> None:
    assert (
        normalise("南岸区人民政府网 > 政务公开 > 政府工作报告\n正文。").site == "南岸区人民政府网"
    )
    page = "乐山新闻网 > 新闻中心 > 区县新闻 > 沙湾区\n正文。"
    assert normalise(page).site == "乐山新闻网 沙湾区"  # 区县新闻 is no place


def test_a_site_s_name_on_the_line_above_its_breadcrumb_is_the_site() -> None:
    page = "秀山土家族苗族自治县人民政府\n首页 >> 政务公开 >> 部门动态\n我县经济稳中向好\n正文。"
    normalised = normalise(page)
    assert normalised.site == "秀山土家族苗族自治县人民政府"
    assert normalised.text.startswith("我县经济稳中向好")


def test_a_printed_row_whose_gaps_are_one_space_reads_as_its_neighbours() -> None:
    printed = "1　　渝中区　210　　　　486\n2　　江北区　　198　　　　513\n"
    assert normalise(printed).text.split("\n")[0] == "1 |渝中区| 210 | 486"
