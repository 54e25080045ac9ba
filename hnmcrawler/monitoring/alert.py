"""A webhook alert for a run that failed: the crawl report POSTed as JSON.

``hnmcrawler crawl`` calls ``send_alert`` after a crawl that exits non-zero, when
``HNM_ALERT_URL`` is set. The body is the report plus ``exit_code``, ``why`` and ``host``.
An alert that fails is one WARNING line, never an error: the exit code and the metrics
still tell. Credentials in the URL (user and password before the host) are sent as HTTP Basic
authentication and never logged. Pure: no Scrapy, the standard library only.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

from hnmcrawler import __version__
from hnmcrawler.exits import Outcome

logger = logging.getLogger(__name__)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not acceptance: urllib would follow it with a GET and no body."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def send_alert(url: str, report: dict[str, Any], outcome: Outcome, *, timeout: float = 10) -> bool:
    """POST the alert to ``url``; whether it was accepted (a 2xx answer, ``timeout`` seconds
    at most to connect and for each read). Logs a WARNING instead of raising."""
    body = {**report, "exit_code": int(outcome.code), "why": outcome.why}
    body["host"] = socket.gethostname()
    try:
        parts = urlsplit(url)
    except ValueError:
        logger.warning("Alert not sent: not a URL (HNM_ALERT_URL)")
        return False
    try:
        request = alert_request(parts, json.dumps(body, ensure_ascii=False, default=str))
        opener = urllib.request.build_opener(_NoRedirect())  # proxies as the environment says
        with opener.open(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        status = exc.code
    except (OSError, ValueError, http.client.HTTPException) as exc:
        reason = {"url": masked(parts), "reason": _reason(exc, parts)}
        logger.warning("Alert to %(url)s not sent: %(reason)s", reason)
        return False
    if not 200 <= status < 300:
        refused = {"url": masked(parts), "status": status}
        logger.warning("Alert to %(url)s refused: HTTP %(status)s", refused)
        return False
    logger.info("Alert sent to %(url)s", {"url": masked(parts)})
    return True


def alert_request(parts: SplitResult, body: str) -> urllib.request.Request:
    """The POST to ``parts`` without its credentials, which go in an Authorization header."""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) URL")
    host = parts.netloc.rpartition("@")[2]
    headers = {"Content-Type": "application/json", "User-Agent": f"hnmcrawler/{__version__}"}
    if parts.username is not None or parts.password is not None:
        pair = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    target = parts._replace(netloc=host).geturl()
    return urllib.request.Request(target, data=body.encode(), headers=headers, method="POST")


def masked(parts: SplitResult) -> str:
    """The URL as a log may show it: ``https://***@host/path?***``."""
    host = parts.netloc.rpartition("@")[2]
    netloc = f"***@{host}" if "@" in parts.netloc else host
    return _scrub(parts._replace(netloc=netloc, query="***" if parts.query else "").geturl(), parts)


def _reason(exc: BaseException, parts: SplitResult) -> str:
    """Why a request failed, in a few words (``timed out``, ``[Errno 111] Connection
    refused``), without the URL's credentials: ``http.client`` may quote a part of it."""
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    reason = "timed out" if isinstance(exc, TimeoutError) else str(exc) or type(exc).__name__
    return _scrub(reason, parts)


def _scrub(text: str, parts: SplitResult) -> str:
    """``text`` with the URL's user name and password, wherever they are, as ``***``."""
    for secret in (parts.password, parts.username):
        if secret:
            text = text.replace(secret, "***")
    return text
