"""Text clean-up on real strings of the site."""

from __future__ import annotations

import doctest
import unicodedata

import pytest

from hnmcrawler import text
from hnmcrawler.text import (
    clean_body,
    clean_paragraphs,
    clean_text,
    is_boilerplate,
    is_font_tool,
    is_link_line,
)

NFD_HANOI = unicodedata.normalize("NFD", "Hà Nội Mới")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param(NFD_HANOI, "Hà Nội Mới", id="NFD diacritics become NFC"),
        pytest.param("Chính\u00a0trị", "Chính trị", id="a no-break space is a space"),
        pytest.param("  Tuấn   Việt \n", "Tuấn Việt", id="runs of white space collapse"),
        pytest.param("Hà\u200bNội", "HàNội", id="zero-width space disappears"),
        pytest.param("tham\u00admưu", "thammưu", id="soft hyphen disappears"),
        pytest.param("\ufeff(HNM) - Ngày", "(HNM) - Ngày", id="a byte order mark disappears"),
        pytest.param("Thủ\u2009đô\u202fHà Nội", "Thủ đô Hà Nội", id="thin spaces are spaces"),
        pytest.param("a\tb\r\nc", "a b c", id="tabs and line breaks are spaces"),
        pytest.param("Hà&nbsp;Nội&NBSP;Mới", "Hà Nội Mới", id="a literal &nbsp; is a space"),
        pytest.param("Hà&#160;Nội", "Hà Nội", id="a literal &#160; is a space"),
        pytest.param("AT&T; Q&A", "AT&T; Q&A", id="other ampersands stay"),
        pytest.param("", "", id="empty stays empty"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "line",
    [
        "Từ khoá",
        "Từ khóa:",
        "Bình luận",
        "Gõ tiếng Việt có dấu, tối thiểu 15 chữ",
        "  Liên kết hữu ích ",
        "THÔNG BÁO",
        unicodedata.normalize("NFD", "Bình luận"),
    ],
)
def test_page_chrome_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate(clean_text(line))


def test_article_text_is_not_boilerplate() -> None:
    assert not is_boilerplate("Thông báo của UBND thành phố về việc tổ chức hội nghị")


def test_clean_paragraphs_drops_empty_and_chrome() -> None:
    assert clean_paragraphs(["Một.", " \u00a0", "Bình luận", "Hai."]) == ["Một.", "Hai."]


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("Tin liên quan::", True),
        ("\n\t\t\t\t\t\t\t\t\t\t\t\t  Gửi   bình   luận  \n" + " " * 400, True),
        ("CHIA SẺ", True),
        ("Quảng cáo " * 40, False),  # long: text, not the label
        ("Bình luận của bạn đọc về dự án đường sắt đô thị", False),
    ],
)
def test_clean_paragraphs_drops_chrome_lines_only(line: str, chrome: bool) -> None:
    assert is_boilerplate(clean_text(line)) is chrome
    assert clean_paragraphs([line]) == ([] if chrome else [clean_text(line)])


def test_clean_body_keeps_one_blank_line_between_paragraphs() -> None:
    assert clean_body("Một  câu.\n\n\n  \nHai câu.\nvẫn hai.") == "Một câu.\n\nHai câu. vẫn hai."


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(text, raise_on_error=True).attempted >= 3


@pytest.mark.parametrize(
    ("line", "link"),
    [
        pytest.param(">> Hà Nội thông xe cầu Vĩnh Tuy giai đoạn 2", True, id=">> link line"),
        pytest.param(">>Hà Nội thông xe cầu Vĩnh Tuy", True, id=">> without a space"),
        pytest.param(">> Vì sao giá nhà tăng?", True, id="a >> headline that asks"),
        pytest.param(">> Hà Nội: Mưa lớn...", True, id="a >> headline with an ellipsis"),
        pytest.param("-> Hà Nội thông xe cầu Vĩnh Tuy", True, id="-> headline"),
        pytest.param("-> Xem thêm: Giá vàng hôm nay", True, id="-> read more and a headline"),
        pytest.param("->Đọc tiếp: Những điểm mới của Luật Đất đai", True, id="-> read on"),
        pytest.param("-> 5 điểm mới của Luật Đất đai...", True, id="-> headline, a number first"),
        pytest.param(
            "-> Bước 1: Truy cập cổng dịch vụ công quốc gia", False, id="-> a step with a colon"
        ),
        pytest.param("-> Bước 2: mở ứng dụng VNeID.", False, id="-> a step that ends a sentence"),
        pytest.param("-> Kết quả: Hà Nội thắng 2-1!", False, id="-> a result with a colon"),
        pytest.param("-> Hà Nội thắng đậm Hải Phòng!", False, id="-> an exclamation"),
        pytest.param("-> Có nên mua vàng lúc này?", False, id="-> a question is text"),
        pytest.param("-> Người dân được hỗ trợ tiền thuê nhà.", False, id="-> a sentence"),
        pytest.param("-> 25 triệu đồng", False, id="-> an amount"),
        pytest.param("-> 2-1", False, id="-> digits only"),
        pytest.param("-> Hà Nội", False, id="-> two words are a list item"),
        pytest.param("→ 25 triệu đồng", False, id="an arrow is a list item"),
        pytest.param(
            "» Tổ chức khám sức khỏe miễn phí cho người dân", False, id="a guillemet is a list item"
        ),
        pytest.param("Giá vàng >> tăng mạnh trong phiên sáng nay", False, id=">> in the middle"),
        pytest.param(">> " + "Đoạn văn dài của bài. " * 12, False, id="a long paragraph"),
        pytest.param(
            "“Chúng tôi sẽ tiếp tục hỗ trợ người dân” - ông nói.", False, id="a quote is text"
        ),
        pytest.param(">>", False, id="the marker alone is no link"),
        pytest.param("->", False, id="the arrow alone is no link"),
        pytest.param("- Hà Nội", False, id="a dash item is text"),
    ],
)
def test_link_lines(line: str, link: bool) -> None:
    assert is_link_line(clean_text(line)) is link
    assert clean_paragraphs([line]) == ([] if link else [clean_text(line)])


@pytest.mark.parametrize(
    ("line", "tool"),
    [
        pytest.param("Cỡ chữ", True, id="the tool's label"),
        pytest.param("Mặc định", True, id="its reset button"),
        pytest.param("A- A+", True, id="its two buttons"),
        pytest.param("A A+", True, id="the plain and larger buttons"),
        pytest.param("A+", False, id="a lone grade is text"),
        pytest.param("A-", False, id="a lone lower grade is text"),
        pytest.param("A+ A+", False, id="one button twice is text"),
        pytest.param("Cỡ chữ A- A A+ Mặc định", True, id="the whole tool on one line"),
        pytest.param("Cỡ chữ: A- | A | A+", True, id="with separators"),
        pytest.param("CỠ CHỮ", True, id="in capitals"),
        pytest.param("A", False, id="a drop cap is text"),
        pytest.param("A A", False, id="letters alone are text"),
        pytest.param("Mặc định, hệ thống sẽ gửi thông báo.", False, id="a sentence is text"),
        pytest.param("Cỡ chữ trên biển báo quá nhỏ", False, id="a paragraph about font size"),
    ],
)
def test_font_size_tool(line: str, tool: bool) -> None:
    assert is_font_tool(clean_text(line)) is tool
    assert clean_paragraphs([line]) == ([] if tool else [clean_text(line)])
