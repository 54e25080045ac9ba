"""``layouts/era_2023/feeds.py``: RSS feeds and sitemaps as the site serves them, broken XML
included (bare ``&``, control characters: hnm-site.md "More evidence", seen)."""

from __future__ import annotations

import pytest
from lxml import etree
from scrapy.http import HtmlResponse, TextResponse, XmlResponse

from hnmcrawler.layouts.base import ListingEntry
from hnmcrawler.layouts.era_2023.feeds import (
    article_sitemaps,
    lenient_xml,
    rss_entries,
    sitemap_entries,
)
from tests.helpers import MIRROR

RSS_URL = "https://hanoimoi.vn/rss/kinh-te"
PUB_DATE = "Fri, 20 Feb 2026 16:39:00 +0700"
A1 = "https://hanoimoi.vn/ha-noi-cac-tinh-phia-bac-don-mua-lon-1266001.html"
A2 = "https://hanoimoi.vn/gia-vang-tang-giam-dot-ngot-1266002.html"
A3 = "https://hanoimoi.vn/so-tai-chinh-ke-hoach-1266003.html"

BROKEN_RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Kinh tế & Đô thị</title>
<item><title>Hà Nội & các tỉnh phía Bắc đón mưa lớn</title>
<link>{A1}</link>
<description>Mưa&nbsp;to \x0b\x01kéo dài & gây ngập</description>
<pubDate>{PUB_DATE}</pubDate></item>
<item><title>Giá vàng\x1f tăng &amp; giảm &#273;ột ngột</title>
<link>{A2}?utm_source=rss&utm_medium=feed</link></item>
<item><title><![CDATA[Sở Tài chính & Kế hoạch &amp; AT&T]]></title>
<link><![CDATA[{A3}]]></link></item>
</channel></rss>""".encode()


def test_the_broken_feed_is_refused_by_a_strict_parser() -> None:
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(BROKEN_RSS)


@pytest.mark.parametrize(
    ("response_class", "content_type"),
    [
        pytest.param(XmlResponse, "application/rss+xml", id="served as RSS"),
        pytest.param(HtmlResponse, "text/html", id="served as HTML"),
        pytest.param(TextResponse, "text/plain", id="served as text"),
    ],
)
def test_a_feed_with_bare_ampersands_and_control_characters_keeps_every_item(
    response_class: type[TextResponse], content_type: str
) -> None:
    response = response_class(
        url=RSS_URL, body=BROKEN_RSS, headers={"Content-Type": f"{content_type}; charset=utf-8"}
    )
    assert rss_entries(response) == [
        ListingEntry(
            A1, "Hà Nội & các tỉnh phía Bắc đón mưa lớn", "Fri, 20 Feb 2026 16:39:00 +0700"
        ),
        ListingEntry(f"{A2}?utm_source=rss&utm_medium=feed", "Giá vàng tăng & giảm đột ngột"),
        ListingEntry(A3, "Sở Tài chính & Kế hoạch & AT&T"),
    ]


def test_a_well_formed_feed_of_the_mirror_reads_as_before() -> None:
    body = (MIRROR / "hanoimoi.vn" / "rss" / "kinh-te").read_bytes()
    entries = rss_entries(XmlResponse(url=RSS_URL, body=body))
    assert len(entries) == body.count(b"<item>") > 0
    assert all(e.title and e.url.endswith(".html") and e.published_text for e in entries)


def test_an_empty_or_non_xml_body_has_no_entries() -> None:
    assert rss_entries(XmlResponse(url=RSS_URL, body=b"")) == []
    assert rss_entries(HtmlResponse(url=RSS_URL, body=b"<html><body>x</body></html>")) == []


@pytest.mark.parametrize(
    ("text", "xml"),
    [
        pytest.param("<t>Hà Nội & các tỉnh</t>", "<t>Hà Nội &amp; các tỉnh</t>", id="bare &"),
        pytest.param(
            "<t>a &amp; b &#273; &#x111;</t>", "<t>a &amp; b &#273; &#x111;</t>", id="XML"
        ),
        pytest.param("<t>a&nbsp;b</t>", "<t>a&#160;b</t>", id="an HTML name becomes numeric"),
        pytest.param("<t>AT&Tx; b</t>", "<t>AT&amp;Tx; b</t>", id="an unknown name is text"),
        pytest.param("<t>a\x00\x08b\x1fc\x7f</t>", "<t>abc</t>", id="control characters go"),
        pytest.param("<t>a\tb\nc</t>", "<t>a\tb\nc</t>", id="tabs and line breaks stay"),
        pytest.param("<t><![CDATA[a & b]]></t>", "<t><![CDATA[a & b]]></t>", id="CDATA as is"),
        pytest.param(
            '\ufeff<?xml version="1.0" encoding="windows-1258"?><t>ă</t>',
            "<t>ă</t>",
            id="the declaration goes: the bytes are UTF-8",
        ),
    ],
)
def test_lenient_xml(text: str, xml: str) -> None:
    assert lenient_xml(text) == xml.encode("utf-8")


LASTMOD = "2026-02-20T16:39:00+07:00"
SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://hanoimoi.vn/a-b-1266001.html?x=1&y=2</loc>
<lastmod>{LASTMOD}</lastmod></url>
<url><loc>https://hanoimoi.vn/c-d\x01-1266002.html</loc></url>
</urlset>""".encode()
INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://hanoimoi.vn/sitemap-article-2026-02-20.xml?v=1&t=\x02</loc></sitemap>
</sitemapindex>"""


def test_a_sitemap_with_a_bare_ampersand_keeps_its_urls_whole() -> None:
    response = XmlResponse(url="https://hanoimoi.vn/sitemap-article-2026-02-20.xml", body=SITEMAP)
    assert sitemap_entries(response) == [
        ListingEntry(
            "https://hanoimoi.vn/a-b-1266001.html?x=1&y=2", "", "2026-02-20T16:39:00+07:00"
        ),
        ListingEntry("https://hanoimoi.vn/c-d-1266002.html"),
    ]
    index = XmlResponse(url="https://hanoimoi.vn/sitemap.xml", body=INDEX)
    assert [ref.url for ref in article_sitemaps(index)] == [
        "https://hanoimoi.vn/sitemap-article-2026-02-20.xml?v=1&t="
    ]
