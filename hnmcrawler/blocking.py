"""Is an answer a block or challenge page rather than the page asked for? Pure, no Scrapy.

Called by ``retry.BackoffRetryMiddleware`` for every response (a block is retried with
backoff and counted ``hnm/blocked/<kind>``) and by the ``feeds`` spider (an RSS answer that is
not XML is no feed). ``tests/test_blocking.py`` holds a table of real-looking examples and
where each shape comes from.

    >>> block_kind(429, {}, b"", "https://hanoimoi.vn/rss/kinh-te")
    '429'
    >>> block_kind(200, {}, b"<html><title>Just a moment...</title></html>", "https://hanoimoi.vn/")
    'challenge'
    >>> block_kind(200, {}, b'<?xml version="1.0"?><rss></rss>', "https://hanoimoi.vn/rss/x")

Kinds: ``403`` and ``429`` (any body), ``challenge`` (a page without the site's markup that
asks for JavaScript, cookies or a captcha, or a 403/429/503 whose body is one),
``meta_refresh`` (a page without the site's markup that refreshes to itself). The site says
it refuses non-browser clients with 403s and may answer "200 with an HTML challenge page (a
short page without the site's markup that asks for JavaScript or cookies)" (hnm-site.md).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

BLOCK_STATUSES = {403: "403", 429: "429"}
CHALLENGE_STATUSES = frozenset({200, 403, 429, 503})
MAX_CHALLENGE_BYTES = 256 * 1024  # challenge pages seen from WAFs are 1-60 KB
MAX_CHALLENGE_TEXT = 1500  # characters of visible text; an article has several thousand
MAX_REFRESH_SECONDS = 60

# Markup of the site's own pages, every era: the layouts' markers (layouts/*.py ``markers``)
# and chrome around them. A page holding any of these is the site's, never a challenge.
SITE_MARKERS: tuple[bytes, ...] = (
    b"sc-longform-header",
    b"c-detail-head__",
    b"c-news-detail",
    b"onecms__",
    b"article__loading",
    b"b-grid__",
    b"b-maincontent",
    b"NewsDetails",
    b"definfo",
    b"article-cate-more",
    b"menufst",
    b"NewsGallery",
    b"bdrtp",
    b'"NewsArticle"',
    b'itemprop="articleBody"',
)
_SITE_CLASSES = re.compile(
    rb"""class\s*=\s*["'][^"']*\b(?:entry|refer|timeline|breadcrum|lst-category)\b""", re.I
)
# What may come before an XML or JSON answer's first element: a BOM, white space and control
# characters, comments.
_LEADING_NOISE = re.compile(rb"^(?:\xef\xbb\xbf|[\x00-\x20\x7f]|<!--.*?-->)+", re.S)
_DATA_START = (b"<?xml", b"<rss", b"<urlset", b"<sitemapindex", b"<feed", b"{", b"[")
_DATA_TYPES = ("json", "xml", "rss", "javascript", "text/plain", "image/", "octet-stream")

