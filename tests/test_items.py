"""``items.py``: the field order every output follows, and ``Provenance``, the copy an item was
read from (live, or an archive's capture)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from hnmcrawler.items import ARTICLE_FIELDS, LIVE, Provenance, warc_place

CAPTURED = datetime(2019, 3, 4, 5, 6, 7, tzinfo=UTC)
WAYBACK = "https://web.archive.org/web/20190304050607id_/http://hanoimoi.com.vn/a/1.htm"


def test_provenance_follows_fetched_at_in_the_field_order() -> None:
    at = ARTICLE_FIELDS.index("fetched_at")
    assert ARTICLE_FIELDS[at:] == ("fetched_at", "source", "capture_url", "captured_at")


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(LIVE, id="the site itself"),
        pytest.param(Provenance("wayback", WAYBACK, CAPTURED), id="a Wayback capture"),
        pytest.param(Provenance("commoncrawl", "https://data/x.warc.gz", CAPTURED), id="CC"),
        pytest.param(Provenance("warc", warc_place("a.warc.gz", 0), CAPTURED), id="a WARC"),
    ],
)
def test_each_source_gives_its_three_fields(copy: Provenance) -> None:
    fields = copy.fields()
    assert list(fields) == ["source", "capture_url", "captured_at"]
    assert (
        (fields["capture_url"] is None)
        == (fields["captured_at"] is None)
        == (copy.source == "live")
    )
    assert fields == {
        "source": copy.source,
        "capture_url": copy.capture_url,
        "captured_at": copy.captured_at,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("archive", WAYBACK, CAPTURED), "unknown source 'archive'", id="unknown"),
        pytest.param(("wayback", None, CAPTURED), "a wayback copy needs", id="no capture url"),
        pytest.param(("commoncrawl", WAYBACK, None), "a commoncrawl copy needs", id="no time"),
        pytest.param(("live", WAYBACK, None), "a live copy has no", id="a live copy's url"),
        pytest.param(("live", None, CAPTURED), "a live copy has no", id="a live copy's time"),
        pytest.param(
            ("wayback", WAYBACK, datetime(2019, 3, 4)), "captured_at is a naive", id="naive"
        ),
    ],
)
def test_a_provenance_that_cannot_be_is_a_value_error(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Provenance(*args)


def test_a_warc_record_is_named_by_its_file_and_offset() -> None:
    assert warc_place("hnm-20250101-00003.warc.gz", 1_048_576) == (
        "file:hnm-20250101-00003.warc.gz#1048576"
    )
