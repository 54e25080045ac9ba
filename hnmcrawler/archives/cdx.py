"""The Wayback CDX API: the query URL of a URL prefix and the lines of its answer. Pure.

Called by the ``wayback`` and ``commoncrawl`` spiders. Two servers, two answer forms for
``output=json``:

- the Internet Archive: one JSON array, a header row then rows of strings; with
  ``showResumeKey=true`` an empty row and a one-string row with the key end it::

    [["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
     ["vn,com,hanoimoi)/tin-tuc/kinh-te/1/a","20170501000000","http://...","text/html","200",...],
     [], ["vn,com,hanoimoi)/tin-tuc/kinh-te/1/a+20170501000000"]]

- pywb 2.10: one JSON object a line, string values, ``url``/``mime``/``status`` for the
  Internet Archive's ``original``/``mimetype``/``statuscode``; it honours ``limit`` and the
  filters but ignores ``showResumeKey``: everything comes at once (see ``next_step``).

    >>> answer = b'{"timestamp": "20170501000000", "url": "http://x/", "status": "200"}'
    >>> parse_answer(answer).lines[0].timestamp
    '20170501000000'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

FILTERS = ("statuscode:200", "mimetype:text/html")  # both servers read these names
PAGE_LINES = 5000  # CDX lines asked for at once (the Internet Archive pages with resume keys)
# The same field under its pywb name and its Internet Archive name.
_FIELDS = {"url": "original", "mime": "mimetype", "status": "statuscode"}


class CdxError(ValueError):
    """A CDX answer that is neither form; the spider counts it and records the page."""


@dataclass(frozen=True)
class RecordPlace:
    """Where a capture's WARC record is: the file as the index names it (relative to the
    archive's data URL), the byte offset and length of its gzip member. pywb and Common
    Crawl index lines give all three; the ``commoncrawl`` spider fetches it by range."""

    filename: str
    offset: int
    length: int

    @classmethod
    def of(cls, values: dict[str, str]) -> RecordPlace | None:
        """The place an index line names, or None when a field is missing or no number.

        >>> RecordPlace.of({"filename": "a.warc.gz", "offset": "334", "length": "340"})
        RecordPlace(filename='a.warc.gz', offset=334, length=340)
        """
        offset, length = values.get("offset", ""), values.get("length", "")
        if not values.get("filename") or not offset.isdigit() or not length.isdigit():
            return None
        return cls(values["filename"], int(offset), int(length))


@dataclass(frozen=True)
class CdxLine:
    """One capture as the CDX server lists it: the EXACT captured URL and timestamp, and
    where its record is when the server says (not part of which capture it is)."""

    url: str
    timestamp: str  # 14 digits, UTC: yyyyMMddhhmmss
    status: str = ""
    mime: str = ""
    record: RecordPlace | None = field(default=None, compare=False)

    @property
    def captured_at(self) -> datetime:
        return datetime.strptime(self.timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(
            tzinfo=UTC
        )

    @property
    def is_html_200(self) -> bool:
        """What the filters ask for, checked again: a server may ignore filters."""
        return self.status == "200" and self.mime.split(";")[0].strip().lower() == "text/html"


@dataclass(frozen=True)
class CdxPage:
    lines: list[CdxLine] = field(default_factory=list)
    resume_key: str | None = None


def query_url(
    cdx_url: str,
    prefix: str,
    *,
    since: datetime | None = None,
    limit: int | None = PAGE_LINES,
    resume_key: str | None = None,
) -> str:
    """The CDX query of every 200 HTML capture under ``prefix`` (``hanoimoi.com.vn/Tin-tuc/
    Kinh-te/``), from ``since`` on (UTC); ``limit`` lines a page, resumed at ``resume_key``."""
    params: list[tuple[str, str]] = [("url", prefix), ("matchType", "prefix"), ("output", "json")]
    params += [("filter", rule) for rule in FILTERS]
    if since is not None:
        params.append(("from", since.astimezone(UTC).strftime("%Y%m%d%H%M%S")))
    if limit is not None:
        params += [("limit", str(limit)), ("showResumeKey", "true")]
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{cdx_url}?{urlencode(params)}"


def parse_answer(body: bytes) -> CdxPage:
    """The lines of a CDX answer in either form; ``CdxError`` for anything else."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return CdxPage()
    try:
        if text.startswith("["):
            return _array_answer(json.loads(text))
        return CdxPage([_line(json.loads(row)) for row in text.splitlines() if row.strip()])
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise CdxError(f"not a CDX JSON answer: {text[:80]!r}") from exc


def _array_answer(rows: Any) -> CdxPage:
    if not isinstance(rows, list) or not rows:
        return CdxPage()
    header, resume_key = [str(name) for name in rows[0]], None
    body = rows[1:]
    if len(body) >= 2 and body[-2] == [] and len(body[-1]) == 1:
        resume_key, body = str(body[-1][0]), body[:-2]
    lines = [_line(dict(zip(header, row, strict=True))) for row in body if row]
    return CdxPage(lines, resume_key)


def _line(row: dict[str, Any]) -> CdxLine:
    values = {_FIELDS.get(name, name): str(value) for name, value in row.items()}
    if not values.get("original") or not values.get("timestamp", "").isdigit():
        raise CdxError(f"CDX line without original URL or timestamp: {row!r}")
    return CdxLine(
        values["original"],
        values["timestamp"],
        values.get("statuscode", ""),
        values.get("mimetype", ""),
        RecordPlace.of(values),
    )


def next_step(page: CdxPage, limit: int | None, asked_key: str | None) -> str:
    """What to do after a CDX page: ``done``; ``resume`` (ask again from ``page.resume_key``);
    ``unlimited`` (a full page and no key: the server honours ``limit`` but not resume keys,
    as pywb does; ask once more with no limit); ``repeat`` (a key that does not move on)."""
    if page.resume_key:
        return "repeat" if page.resume_key == asked_key else "resume"
    if limit is not None and len(page.lines) >= limit:
        return "unlimited"
    return "done"
