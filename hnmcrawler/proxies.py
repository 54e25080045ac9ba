"""Per-host proxies and user agents: ``PerHostMiddleware`` (``DOWNLOADER_MIDDLEWARES``) and
the tables it reads from ``HNM_PROXIES`` and ``HNM_USER_AGENTS``.

From outside Vietnam hanoimoi.vn answers block pages (hnm-site.md, "Blocking"): a proxy in
Vietnam for that host, or another user agent, gets through. ``commands/crawl.py`` checks both
settings before a crawl starts (exit 2 on a bad value); ``retry.BackoffRetryMiddleware``
takes a proxy off a retry copy (``forget_proxy``) and prints proxies only masked
(``mask_proxy``).
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached

from hnmcrawler.masking import mask_proxy
from hnmcrawler.stop import BAD_SETTING, stop_crawl

logger = logging.getLogger(__name__)

_PROXIED = "hnm_proxied"  # meta: PerHostMiddleware set this request's proxy


def host_key(host: str) -> str:
    """A host as the per-host tables compare it: lower case, without ``www.``."""
    return host.strip().casefold().rstrip(".").removeprefix("www.")


def value_for_host(table: dict[str, str], host: str) -> str | None:
    """The value of the table's entry for ``host``, its parent domains or its ``www.`` twin."""
    name = host_key(host)
    while name:
        if name in table:
            return table[name]
        name = name.partition(".")[2]
    return None


def host_table(value: Any, setting: str) -> dict[str, str]:
    """A JSON object (or a dict) of host -> text, keys as ``host_key`` compares them;
    ``ValueError`` naming the setting for anything else."""
    if isinstance(value, BaseSettings):  # a dict given in Python settings
        value = value.copy_to_dict()
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError(
                f"{setting} must be a JSON object of host to value, like "
                '\'{"hanoimoi.vn": "..."}\'; it is not JSON'
            ) from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
        for k, v in value.items()
    ):
        raise ValueError(f"{setting} must be a JSON object of host names to non-empty texts")
    table = {host_key(k): v.strip() for k, v in value.items()}
    if bad := sorted(k for k in table if "/" in k or ":" in k or " " in k):
        raise ValueError(f"{setting} keys are host names like hanoimoi.vn, not {bad[0]!r}")
    return table


def proxy_table(value: Any) -> dict[str, str]:
    """``HNM_PROXIES``: host -> ``http(s)://[user:password@]host:port``; ``ValueError`` with
    the proxy masked for a value Scrapy cannot use."""
    table = host_table(value, "HNM_PROXIES")
    for host, proxy in table.items():
        try:
            parts = urlsplit(proxy)
            port = parts.port
        except ValueError:
            parts, port = None, None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port:
            raise ValueError(
                f"HNM_PROXIES: the proxy of {host} must be http://[user:password@]host:port, "
                f"not {mask_proxy(proxy)!r}"
            )
    return table


def forget_proxy(request: Request) -> None:
    """Take the proxy and its credentials set by ``PerHostMiddleware`` off a retry copy: the
    copy may wait in a job directory's queue on disk, and gets them again on its way out."""
    if request.meta.pop(_PROXIED, None):
        request.meta.pop("proxy", None)
        request.meta.pop("_auth_proxy", None)
        request.headers.pop(b"Proxy-Authorization", None)


class PerHostMiddleware:
    """Send each request to a host of ``HNM_PROXIES`` through its proxy (Scrapy's own proxy
    support: ``meta["proxy"]``, which ``HttpProxyMiddleware`` turns into a
    ``Proxy-Authorization`` header), with the ``HNM_USER_AGENTS`` user agent of its host.

    A host matches itself and its subdomains, ``www.`` optional. A request that names its own
    proxy keeps it. A value the crawl cannot use stops it before any request (exit 2).
    """

    def __init__(
        self,
        proxies: dict[str, str],
        user_agents: dict[str, str],
        crawler: Crawler | None = None,
        problem: str | None = None,
    ) -> None:
        self.proxies = proxies
        self.user_agents = user_agents
        self.crawler = crawler
        self.problem = problem

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PerHostMiddleware:
        settings = crawler.settings
        try:
            proxies = proxy_table(settings.get("HNM_PROXIES"))
            user_agents = host_table(settings.get("HNM_USER_AGENTS"), "HNM_USER_AGENTS")
        except ValueError as exc:
            logger.error("%(problem)s; the crawl stops", {"problem": exc})
            if crawler.stats is not None:
                crawler.stats.set_value("hnm/settings/problem", str(exc))
            return cls({}, {}, crawler, str(exc))
        return cls(proxies, user_agents, crawler)

    def process_request(self, request: Request) -> None:
        if self.problem is not None:
            if self.crawler is not None:
                stop_crawl(self.crawler, BAD_SETTING)
            raise IgnoreRequest(self.problem)
        host = urlparse_cached(request).hostname or ""
        proxy = value_for_host(self.proxies, host)
        if proxy is not None and "proxy" not in request.meta:
            request.meta["proxy"] = proxy
            request.meta[_PROXIED] = True
            if self.crawler is not None and self.crawler.stats is not None:
                self.crawler.stats.inc_value("hnm/proxy/requests")
        agent = value_for_host(self.user_agents, host)
        if agent is not None:
            request.headers.setdefault(b"User-Agent", agent)
