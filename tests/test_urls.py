"""One canonical URL and one key per article, however it was linked."""

from __future__ import annotations

import pytest

from hnmcrawler.urls import ArticleKey, article_key, canonical_url, is_site_url

CANON = "http://hanoimoi.com.vn/Tin-tuc/Phap-dinh/951457/xet-xu-vu-an"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(CANON, id="the canonical form stays"),
        pytest.param(
            "http://www.hanoimoi.com.vn/Tin-tuc/Phap-dinh/951457/xet-xu-vu-an", id="www goes"
        ),
        pytest.param(
            "https://hanoimoi.com.vn/Tin-tuc/Phap-dinh/951457/xet-xu-vu-an",
            id="https becomes the legacy site's http",
        ),
        pytest.param(
            "http://hanoimoi.com.vn/tin-tuc/phap-dinh/951457/xet-xu-vu-an",
            id="lower-case Tin-tuc and section are capitalised",
        ),
        pytest.param(
            "http://hanoimoi.com.vn/TIN-TUC/PHAP-DINH/951457/xet-xu-vu-an/",
            id="upper case and a trailing slash",
        ),
        pytest.param(
            "http://hanoimoi.com.vn/Tin-tuc/Phap-dinh/951457/xet-xu-vu-an?utm=x#c",
            id="query and fragment go",
        ),
        pytest.param(
            "  http://HANOIMOI.COM.VN/Tin-tuc/Phap-dinh/951457/xet-xu-vu-an ",
            id="host case and surrounding spaces",
        ),
    ],
)
def test_links_to_one_article_share_one_canonical_url_and_key(url: str) -> None:
    assert canonical_url(url) == CANON
    assert article_key(url) == ArticleKey("hanoimoi.com.vn", 951457)


def test_a_section_with_its_own_capitals_keeps_them() -> None:
    assert canonical_url("http://hanoimoi.com.vn/tin-tuc/Ha-Noi/123/x") == (
        "http://hanoimoi.com.vn/Tin-tuc/Ha-Noi/123/x"
    )


def test_current_site_section_names() -> None:
    from hnmcrawler.sites import CURRENT, LEGACY

    assert CURRENT.section("the-thao").listing_url == "https://hanoimoi.vn/van-hoa/the-thao"
    assert CURRENT.section("thoi-su").listing_url == "https://hanoimoi.vn/thoi-su"
    assert (
        CURRENT.section("kinh-te/tai-chinh").listing_url == "https://hanoimoi.vn/kinh-te/tai-chinh"
    )
    assert CURRENT.section("nope!") is None
    assert LEGACY.section("thoi-su") is None  # legacy sections need their category id


def test_media_items_are_articles() -> None:
    key = article_key("http://hanoimoi.com.vn/Media/Video/900001/le-hoi")
    assert key == ArticleKey("hanoimoi.com.vn", 900001)


@pytest.mark.parametrize(
    "url",
    [
        "http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te",
        "http://example.com/Tin-tuc/Phap-dinh/951457/x",
        "javascript:void(0)",
        "http://hanoimoi.com.vn/Tin-tuc/Phap-dinh/not-a-number/x",
    ],
)
def test_other_urls_have_no_article_key(url: str) -> None:
    assert article_key(url) is None


def test_listing_urls_keep_their_query() -> None:
    url = "http://www.hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te/?page=2"
    assert canonical_url(url) == "http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=2"


def test_site_urls() -> None:
    assert is_site_url("http://www.hanoimoi.com.vn/")
    assert not is_site_url("http://hanoi.gov.vn/")
    assert not is_site_url("mailto:toasoan@hanoimoi.com.vn")


CURRENT = "https://hanoimoi.vn/ha-noi-thong-xe-cau-vinh-tuy-giai-doan-2-1266648.html"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(CURRENT, id="the current site's canonical form stays"),
        pytest.param(
            "http://www.hanoimoi.vn/ha-noi-thong-xe-cau-vinh-tuy-giai-doan-2-1266648.html",
            id="http and www become https without www",
        ),
        pytest.param(CURRENT + "?utm_source=fb#binh-luan", id="query and fragment go"),
    ],
)
def test_current_site_articles_have_one_canonical_url_and_key(url: str) -> None:
    assert canonical_url(url) == CURRENT
    assert article_key(url) == ArticleKey("hanoimoi.vn", 1266648)


@pytest.mark.parametrize(
    "url",
    [
        "https://hanoimoi.vn/kinh-te",
        "https://hanoimoi.vn/le-hoi-mua-thu-event12.html",
        "https://hanoimoi.vn/video/ha-noi-1234.html",
        "https://hanoimoi.vn/rss/kinh-te",
    ],
)
def test_current_site_pages_that_are_not_articles(url: str) -> None:
    assert article_key(url) is None


def test_the_same_id_on_both_sites_is_two_articles() -> None:
    legacy = article_key("http://hanoimoi.com.vn/Tin-tuc/Kinh-te/1266648/x")
    current = article_key("https://hanoimoi.vn/x-1266648.html")
    assert legacy != current
