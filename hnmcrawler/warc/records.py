"""One fetched exchange -> WARC 1.1 bytes: a ``request`` and a ``response`` record (warcio).

Pure functions; the capture writer process (``warc/writer.py``) calls ``exchange_bytes`` and
``warcinfo_bytes``, each returning whole gzip members, one per record, written in one call.

warcio writes each record (``WARCWriter(gzip=False)``) and ``gzip_member`` compresses it at
``GZIP_LEVEL`` 3, not warcio's 9: on the site's pages 9 costs half as much CPU again for files
about 7% smaller, and the crawl with ``--warc`` must keep 0.9x the speed of the crawl without
(issue 17, ``benchmarks/reextract.py``) on a machine whose other core also runs the writer.

The response payload is the body as it came off the wire, before Scrapy's
``HttpCompressionMiddleware`` decoded it (the capture middleware sits next to the download
handler), so ``Content-Encoding`` stays true. Two headers do not: Twisted has already undone
chunked transfer coding, so ``Transfer-Encoding`` is dropped and ``Content-Length`` set to the
bytes stored; a replay (pywb truncates at the recorded ``Content-Length``) gets the whole body.

    >>> fixed_response_headers([("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")], 7)
    [('Content-Encoding', 'gzip'), ('Content-Length', '7')]
"""

from __future__ import annotations

import ipaddress
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from hnmcrawler.masking import mask_secrets

Headers = list[tuple[str, str]]
RawHeaders = list[tuple[bytes, list[bytes]]]
"""Headers as Scrapy holds them: each name once, with its values, all bytes."""

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
"""Request headers never stored: credentials of a proxy or a site."""

GZIP_LEVEL = 3  # zlib's compression level for every record (warcio's own is 9)

_DROPPED_RESPONSE_HEADERS = frozenset({"transfer-encoding", "content-length"})


@dataclass(frozen=True)
class Exchange:
    """What one download was: the request as sent, the response as received."""

    url: str  # the real URL (the mirror handler answers under it)
    method: str
    request_headers: RawHeaders
    request_body: bytes
    status: int
    protocol: str  # "HTTP/1.1"
    response_headers: RawHeaders
    body: bytes  # as received: still compressed when Content-Encoding says so
    date: datetime  # aware: when the response arrived
    ip_address: str | None = None  # the server's, as Twisted gave it (maybe the loopback)


def header_pairs(headers: RawHeaders) -> Headers:
    """Scrapy's header lists (``Headers.items()``) as one text pair a value."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers
        for value in values
    ]


def public_ip(address: str | None) -> str | None:
    """The server's address, unless it is this machine (a mirror): never the loopback."""
    if address is None:
        return None
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    return None if parsed.is_loopback else str(parsed)


def fixed_response_headers(headers: Iterable[tuple[str, str]], length: int) -> Headers:
    """The response headers true to a stored payload of ``length`` bytes."""
    kept = [(k, v) for k, v in headers if k.casefold() not in _DROPPED_RESPONSE_HEADERS]
    return [*kept, ("Content-Length", str(length))]


def request_headers(exchange: Exchange) -> Headers:
    """The request's headers without credentials, ``Host`` first as on the wire."""
    host = urlsplit(exchange.url).netloc
    kept = [
        (k, v)
        for k, v in header_pairs(exchange.request_headers)
        if k.casefold() not in SECRET_HEADERS and k.casefold() != "host"
    ]
    return [("Host", host), *kept]


def warc_date(when: datetime) -> str:
    """WARC 1.1's date: UTC, microseconds (``2026-02-20T09:39:00.123456Z``)."""
    return str(datetime_to_iso_date(when.astimezone(UTC).replace(tzinfo=None), use_micros=True))


def exchange_bytes(exchange: Exchange) -> bytes:
    """The gzip members of the request and response records of one exchange."""
    writer = WARCWriter(BytesIO(), gzip=False, warc_version="1.1")
    date = warc_date(exchange.date)
    response = _response_record(writer, exchange, date)
    request = _request_record(writer, exchange, date)
    request.rec_headers.add_header(
        "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
    )
    return gzip_member(response) + gzip_member(request)


def gzip_member(record: Any) -> bytes:
    """One record written by warcio, as a gzip member of its own (``GZIP_LEVEL``)."""
    out = BytesIO()
    WARCWriter(out, gzip=False, warc_version="1.1").write_record(record)
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(out.getvalue()) + compressor.flush()


def _response_record(writer: WARCWriter, exchange: Exchange, date: str) -> Any:
    phrase = _reason(exchange.status)
    status_line = f"{exchange.status} {phrase}".strip()
    http = StatusAndHeaders(
        status_line,
        fixed_response_headers(header_pairs(exchange.response_headers), len(exchange.body)),
        protocol=exchange.protocol or "HTTP/1.1",
    )
    headers = {"WARC-Date": date}
    if ip_address := public_ip(exchange.ip_address):
        headers["WARC-IP-Address"] = ip_address
    return writer.create_warc_record(
        exchange.url,
        "response",
        payload=BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=http,
        warc_headers_dict=headers,
    )


def _request_record(writer: WARCWriter, exchange: Exchange, date: str) -> Any:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    http = StatusAndHeaders(
        f"{exchange.method} {target} HTTP/1.1",
        request_headers(exchange),
        protocol="HTTP/1.1",
        is_http_request=True,
    )
    return writer.create_warc_record(
        exchange.url,
        "request",
        payload=BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )


def warcinfo_bytes(filename: str, info: Mapping[str, str]) -> bytes:
    """The gzip member of a file's ``warcinfo`` record; ``info`` values have secrets masked."""
    writer = WARCWriter(BytesIO(), gzip=False, warc_version="1.1")
    masked = {name: mask_secrets(value) for name, value in info.items()}
    return gzip_member(writer.create_warcinfo_record(filename, masked))


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
