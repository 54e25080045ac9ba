"""Credentials out of anything printed or archived: logs, reports, error lines, WARC headers.

``mask_proxy`` for one proxy URL (a log line, an error: ``proxies.py``, ``retry.py``) and
``mask_secrets`` for free text that may hold URLs (the crawl's arguments in each WARC file's
``warcinfo`` record: ``warc/records.py``) mask the same way: a password masked, the user name
kept; a user name without a password (proxy providers put API keys there) masked whole.
Pure, no Scrapy import.

    >>> mask_secrets("http://user:pass@proxy.example.vn:3128")
    'http://user:***@proxy.example.vn:3128'
    >>> mask_secrets("http://APIKEY123@proxy.example.vn:8080")  # a key as the user name
    'http://***@proxy.example.vn:8080'
    >>> mask_secrets("https_proxy=user:pass@1.2.3.4:3128")  # no scheme
    'https_proxy=user:***@1.2.3.4:3128'
    >>> mask_secrets("--db postgresql://crawler:password@db/hnm http://tok@x/?token=abc&a=1")
    '--db postgresql://crawler:***@db/hnm http://***@x/?token=***&a=1'
"""

from __future__ import annotations

import re

# user[:password]@host, with or without a scheme before it; the password runs to the last
# ``@`` before a host (it may hold ``@`` itself, as ``mask_proxy`` reads it). A user name
# without a password may itself be the secret (proxy providers put API keys there): it is
# masked whole.
_USERINFO = re.compile(
    r"(?P<scheme>\b[a-z][a-z0-9+.-]*://)?"
    r"(?P<user>[^\s:/@'\"=,{}]+)(?::(?P<password>[^\s/'\"]*))?"
    r"@(?=[a-z0-9][a-z0-9.-]*(?::[0-9]+)?(?:[/\s'\",}?#]|$))",
    re.IGNORECASE,
)
_SECRET_PARAMETER = re.compile(
    r"(?P<name>\b(?:password|passwd|pwd|token|secret|api_?key|access_?key)=)[^&\s'\"]+",
    re.IGNORECASE,
)


def mask_secrets(text: str) -> str:
    """``text`` with every password in a URL or ``user:password@host`` masked (the user
    name kept), a bare ``user@`` of a URL masked whole, and ``token=``-like parameters
    masked."""
    text = _SECRET_PARAMETER.sub(r"\g<name>***", text)
    return _USERINFO.sub(_masked, text)


def _masked(match: re.Match[str]) -> str:
    scheme = match.group("scheme") or ""
    if match.group("password") is None:
        return f"{scheme}***@" if scheme else match.group(0)  # an e-mail address stays
    return f"{scheme}{match.group('user')}:***@"


def mask_proxy(url: str) -> str:
    """One proxy URL as it may be printed: ``http://user:pass@host:3128`` ->
    ``http://user:***@host:3128``, ``http://KEY@host:8080`` -> ``http://***@host:8080``,
    with or without a scheme (an ``@`` inside the password included)."""
    scheme, sep, rest = url.partition("://") if "://" in url else ("", "", url)
    userinfo, at, hostport = rest.rpartition("@")
    if not at:
        return url
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}{sep}{user + ':' if colon else ''}***@{hostport}"
