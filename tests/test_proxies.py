"""``proxies.py``: a host gets its proxy and user agent; credentials never leave masked."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.defaultheaders import DefaultHeadersMiddleware
from scrapy.downloadermiddlewares.httpproxy import HttpProxyMiddleware
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from hnmcrawler.masking import mask_proxy
from hnmcrawler.proxies import PerHostMiddleware, forget_proxy
from hnmcrawler.retry import BackoffRetryMiddleware

# --- Per-host proxies and user agents ---------------------------------------------------------

RSS_URL = "https://hanoimoi.vn/rss/kinh-te"
PROXY = "http://hnm:s3cr3t@proxy.example.vn:3128"


def per_host(**settings: Any) -> PerHostMiddleware:
    return PerHostMiddleware.from_crawler(get_crawler(Spider, settings))


@pytest.mark.parametrize(
    ("url", "proxied"),
    [
        pytest.param("https://hanoimoi.vn/rss/kinh-te", True, id="the host"),
        pytest.param("https://www.hanoimoi.vn/a-1.html", True, id="its www. twin"),
        pytest.param("https://m.hanoimoi.vn/a-1.html", True, id="a subdomain"),
        pytest.param("http://hanoimoi.com.vn/Tin-tuc/A/1/x", False, id="another site"),
        pytest.param("https://nothanoimoi.vn/a-1.html", False, id="a host that only ends alike"),
    ],
)
def test_a_proxy_is_set_for_its_host_and_subdomains_only(url: str, proxied: bool) -> None:
    request = Request(url)
    per_host(HNM_PROXIES=f'{{"www.hanoimoi.vn": "{PROXY}"}}').process_request(request)
    assert request.meta.get("proxy") == (PROXY if proxied else None)


def test_scrapy_sends_the_proxy_credentials_as_proxy_authorization() -> None:
    crawler = get_crawler(Spider, {"HNM_PROXIES": {"hanoimoi.vn": PROXY}})
    request = Request(RSS_URL)
    PerHostMiddleware.from_crawler(crawler).process_request(request)
    HttpProxyMiddleware.from_crawler(crawler).process_request(request)
    assert request.meta["proxy"] == "http://proxy.example.vn:3128"  # no password left in meta
    assert request.headers["Proxy-Authorization"] == b"Basic " + base64.b64encode(b"hnm:s3cr3t")


def test_a_retry_copy_carries_no_proxy_credentials() -> None:
    crawler = get_crawler(Spider, {"HNM_PROXIES": {"hanoimoi.vn": PROXY}})
    request = Request(RSS_URL)
    PerHostMiddleware.from_crawler(crawler).process_request(request)
    HttpProxyMiddleware.from_crawler(crawler).process_request(request)
    retry = request.copy()
    forget_proxy(retry)
    assert "proxy" not in retry.meta
    assert b"Proxy-Authorization" not in retry.headers


@pytest.mark.parametrize("status", [429, 503])
def test_the_retry_middleware_s_copy_carries_no_proxy_credentials(status: int) -> None:
    """Through the middlewares as a crawl runs them: the request the retry middleware gives
    back (to wait in a job directory's queue) holds neither the proxy nor its password."""
    settings = {"HNM_PROXIES": {"hanoimoi.vn": PROXY}, "HNM_RETRY_BACKOFF_BASE": 0.0}
    crawler = get_crawler(Spider, settings)
    crawler.spider = crawler._create_spider("test")
    request = Request(RSS_URL)
    PerHostMiddleware.from_crawler(crawler).process_request(request)
    HttpProxyMiddleware.from_crawler(crawler).process_request(request)
    assert b"Proxy-Authorization" in request.headers
    answer = HtmlResponse(RSS_URL, status=status, body=b"busy", request=request)
    retry = asyncio.run(
        BackoffRetryMiddleware.from_crawler(crawler).process_response(request, answer)
    )
    assert isinstance(retry, Request)
    assert retry.meta["retry_times"] == 1
    assert "proxy" not in retry.meta
    assert "_auth_proxy" not in retry.meta
    assert b"Proxy-Authorization" not in retry.headers


def test_a_request_that_names_its_own_proxy_keeps_it() -> None:
    request = Request(RSS_URL, meta={"proxy": None})
    per_host(HNM_PROXIES={"hanoimoi.vn": PROXY}).process_request(request)
    assert request.meta["proxy"] is None


def test_a_host_gets_its_user_agent_and_keeps_its_accept_language() -> None:
    crawler = get_crawler(
        Spider,
        {
            "HNM_USER_AGENTS": '{"hanoimoi.vn": "facebookexternalhit/1.1"}',
            "DEFAULT_REQUEST_HEADERS": {"Accept-Language": "vi-VN,vi;q=0.9"},
        },
    )
    current, legacy = Request(RSS_URL), Request("http://hanoimoi.com.vn/")
    for request in (current, legacy):
        PerHostMiddleware.from_crawler(crawler).process_request(request)
        DefaultHeadersMiddleware.from_crawler(crawler).process_request(request)
        UserAgentMiddleware.from_crawler(crawler).process_request(request)
    assert current.headers["User-Agent"] == b"facebookexternalhit/1.1"
    assert legacy.headers["User-Agent"] == crawler.settings.get("USER_AGENT").encode()
    assert current.headers["Accept-Language"] == b"vi-VN,vi;q=0.9"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("{hanoimoi.vn: x}", "HNM_PROXIES must be a JSON object", id="not JSON"),
        pytest.param('["http://h:1"]', "JSON object of host names", id="a list"),
        pytest.param('{"hanoimoi.vn": 3128}', "JSON object of host names", id="a number"),
        pytest.param(
            '{"https://hanoimoi.vn": "http://h:1"}', "host names like", id="a URL as the key"
        ),
        pytest.param(
            '{"hanoimoi.vn": "socks5://hnm:s3cr3t@h:1080"}',
            "not 'socks5://hnm:***@h:1080'",
            id="a scheme Scrapy cannot use, masked",
        ),
        pytest.param(
            '{"hanoimoi.vn": "http://hnm:s3cr3t@proxy.example.vn"}',
            "not 'http://hnm:***@proxy.example.vn'",
            id="no port, masked",
        ),
    ],
)
def test_a_malformed_proxy_setting_stops_the_crawl_in_one_masked_line(
    value: str, message: str
) -> None:
    mw = per_host(HNM_PROXIES=value)
    assert mw.problem is not None
    assert message in mw.problem
    assert "s3cr3t" not in mw.problem
    assert mw.crawler is not None
    assert mw.crawler.stats is not None
    assert mw.crawler.stats.get_value("hnm/settings/problem") == mw.problem
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request(RSS_URL))


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        pytest.param(PROXY, "http://hnm:***@proxy.example.vn:3128", id="user and password"),
        pytest.param("http://tok@p:1", "http://***@p:1", id="a token as the user, masked whole"),
        pytest.param("u:s3cret@1.2.3.4:3128", "u:***@1.2.3.4:3128", id="no scheme"),
        pytest.param("http://u:p@ss@p:1", "http://u:***@p:1", id="an @ in the password"),
        pytest.param("http://p:1", "http://p:1", id="no credentials"),
    ],
)
def test_mask_proxy(url: str, shown: str) -> None:
    assert mask_proxy(url) == shown
