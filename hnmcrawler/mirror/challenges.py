"""Challenge pages the mirror serves for the ``challenge`` fault (``faults.py``, ``server.py``).

hanoimoi.vn's firewall "may answer 200 with an HTML challenge page (a short page without the
site's markup that asks for JavaScript or cookies) in place of the page or the RSS"
(hnm-site.md, "Blocking", seen). Its exact bytes are not public, so the mirror serves the
shapes common web application firewalls send, each marked with where it comes from. The
crawler's detector (``hnmcrawler/blocking.py``) is tested on its own table; these are what a
crawl through the mirror meets.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Challenge:
    name: str
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


CHALLENGES: tuple[Challenge, ...] = (
    # The hnm-site.md shape, in Vietnamese: a short page, no site markup, asks for
    # JavaScript and cookies (assumed wording; the shape is seen).
    Challenge(
        "vietnamese",
        200,
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hà Nội Mới'
        "</title></head><body><noscript>Vui lòng bật JavaScript và cookie để tiếp tục."
        "</noscript><script>document.cookie='hnm_waf=8f2c1a; path=/';"
        "setTimeout(function(){location.reload()},1000);</script></body></html>",
    ),
    # Cloudflare's managed challenge ("Just a moment..."), trimmed; Cloudflare marks it
    # with a cf-mitigated header, which the mirror leaves out so the body alone must tell.
    Challenge(
        "cloudflare",
        200,
        '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        '<meta name="robots" content="noindex,nofollow"></head><body><div class="main-wrapper" '
        'role="main"><div class="main-content"><h1 class="zone-name-title h1">hanoimoi.vn</h1>'
        '<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>'
        '<noscript><div id="challenge-error-title">Enable JavaScript and cookies to continue'
        "</div></noscript></div></div><script>(function(){window._cf_chl_opt={cvId: '3',"
        "cZone: 'hanoimoi.vn',cType: 'managed'};var a = document.createElement('script');"
        "a.src = '/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8a1b';"
        "document.getElementsByTagName('head')[0].appendChild(a);}());</script></body></html>",
    ),
    # Sucuri CloudProxy: a script computes a cookie and reloads (public samples).
    Challenge(
        "sucuri",
        200,
        "<html><title>You are being redirected...</title><noscript>Javascript is required. "
        "Please enable javascript before you are allowed to see this page.</noscript>"
        "<script>var s={},u,c,U,r,i,l=0,a,e=eval,w=String.fromCharCode,"
        "sucuri_cloudproxy_js='',S='cz0iMSIuc3Vic3RyKDAsMSkg';"
        "document.cookie='sucuri_cloudproxy_uuid_0a1b2c3d4=7e8f9a; path=/;max-age=86400';"
        "location.reload();</script></html>",
    ),
    # A meta refresh to the page itself with a token (generic anti-bot gateways).
    Challenge(
        "meta_refresh",
        200,
        '<html><head><meta http-equiv="refresh" content="0; url=?__hnm_tk=4f1c9e">'
        "</head><body></body></html>",
    ),
    # The older Cloudflare interstitial: 503 with Retry-After ("Checking your browser").
    Challenge(
        "cloudflare_503",
        503,
        "<!DOCTYPE HTML><html><head><title>Just a moment...</title></head><body>"
        "<h1>Checking your browser before accessing hanoimoi.vn.</h1><p>This process is "
        "automatic. Your browser will redirect to your requested content shortly.</p>"
        "<p>Please allow up to 5 seconds&hellip;</p><p>DDoS protection by Cloudflare</p>"
        "</body></html>",
        {"Retry-After": "1"},
    ),
)


def challenge_for(path: str, attempt: int) -> Challenge:
    """The challenge the mirror answers for the ``attempt``-th request of ``path``: every
    shape in turn, from a start that depends on the path (repeatable, no randomness)."""
    start = zlib.crc32(path.encode("utf-8"))
    return CHALLENGES[(start + attempt) % len(CHALLENGES)]
