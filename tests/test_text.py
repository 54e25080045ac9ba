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
    split_authors,
    unmarkup,
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


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        pytest.param("Tuấn Việt", ["Tuấn Việt"], id="one name"),
        pytest.param(
            "Hoàng Lân - Minh Phương", ["Hoàng Lân", "Minh Phương"], id="names with a dash"
        ),
        pytest.param("Hoàng Lân và Minh Phương", ["Hoàng Lân", "Minh Phương"], id="names with và"),
        pytest.param("Ngọc Anh, Thu Hằng", ["Ngọc Anh", "Thu Hằng"], id="names with a comma"),
        pytest.param("Bài và ảnh: Thu Hằng", ["Thu Hằng"], id="a photo credit prefix goes"),
        pytest.param("Bài, ảnh: Kim Nhuệ", ["Kim Nhuệ"], id="a short credit prefix goes"),
        pytest.param("Tuấn Việt - Tuấn Việt", ["Tuấn Việt"], id="a repeated name counts once"),
        pytest.param("Bảo Lâm.", ["Bảo Lâm"], id="a trailing full stop goes"),
        pytest.param("Minh Anh (tổng hợp)", ["Minh Anh"], id="a compiled-by note goes"),
        pytest.param("Thu Hằng (Theo VnExpress)", ["Thu Hằng"], id="a source in brackets goes"),
        pytest.param("Theo TTXVN", ["TTXVN"], id="a source credit keeps the source"),
        pytest.param("Minh Phương / TTXVN", ["Minh Phương"], id="a name then its source"),
        pytest.param("Thu Hằng/Chinhphu.vn", ["Thu Hằng"], id="a name then a site"),
        pytest.param("Tuấn Việt / Theo VnExpress", ["Tuấn Việt"], id="a name then Theo"),
        pytest.param(
            "Hoàng Lân / Minh Phương / TTXVN",
            ["Hoàng Lân", "Minh Phương"],
            id="names then a source",
        ),
        pytest.param("Hoàng Lân / Minh", ["Hoàng Lân", "Minh"], id="a name after a slash stays"),
        pytest.param("", [], id="no byline, no authors"),
    ],
)
def test_split_authors(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(text, raise_on_error=True).attempted >= 3


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        pytest.param("Xu&#226;n B&#236;nh", "Xuân Bình", id="once-escaped JSON-LD is decoded"),
        pytest.param("Xu&amp;#226;n B&amp;#236;nh", "Xuân Bình", id="double-escaped is decoded"),
        pytest.param("Ng&#xE0;y 23-8", "Ngày 23-8", id="a hexadecimal reference is decoded"),
        pytest.param(
            "Sở Tài chính &amp;amp; Kế hoạch",
            "Sở Tài chính & Kế hoạch",
            id="a double-escaped ampersand is one ampersand",
        ),
        pytest.param(
            "Sở Tài chính & Kế hoạch", "Sở Tài chính & Kế hoạch", id="a real ampersand stays"
        ),
        pytest.param("AT&T; Q&A; H&M", "AT&T; Q&A; H&M", id="ampersands in names stay"),
        pytest.param("R&notes", "R&notes", id="an entity name without semicolon is text"),
        pytest.param("giá &lt; 5 triệu", "giá < 5 triệu", id="an escaped less-than is text"),
        pytest.param("giá < 5 triệu và > 3", "giá < 5 triệu và > 3", id="a comparison is no tag"),
        pytest.param("chỉ số <PM2.5> cao", "chỉ số <PM2.5> cao", id="an unknown name is no tag"),
        pytest.param(
            "&lt;p&gt;Ng&#224;y 23-8&lt;/p&gt;&lt;p&gt;Hai&lt;/p&gt;",
            "\n\nNgày 23-8\n\n\n\nHai\n\n",
            id="escaped paragraphs become blank-line paragraphs",
        ),
        pytest.param(
            "Giá <strong>7.000</strong> <a href='x'>đồng</a>",
            "Giá 7.000 đồng",
            id="inline tags go, their text stays",
        ),
        pytest.param("Một<br/>Hai", "Một\n\nHai", id="a line break is a paragraph break"),
        pytest.param(
            "Một<script>var a = 1 < 2;</script><!-- ad -->Hai", "MộtHai", id="scripts go whole"
        ),
        pytest.param("Thu H&#7857;ng", "Thu Hằng", id="a name with tone marks is decoded"),
        pytest.param("Hà Nội", "Hà Nội", id="plain text is unchanged"),
    ],
)
def test_unmarkup(raw: str, text: str) -> None:
    assert unmarkup(raw) == text
    assert unmarkup(text) == text or "&" in text  # a second pass finds nothing more


@pytest.mark.parametrize(
    ("line", "link"),
    [
        pytest.param(">> Hà Nội thông xe cầu Vĩnh Tuy giai đoạn 2", True, id=">> link line"),
        pytest.param(">>Hà Nội thông xe cầu Vĩnh Tuy", True, id=">> without a space"),
        pytest.param("-> Xem thêm: Giá vàng hôm nay", True, id="-> link line"),
        pytest.param("» Những điểm mới của Luật Đất đai", True, id="» link line"),
        pytest.param(">> Vì sao giá nhà tăng?", True, id="a headline that asks"),
        pytest.param(">> Hà Nội: Mưa lớn...", True, id="a headline with an ellipsis"),
        pytest.param("Giá vàng >> tăng mạnh trong phiên sáng nay", False, id=">> in the middle"),
        pytest.param("-> Bước 2: mở ứng dụng VNeID.", False, id="a step that ends a sentence"),
        pytest.param(">> " + "Đoạn văn dài của bài. " * 12, False, id="a long paragraph"),
        pytest.param(
            "“Chúng tôi sẽ tiếp tục hỗ trợ người dân” - ông nói.", False, id="a quote is text"
        ),
        pytest.param(">>", False, id="the marker alone is no link"),
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
        pytest.param("A-", True, id="smaller"),
        pytest.param("A+", True, id="larger"),
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
