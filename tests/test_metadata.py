"""What an article's header says of it: its title and who published it."""

from __future__ import annotations

from extract.metadata import detect_source, detect_title


def test_a_newspaper_masthead_is_the_source_when_no_label_names_one() -> None:
    page = "达州日报数字报 2022年03月08日 星期二 第02版:综合\n全市科技工作会议召开\n本报记者 李明"
    assert detect_source(page) == "达州日报"
    assert detect_source("全市科技工作会议召开\n会议指出,全市科技创新成效明显。") == ""


def test_a_credit_line_is_no_title() -> None:
    page = "资阳市2023年科技工作总结\n资阳市科学技术局 编\n2024年1月\n一、主要成效"
    assert detect_title(page, "fallback") == "资阳市2023年科技工作总结"


def test_a_document_number_under_the_title_is_no_title() -> None:
    text = "关于2023年度全市科技型企业培育工作的通报\n德科〔2024〕9号\n发布时间：2024-03-01\n正文。"
    assert detect_title(text, "x") == "关于2023年度全市科技型企业培育工作的通报"
