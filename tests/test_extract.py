"""``extract.extract_item``: a page and its URL become an item; a page in a layout no era knows
becomes a generic item from its metadata, or stays unknown."""

from __future__ import annotations

import pytest

from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.extract import extract_item
from tests.helpers import CURRENT_SITE, redesigned_page

BASE = CURRENT_SITE


def test_a_redesigned_page_with_metadata_becomes_a_generic_item() -> None:
    url = f"{BASE}/ha-noi-thong-xe-cau-7.html?utm=x"
    item = extract_item(redesigned_page(7, "2026-02-15").encode(), url)
    assert item["layout"] == "generic"
    assert item["url"] == f"{BASE}/ha-noi-thong-xe-cau-7.html"
    assert (item["site"], item["article_id"]) == ("hanoimoi.vn", 7)
    assert item["title"] == "Hà Nội thông xe cầu số 7"
    assert item["body"] == "Đoạn một của bài.\n\nĐoạn hai của bài."
    assert item["authors"] == ["Minh Phương"]
    assert item["tags"] == ["giao thông", "cầu"]
    assert item["section"] == "Đô thị"
    assert item["published_at"] == "2026-02-15T08:30:00+07:00"
    assert item["images"] == [{"url": "https://hnm.1cdn.vn/2026/02/15/c.jpg", "caption": ""}]


def test_a_page_without_a_body_in_its_metadata_stays_unknown() -> None:
    with pytest.raises(UnknownLayout):
        extract_item(
            redesigned_page(7, "2026-02-15", body=False).encode(),
            f"{BASE}/ha-noi-thong-xe-cau-7.html",
        )
