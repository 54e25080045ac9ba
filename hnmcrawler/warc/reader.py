"""The response records of WARC files, ours or any other tool's (warcio's ``ArchiveIterator``).

``hnmcrawler reextract`` calls ``warc_files`` to list its inputs, ``scan`` in the parent to
find every response record (URL, status, date, where it is) and ``RecordReader`` in the
worker processes to read the records it hands them, payload decoded (``Content-Encoding`` and
chunked transfer coding undone, as Scrapy would have). Gzip per record or uncompressed, WARC
1.0 or 1.1.

A crash while a file was written leaves its last record torn (``writer.py``): ``scan`` stops
at the first record that is cut short or cannot be parsed, or at bytes after the last whole
record that are no record (a gzip member cut a few bytes in, which warcio reads as the end of
the file), and says so in ``Scan.torn``; the records before it are read. A file whose first
record is no WARC record is a ``UsageError``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.timeutils import iso_date_to_datetime

from hnmcrawler.exceptions import UsageError

SUFFIXES = (".warc", ".warc.gz")
UNREADABLE = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError, IndexError)
"""What warcio raises on a record it cannot parse (AttributeError: WARC headers cut short)."""


@dataclass(frozen=True)
class Place:
    """Where a response record is: its file, offset and length (the gzip member)."""

    path: Path
    offset: int
    length: int


@dataclass(frozen=True)
class Entry:
    """A response record as ``scan`` saw it, without its payload."""

    url: str
    status: int
    date: datetime  # aware, UTC: the record's WARC-Date
    place: Place


@dataclass(frozen=True)
class ResponseRecord:
    """A response record read whole; ``body`` is the payload decoded."""

    url: str
    status: int
    date: datetime
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Scan:
    """What ``scan`` found in one file."""

    path: Path
    entries: list[Entry] = field(default_factory=list)
    records: int = 0  # records of any type, torn one excluded
    revisits: int = 0  # revisit records: a payload seen before, not stored again
    torn: str | None = None  # why reading stopped early, with the offset


def warc_files(inputs: Sequence[Path]) -> list[Path]:
    """The WARC files named, and those in the folders named (sorted: the capture's file names
    sort in the order they were begun); ``UsageError`` for a path that is neither."""
    found: list[Path] = []
    for path in inputs:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.name.endswith(SUFFIXES))
            if not inside:
                raise UsageError(f"no WARC file (*.warc, *.warc.gz) in {path}")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such WARC file or folder: {path}")
    return found


def scan(path: Path) -> Scan:
    """Every response record of ``path``, up to a torn or unreadable record."""
    result = Scan(path)
    result.entries = list(entries(path, result))
    return result


def entries(path: Path, result: Scan) -> Iterator[Entry]:
    """``scan``, one response record at a time; ``result`` counts records and notes a torn
    one. ``UsageError`` for a file that cannot be read or holds no WARC record."""
    try:
        with path.open("rb") as handle:
            records = ArchiveIterator(handle)
            try:
                for record in records:
                    if not _whole(record):
                        result.torn = f"record at byte {records.offset} is cut short"
                        return
                    if (entry := _entry(result, record, records)) is not None:
                        yield entry
                result.torn = _trailing(handle, records.offset)
            except UNREADABLE as exc:
                if result.records == 0:
                    raise UsageError(f"{path} is not a WARC file: {exc}") from None
                result.torn = f"record after byte {records.offset} unreadable: {_said(exc)}"
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _said(error: Exception) -> str:
    """What ``error`` says, on one line of printable ASCII (warcio quotes the bytes it read)."""
    text = " ".join(str(error).split()).encode("ascii", "backslashreplace").decode()
    return text if len(text) <= 120 else text[:119] + "…"


def _trailing(handle: BinaryIO, end: int) -> str | None:
    """Why the bytes after ``end`` (where the last whole record ended) are torn, or None when
    there are none but blank lines."""
    handle.seek(end)
    rest = handle.read(4096)
    if not rest.strip():
        return None
    return f"partial record at byte {end} ({handle.seek(0, 2) - end} bytes) is cut short"


def _whole(record: Any) -> bool:
    """Reads the record's payload through: False when it ends before its Content-Length."""
    if record.rec_type is None or record.length is None:
        return False
    expected = record.payload_length if record.payload_length >= 0 else record.length
    read = 0
    while chunk := record.raw_stream.read(65536):
        read += len(chunk)
    return read >= expected


def _entry(result: Scan, record: Any, records: ArchiveIterator) -> Entry | None:
    result.records += 1
    result.revisits += record.rec_type == "revisit"
    if record.rec_type != "response" or record.http_headers is None:
        return None
    place = Place(result.path, records.get_record_offset(), records.get_record_length())
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    status = int(record.http_headers.get_statuscode() or 0)
    return Entry(url.strip("<>"), status, record_date(record), place)


def record_date(record: Any) -> datetime:
    """The record's ``WARC-Date`` as an aware UTC datetime."""
    text = record.rec_headers.get_header("WARC-Date") or ""
    return iso_date_to_datetime(text).replace(tzinfo=UTC)


class RecordReader:
    """Reads the records at places ``scan`` found, each file opened once; a context manager."""

    def __init__(self) -> None:
        self.handles: dict[Path, BinaryIO] = {}

    def __enter__(self) -> RecordReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for handle in self.handles.values():
            handle.close()
        self.handles.clear()

    def read(self, place: Place) -> ResponseRecord:
        """The record at ``place``, payload decoded (``zlib.error`` and the like when it does
        not decode)."""
        handle = self.handles.get(place.path)
        if handle is None:
            handle = self.handles[place.path] = place.path.open("rb")
        handle.seek(place.offset)
        record = response_record(handle.read(place.length))
        if record is None:
            raise ValueError(f"no response record at byte {place.offset} of {place.path}")
        return record


def response_record(data: bytes) -> ResponseRecord | None:
    """The response record ``data`` (one record's bytes) holds, payload decoded, or None for
    a record of another type; what warcio raises (``UNREADABLE``) when it does not parse or
    decode. Called by ``RecordReader.read`` and by ``archives.commoncrawl.read_record`` on
    a range answer."""
    record = next(iter(ArchiveIterator(BytesIO(data))), None)
    if record is None or record.rec_type != "response" or record.http_headers is None:
        return None
    headers = record.http_headers
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
    return ResponseRecord(
        url=url,
        status=int(headers.get_statuscode() or 0),
        date=record_date(record),
        headers=list(headers.headers),
        body=record.content_stream().read(),
    )
