"""Text clean-up on real strings of the site."""

from __future__ import annotations

import unicodedata

import pytest

from hnmcrawler.text import clean_body, clean_paragraphs, clean_text, is_boilerplate, split_authors

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
        pytest.param("", [], id="no byline, no authors"),
    ],
)
def test_split_authors(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names
