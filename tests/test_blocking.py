"""``blocking.py``: which answers are block or challenge pages. Each example says where its shape
comes from: hnm-site.md ("Blocking", seen: "a short page without the site's markup that asks for
JavaScript or cookies", 200, in place of a page or the RSS), or a common firewall's public
answer (trimmed to what identifies it). What the middleware does with them is in
``test_middlewares.py``; crawls through the mirror's challenge fault in ``e2e/test_faults.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from hnmcrawler.blocking import block_kind, challenge_kind, is_data, refreshes_to_itself
from hnmcrawler.layouts import ARTICLE_LAYOUTS, LISTING_LAYOUTS
from hnmcrawler.mirror.challenges import CHALLENGES, Challenge
from tests.helpers import FIXTURES

RSS = "https://hanoimoi.vn/rss/kinh-te"
ARTICLE = "https://hanoimoi.vn/ha-noi-thong-xe-cau-1266648.html"
HTML = {"content-type": "text/html; charset=utf-8"}

CLOUDFLARE_MANAGED = (  # Cloudflare managed challenge, 2024-2026 (public samples), trimmed
    b'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    b'<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">'
    b'<h1 class="zone-name-title h1">hanoimoi.vn</h1><p id="Truv1">Verifying you are human. '
    b"This may take a few seconds.</p><noscript><div>Enable JavaScript and cookies to continue"
    b"</div></noscript></div><script>(function(){window._cf_chl_opt={cvId:'3',cZone:"
    b"'hanoimoi.vn',cType:'managed'};}());</script></body></html>"
)
CLOUDFLARE_2019 = (  # Cloudflare's "I'm Under Attack" interstitial, served as 503
    b"<!DOCTYPE HTML><html><head><title>Just a moment...</title></head><body>"
    b"<h1>Checking your browser before accessing hanoimoi.vn.</h1><p>This process is automatic. "
    b"Your browser will redirect to your requested content shortly.</p><p>Please allow up to 5 "
    b"seconds&hellip;</p><form id="
    b'"challenge-form" action="/?__cf_chl_jschl_tk__=abc" method="POST"></form>'
    b"<p>DDoS protection by Cloudflare</p></body></html>"
)
SUCURI = (  # Sucuri CloudProxy: a script computes a cookie and reloads (public samples)
    b"<html><title>You are being redirected...</title><noscript>Javascript is required. Please "
    b"enable javascript before you are allowed to see this page.</noscript><script>var s={},u,c,"
    b"U,r,i,l=0,a,e=eval,w=String.fromCharCode,sucuri_cloudproxy_js='',S='cz0iMSIuc3Vic3Ry';"
    b"document.cookie='sucuri_cloudproxy_uuid_0a1=7e8f; path=/;max-age=86400';location.reload();"
    b"</script></html>"
)
TEST_COOKIE = (  # the "aes.js" __test cookie of shared hosts: a cookie, then the page again
    b'<html><body><script type="text/javascript" src="/aes.js"></script><script>function '
    b"toNumbers(d){var e=[];d.replace(/(..)/g,function(d){e.push(parseInt(d,16))});return e}"
    b'document.cookie="__test=d0a2c6e5; expires=Thu, 31-Dec-37 23:55:55 GMT; path=/";'
    b'location.href="https://hanoimoi.vn/rss/kinh-te?i=1";</script></body></html>'
)
VIETNAMESE = (  # the hnm-site.md shape in Vietnamese (the wording is assumed)
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hà Nội Mới</title>'
    "</head><body><p>Vui lòng bật JavaScript và cookie để tiếp tục truy cập.</p></body></html>"
).encode()
VIETNAMESE_ESCAPED = (  # the same, entity-escaped as some Vietnamese CMS write it
    b"<html><body><h3>Vui l&ograve;ng b&#7853;t JavaScript &#273;&#7875; ti&#7871;p t&#7909;c"
    b"</h3></body></html>"
)
NOSCRIPT_ONLY = (  # a page whose only words are in <noscript> (hnm-site.md: asks for JS)
    b'<html><head><script src="/_guard/challenge.js"></script></head><body>'
    b"<noscript>Please turn it on.</noscript><script>guard.run()</script></body></html>"
)
INCAPSULA = (  # Imperva Incapsula's 200 block page (public samples)
    b'<html style="height:100%"><head><META NAME="ROBOTS" CONTENT="NOINDEX, NOFOLLOW"></head>'
    b'<body style="margin:0px;height:100%"><iframe id="main-iframe" src="/_Incapsula_Resource?'
    b'SWUDNSAI=31&xinfo=5-1" frameborder=0>Request unsuccessful. Incapsula incident ID: '
    b"1203000420-5512</iframe></body></html>"
)
F5_ASM = (  # F5 BIG-IP ASM answers 200 with this (public samples)
    b"<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. "
    b"Please consult with your administrator.<br><br>Your support ID is: 1234567890<br><br>"
    b'<a href="javascript:history.back();">[Go Back]</a></body></html>'
)
RECAPTCHA = (  # a captcha wall (reCAPTCHA's documented widget markup)
    b'<html><head><script src="https://www.google.com/recaptcha/api.js"></script></head><body>'
    b'<form method="post"><div class="g-recaptcha" data-sitekey="6Lc_aX0UAAAAABx"></div>'
    b'<input type="submit" value="OK"></form></body></html>'
)
NGINX_403 = (  # nginx's own 403 page
    b"<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1>"
    b"</center><hr><center>nginx</center></body></html>"
)
AKAMAI_403 = (  # Akamai's refusal (public samples): a block, not a challenge
    b"<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have "
    b'permission to access "http&#58;&#47;&#47;hanoimoi&#46;vn&#47;" on this server.<P>'
    b"Reference&#32;&#35;18&#46;6f2d1502&#46;1700000000&#46;1a2b3c</BODY></HTML>"
)


def refresh(content: str) -> bytes:
    return f'<html><head><meta http-equiv="refresh" content="{content}"></head></html>'.encode()


BLOCKS = [
    pytest.param(403, {"cf-mitigated": "challenge"}, b"", "challenge", id="Cloudflare's mark"),
    pytest.param(200, HTML, CLOUDFLARE_MANAGED, "challenge", id="Cloudflare managed, 200"),
    pytest.param(403, HTML, CLOUDFLARE_MANAGED, "challenge", id="Cloudflare managed, 403"),
    pytest.param(503, HTML, CLOUDFLARE_2019, "challenge", id="Cloudflare interstitial, 503"),
    pytest.param(200, HTML, SUCURI, "challenge", id="Sucuri cookie script"),
    pytest.param(200, HTML, TEST_COOKIE, "challenge", id="a script sets a cookie and reloads"),
    pytest.param(200, HTML, VIETNAMESE, "challenge", id="Vui lòng bật JavaScript"),
    pytest.param(200, HTML, VIETNAMESE_ESCAPED, "challenge", id="the same, entity-escaped"),
    pytest.param(200, HTML, NOSCRIPT_ONLY, "challenge", id="nothing but a noscript"),
    pytest.param(200, HTML, INCAPSULA, "challenge", id="Incapsula incident page"),
    pytest.param(200, HTML, F5_ASM, "challenge", id="F5 request rejected"),
    pytest.param(200, HTML, RECAPTCHA, "challenge", id="a captcha wall"),
    pytest.param(200, {}, refresh(f"0;url={RSS}"), "meta_refresh", id="a refresh to itself"),
    pytest.param(
        200, HTML, refresh("1; URL='/rss/kinh-te?__tk=9a8b'"), "meta_refresh", id="with a token"
    ),
    pytest.param(200, HTML, refresh("5"), "meta_refresh", id="a refresh with no URL"),
    pytest.param(403, {"content-type": "text/plain"}, b"Forbidden\n", "403", id="a bare 403"),
    pytest.param(403, HTML, NGINX_403, "403", id="nginx's 403 page"),
    pytest.param(403, HTML, AKAMAI_403, "403", id="Akamai's access denied is a 403"),
    pytest.param(429, {"retry-after": "30"}, b"Too Many Requests", "429", id="a 429"),
    pytest.param(403, HTML, refresh("0"), "403", id="a 403 that refreshes is a 403"),
]


@pytest.mark.parametrize(("status", "headers", "body", "kind"), BLOCKS)
def test_block_pages_are_recognised(
    status: int, headers: dict[str, str], body: bytes, kind: str
) -> None:
    assert block_kind(status, headers, body, RSS) == kind


RSS_BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kinh t\xe1\xba'
    b"\xbf</title><item><title>Captcha, JavaScript and cookies: enable them</title><link>"
    b"https://hanoimoi.vn/a-1.html</link></item></channel></rss>"
)
SITEMAP = (
    b'\xef\xbb\xbf<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>https://hanoimoi.vn/a-1.html</loc></url></urlset>"
)
LONG_UNKNOWN_ARTICLE = (  # a page no layout knows, with a JS notice and a cookie banner
    b"<html><body><noscript>Please enable JavaScript</noscript><div id=cookie>Ch\xc3\xbang "
    b"t\xc3\xb4i s\xe1\xbb\xad d\xe1\xbb\xa5ng cookies</div><div>"
    + "Hà Nội thông xe cầu mới, nối hai bờ sông Hồng. ".encode() * 60
    + b"</div></body></html>"
)
SITE_REFRESH = (  # a section page that refreshes itself each half hour, as news sites do
    b'<html><head><meta http-equiv="refresh" content="1800"></head><body><ul class="onecms__loa'
    b'ding"><li pid="1">x</li></ul></body></html>'
)
SHORT_SITE_PAGE = (  # a short page in the site's markup: an era_2023 article without a body
    b'<html><body><h1 class="sc-longform-header-title">Captcha</h1></body></html>'
)

PAGES = [
    pytest.param(200, {"content-type": "application/rss+xml"}, RSS_BODY, id="an RSS feed"),
    pytest.param(200, HTML, RSS_BODY, id="an RSS feed sent as text/html"),
    pytest.param(200, {}, SITEMAP, id="a sitemap with a byte-order mark"),
    pytest.param(200, {"content-type": "application/json"}, b"[]", id="an empty more answer"),
    pytest.param(200, {}, b'{"Content": ""}', id="an era_2019 more answer"),
    pytest.param(200, HTML, b"<html><body>b\xc3\xa0i</body></html>", id="short is not enough"),
    pytest.param(200, HTML, LONG_UNKNOWN_ARTICLE, id="a long page that mentions JavaScript"),
    pytest.param(200, HTML, SITE_REFRESH, id="the site's own half-hour refresh"),
    pytest.param(200, HTML, SHORT_SITE_PAGE, id="a short page in the site's markup"),
    pytest.param(200, HTML, refresh("0;url=https://hanoimoi.vn/"), id="a refresh elsewhere"),
    pytest.param(503, HTML, b"<html><body>Service Unavailable</body></html>", id="a plain 503"),
    pytest.param(404, HTML, VIETNAMESE, id="a 404 is not a block"),
    pytest.param(200, {"content-type": "text/plain"}, b"User-agent: *\n", id="robots.txt"),
]


@pytest.mark.parametrize(("status", "headers", "body"), PAGES)
def test_real_answers_are_not_blocks(status: int, headers: dict[str, str], body: bytes) -> None:
    assert block_kind(status, headers, body, RSS) is None


def site_pages() -> list[Path]:
    """Every page of the fixtures and the bundled mirror: articles, listings, feeds, JSON."""
    return sorted(
        p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix not in (".md", ".jsonl")
    )


def test_no_page_of_the_fixtures_or_the_mirror_is_a_block() -> None:
    pages = site_pages()
    assert len(pages) > 300
    flagged = [p for p in pages if block_kind(200, {}, p.read_bytes(), ARTICLE) is not None]
    assert flagged == []


@pytest.mark.parametrize("page", CHALLENGES, ids=lambda c: c.name)
def test_every_challenge_the_mirror_serves_is_recognised(page: Challenge) -> None:
    assert block_kind(page.status, HTML, page.body.encode(), RSS) in ("challenge", "meta_refresh")


def test_a_long_page_is_never_a_challenge() -> None:
    assert challenge_kind(VIETNAMESE + b" " * 300_000, RSS) is None


@pytest.mark.parametrize(
    ("tag", "itself"),
    [
        pytest.param('<META HTTP-EQUIV="Refresh" CONTENT="0">', True, id="upper case"),
        pytest.param(
            "<meta content='2;URL=https://www.hanoimoi.vn/rss/kinh-te/' http-equiv=refresh>",
            True,
            id="www. and a slash",
        ),
        pytest.param('<meta http-equiv="refresh" content="120">', False, id="over a minute"),
        pytest.param('<meta http-equiv="refresh" content="x">', False, id="no delay"),
        pytest.param('<meta name="refresh" content="0">', False, id="not http-equiv"),
    ],
)
def test_refreshes_to_itself(tag: str, itself: bool) -> None:
    assert refreshes_to_itself(f"<html><head>{tag}</head></html>".encode(), RSS) is itself


@pytest.mark.parametrize(
    ("body", "data"),
    [
        pytest.param(b"  \n<?xml version='1.0'?><rss/>", True, id="an XML declaration"),
        pytest.param(b'[{"PublisherId": 1}]', True, id="a more JSON answer"),
        pytest.param(b"<!-- OneCMS feed -->\n<rss></rss>", True, id="a comment before the rss"),
        pytest.param(b"<!DOCTYPE rss>\n<rss></rss>", True, id="a doctype of rss"),
        pytest.param(b"\x0c\x1f<rss></rss>", True, id="control characters before the rss"),
        pytest.param(b"<!DOCTYPE html><html></html>", False, id="an HTML page"),
        pytest.param(b"<!-- a --><!DOCTYPE HTML><html>", False, id="an HTML page after a comment"),
    ],
)
def test_data_is_told_by_its_first_bytes(body: bytes, data: bool) -> None:
    assert is_data(body) is data


@pytest.mark.parametrize(
    "marker",
    sorted({m for layout in (*ARTICLE_LAYOUTS, *LISTING_LAYOUTS) for m in layout.markers}),
    ids=lambda m: m.decode(),
)
def test_a_short_page_with_any_layout_s_marker_is_the_site_s_never_a_challenge(
    marker: bytes,
) -> None:
    """``SITE_MARKERS`` and the site's class words must hold every layout's markers: a short
    page a layout reads (a thin era_2023 listing) is never taken for a challenge."""
    challenge = next(c for c in CHALLENGES if c.status == 200).body.encode()
    assert challenge_kind(challenge, "https://hanoimoi.vn/kinh-te") == "challenge"
    marked = challenge.replace(b"<body>", b'<body><div class="' + marker + b'"></div>', 1)
    assert marked != challenge
    assert challenge_kind(marked, "https://hanoimoi.vn/kinh-te") is None
