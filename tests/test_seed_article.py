"""The one real page we have (shared/seed-article.txt, copied to fixtures/era_2017): its
fixture is faithful to the text, and its item is what the foundation issue states."""

from __future__ import annotations

import pytest
from parsel import Selector

from hnmcrawler.extract import extract_item
from tests.helpers import FIXTURES

ERA = FIXTURES / "era_2017"
PAGE = ERA / "seed-chinh-tri-859634.html"
URL = "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/chu-dong-sang-tao-tham-muu-giup-viec-ubnd-thanh-pho"
CHROME = (
    "Từ khoá",
    "Bình luận",
    "Gõ tiếng Việt có dấu, tối thiểu 15 chữ",
    "Liên kết hữu ích",
    "Thông báo",
)


@pytest.fixture(scope="module")
def item() -> dict[str, object]:
    return extract_item(PAGE.read_bytes(), URL)


def visible_lines(html: str) -> list[str]:
    page = Selector(text=html)
    blocks = page.xpath(
        "//body//*[not(self::script or self::style or self::textarea)]/text()"
    ).getall()
    return [" ".join(t.split()) for t in blocks if t.strip()]


def test_the_page_shows_exactly_the_text_of_the_real_page() -> None:
    real = [
        " ".join(line.split())
        for line in (ERA / "seed-article.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    shown = " ".join(visible_lines(PAGE.read_text(encoding="utf-8")))
    assert shown == " ".join(real)


def test_the_item_has_the_values_the_issue_states(item: dict[str, object]) -> None:
    assert item["title"] == (
        "Văn phòng UBND TP Hà Nội: Chủ động, sáng tạo tham mưu, giúp việc UBND thành phố"
    )
    assert item["section"] == "Chính trị"
    assert item["subsection"] is None
    assert item["published_at"] == "2017-01-01T07:12:00+07:00"
    assert str(item["sapo"]).startswith("(HNM) - Ngày 31-12-2016, Văn phòng UBND TP Hà Nội")
    assert item["authors"] == ["Tuấn Việt"]
    assert item["site"] == "hanoimoi.com.vn"
    assert item["article_id"] == 859634


def test_the_body_is_three_paragraphs_without_lead_or_caption(item: dict[str, object]) -> None:
    paragraphs = str(item["body"]).split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Phát biểu tại hội nghị")
    assert paragraphs[2].endswith("được Chủ tịch UBND thành phố tặng Cờ, Bằng khen.")
    assert "(HNM)" not in str(item["body"])
    assert "trao Bằng khen cho các tập thể" not in str(item["body"])


def test_the_photo_caption_is_an_image_caption(item: dict[str, object]) -> None:
    assert item["images"] == [
        {
            "url": "http://hanoimoi.com.vn/Uploads/tuanviet/2017/1/1/chu-tich-trao-bang-khen.jpg",
            "caption": "Chủ tịch UBND TP Nguyễn Đức Chung trao Bằng khen cho các tập thể.",
        }
    ]


@pytest.mark.parametrize("chrome", CHROME)
def test_no_page_chrome_in_any_field(item: dict[str, object], chrome: str) -> None:
    for name, value in item.items():
        assert chrome not in str(value), name