# What a challenge page says: common WAFs (Cloudflare, Sucuri, Imperva, F5, Akamai, hCaptcha,
# reCAPTCHA) and Vietnamese ones. Matched in the visible text, the title and <noscript>.
_PHRASES = re.compile(
    r"enable javascript|javascript is (?:required|disabled)|turn javascript on"
    r"|enable cookies|cookies (?:are|must be) (?:enabled|disabled|required)"
    r"|checking (?:your browser|if the site connection is secure)|just a moment"
    r"|verify(?:ing)? (?:that )?you are (?:a )?human|are you a robot|captcha|\bchallenge\b"
    r"|security check|attention required|ddos protection|pardon our interruption"
    r"|request unsuccessful|the requested url was rejected"
    r"|bật javascript|kích hoạt javascript|bật cookie|cho phép cookie"
    r"|kiểm tra trình duyệt|xác minh bạn|không phải (?:là )?robot|chống ddos",
)
# What a challenge page's scripts and forms hold, whatever its words.
_MACHINERY = re.compile(
    rb"/cdn-cgi/challenge-platform/|_cf_chl_opt|cf-browser-verification|g-recaptcha"
    rb"|h-captcha|hcaptcha\.com|sucuri_cloudproxy|__jsl_clearance|_Incapsula_Resource",
    re.I,
)
_SETS_COOKIE = re.compile(rb"document\.cookie\s*=", re.I)
_RELOADS = re.compile(
    rb"location\.reload|location\.replace\s*\(|location(?:\.href)?\s*=[^=]|location\.assign",
    re.I,
)
_SCRIPT_STYLE = re.compile(rb"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_NOSCRIPT = re.compile(rb"<noscript\b[^>]*>(.*?)</noscript\s*>", re.I | re.S)
_TITLE = re.compile(rb"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_TAG = re.compile(rb"<[^>]*>")
_META = re.compile(rb"<meta\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(rb"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_REFRESH = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*(?:url\s*=\s*)?(.*))?$", re.I | re.S)


def block_kind(status: int, headers: Mapping[str, str], body: bytes, url: str) -> str | None:
    """The kind of block an answer is (``403``, ``429``, ``challenge``, ``meta_refresh``),
    or None for a page to read. ``headers``: lower-case names (``content-type``...)."""
    if status in CHALLENGE_STATUSES and headers.get("cf-mitigated", "").lower() == "challenge":
        return "challenge"  # Cloudflare's own mark of a challenge answer
    if status not in CHALLENGE_STATUSES:
        return None
    page = challenge_kind(body, url, headers.get("content-type", ""))
    if page == "challenge" or (page is not None and status == 200):
        return page
    return BLOCK_STATUSES.get(status)


def challenge_kind(body: bytes, url: str, content_type: str = "") -> str | None:
    """``challenge`` or ``meta_refresh`` for an HTML page without the site's markup that asks
    for JavaScript, cookies or a captcha, or refreshes to itself; None for anything else."""
    if len(body) > MAX_CHALLENGE_BYTES or not is_html(body, content_type):
        return None
    if any(marker in body for marker in SITE_MARKERS) or _SITE_CLASSES.search(body):
        return None
    visible = visible_text(body)
    if len(visible) > MAX_CHALLENGE_TEXT:
        return None
    if refreshes_to_itself(body, url):
        return "meta_refresh"
    said = _words(" ".join([visible, *_texts(_TITLE, body), *_texts(_NOSCRIPT, body)]))
    if _PHRASES.search(said) or _MACHINERY.search(body):
        return "challenge"
    if _SETS_COOKIE.search(body) and _RELOADS.search(body):
        return "challenge"  # a script that sets a cookie and loads the page again
    if not visible and _NOSCRIPT.search(body) and b"<script" in body.lower():
        return "challenge"  # nothing to read but what <noscript> says
    return None


def is_data(body: bytes) -> bool:
    """True for an XML (RSS, sitemap) or JSON answer, judged by its first bytes: after a BOM,
    white space, control characters (the site's RSS holds some), comments and a doctype
    that is not HTML's (``<!-- OneCMS feed --><rss>``, ``<!DOCTYPE rss>``)."""
    head = _LEADING_NOISE.sub(b"", body[:4096], count=1)
    if head[:9].lower() == b"<!doctype":
        return not head[9:].lstrip().lower().startswith(b"html")
    return head.startswith(_DATA_START)


def is_html(body: bytes, content_type: str = "") -> bool:
    """True for an answer that is an HTML page: not XML or JSON, and either declared HTML or
    starting with a tag."""
    if is_data(body):
        return False
    kind = content_type.lower()
    if any(name in kind for name in _DATA_TYPES):
        return body.lstrip()[:1] == b"<" and b"<html" in body[:2048].lower()
    return body.lstrip()[:1] == b"<"


def visible_text(body: bytes) -> str:
    """The text a browser would show (no script, style, noscript, comment or tag)."""
    stripped = _COMMENT.sub(b" ", body)
    stripped = _SCRIPT_STYLE.sub(b" ", stripped)
    stripped = _NOSCRIPT.sub(b" ", stripped)
    stripped = _TITLE.sub(b" ", stripped)
    return _words(_decode(_TAG.sub(b" ", stripped)))


def refreshes_to_itself(body: bytes, url: str) -> bool:
    """A ``<meta http-equiv="refresh">`` within a minute to this very page: no URL, the same
    URL, or the same path with a token in the query."""
    for tag in _META.findall(body):
        attributes = {
            _decode(name).lower(): _decode(value.strip(b"\"'"))
            for name, value in _ATTRIBUTE.findall(tag)
        }
        if attributes.get("http-equiv", "").lower() != "refresh":
            continue
        match = _REFRESH.match(attributes.get("content", ""))
        if match is None or float(match.group(1)) > MAX_REFRESH_SECONDS:
            continue
        target = (match.group(2) or "").strip().strip("'\"")
        if not target or _same_page(urljoin(url, target), url):
            return True
    return False


def _same_page(a: str, b: str) -> bool:
    first, second = urlsplit(a), urlsplit(b)
    hosts = [(p.hostname or "").removeprefix("www.") for p in (first, second)]
    paths = [p.path.rstrip("/") or "/" for p in (first, second)]
    return hosts[0] == hosts[1] and paths[0] == paths[1]


def _texts(pattern: re.Pattern[bytes], body: bytes) -> list[str]:
    return [_decode(_TAG.sub(b" ", found)) for found in pattern.findall(body)]


def _decode(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", "replace"))


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
