"""``bylines.split_authors`` on real bylines of the site and its sister sites."""

from __future__ import annotations

import doctest

import pytest

from hnmcrawler import bylines
from hnmcrawler.bylines import split_authors


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        pytest.param("Tuấn Việt", ["Tuấn Việt"], id="one name"),
        pytest.param(
            "Hoàng Lân - Minh Phương", ["Hoàng Lân", "Minh Phương"], id="names with a dash"
        ),
        pytest.param("Hoàng Lân – Minh Phương", ["Hoàng Lân", "Minh Phương"], id="an en dash"),
        pytest.param("Hoàng Lân và Minh Phương", ["Hoàng Lân", "Minh Phương"], id="names with và"),
        pytest.param("Hoàng Lân & Minh Phương", ["Hoàng Lân", "Minh Phương"], id="names with &"),
        pytest.param("Ngọc Anh, Thu Hằng", ["Ngọc Anh", "Thu Hằng"], id="names with a comma"),
        pytest.param("Ngọc Anh; Thu Hằng", ["Ngọc Anh", "Thu Hằng"], id="names with a semicolon"),
        pytest.param("Bài và ảnh: Thu Hằng", ["Thu Hằng"], id="a photo credit prefix goes"),
        pytest.param("Bài, ảnh: Kim Nhuệ", ["Kim Nhuệ"], id="a short credit prefix goes"),
        pytest.param("Tuấn Việt - Tuấn Việt", ["Tuấn Việt"], id="a repeated name counts once"),
        pytest.param("Bảo Lâm.", ["Bảo Lâm"], id="a trailing full stop goes"),
        pytest.param("Minh Anh (tổng hợp)", ["Minh Anh"], id="a compiled-by note goes"),
        pytest.param("Thu Hằng (Theo VnExpress)", ["Thu Hằng"], id="a source in brackets goes"),
        pytest.param("Theo TTXVN", ["TTXVN"], id="a source credit keeps the source"),
        pytest.param("Thu Hằng/Chinhphu.vn", ["Thu Hằng"], id="a name then a site, no spaces"),
        pytest.param("Minh Phương/TTXVN", ["Minh Phương"], id="a name then initials, no spaces"),
        pytest.param("Lê Văn A/B", ["Lê Văn A/B"], id="a slash without spaces in a name stays"),
        pytest.param("", [], id="no byline, no authors"),
    ],
)
def test_split_authors(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        pytest.param("Minh Phương / TTXVN", ["Minh Phương"], id="a name then an agency"),
        pytest.param("Nguyễn Văn A / Hà Nội", ["Nguyễn Văn A"], id="a name then a place"),
        pytest.param("Ngọc Anh / Reuters", ["Ngọc Anh"], id="a name then a foreign agency"),
        pytest.param("Thu Hà / VnExpress", ["Thu Hà"], id="a name then a site's name"),
        pytest.param("Hoàng Lân / Báo Tin tức", ["Hoàng Lân"], id="a name then a newspaper"),
        pytest.param("Hà Vy / AFP, Reuters", ["Hà Vy"], id="a comma in the source splits nothing"),
        pytest.param("Thủy Tiên / Tổng hợp", ["Thủy Tiên"], id="a name then compiled"),
        pytest.param("Minh Phương / TTXVN / Hà Nội", ["Minh Phương"], id="a source and a place"),
        pytest.param("Tuấn Việt / Theo VnExpress", ["Tuấn Việt"], id="a name then Theo"),
        pytest.param("Hoàng Lân / Minh", ["Hoàng Lân"], id="after the slash is never an author"),
        pytest.param(
            "Bài và ảnh: Hoàng Lân - Minh Phương / TTXVN",
            ["Hoàng Lân", "Minh Phương"],
            id="names before the source are split",
        ),
        pytest.param("Minh Anh (tổng hợp) / TTXVN", ["Minh Anh"], id="a note then a source"),
    ],
)
def test_the_source_after_a_spaced_slash_is_no_author(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(bylines, raise_on_error=True).attempted >= 2
