"""``extract.extract_item``: a page and its URL become an item; a page in a layout no era knows
becomes a generic item from its metadata, or stays unknown. Every item says which copy it was
read from: live, an archive's capture, a WARC record (``warc.extraction``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.extract import extract_item
from hnmcrawler.items import PROVENANCE_FIELDS, Provenance
from hnmcrawler.warc.extraction import extract_record, record_provenance
from hnmcrawler.warc.reader import Place, ResponseRecord
from tests.helpers import CURRENT_SITE, redesigned_page

BASE = CURRENT_SITE


def test_a_redesigned_page_with_metadata_becomes_a_generic_item() -> None:
    url = f"{BASE}/ha-noi-thong-xe-cau-7.html?utm=x"
    item = extract_item(redesigned_page(7, "2026-02-15").encode(), url)
    assert item["layout"] == "generic"
    assert item["url"] == f"{BASE}/ha-noi-thong-xe-cau-7.html"
    assert (item["site"], item["article_id"]) == ("hanoimoi.vn", 7)
    assert item["title"] == "Hà Nội thông xe cầu số 7"
    assert item["body"] == "Đoạn một của bài.\n\nĐoạn hai của bài."
    assert item["authors"] == ["Minh Phương"]
    assert item["tags"] == ["giao thông", "cầu"]
    assert item["section"] == "Đô thị"
    assert item["published_at"] == "2026-02-15T08:30:00+07:00"
    assert item["images"] == [{"url": "https://hnm.1cdn.vn/2026/02/15/c.jpg", "caption": ""}]


def test_a_page_without_a_body_in_its_metadata_stays_unknown() -> None:
    with pytest.raises(UnknownLayout):
        extract_item(
            redesigned_page(7, "2026-02-15", body=False).encode(),
            f"{BASE}/ha-noi-thong-xe-cau-7.html",
        )


def test_an_item_is_a_live_copy_unless_told_which_capture_it_was_read_from() -> None:
    url = f"{BASE}/ha-noi-thong-xe-cau-7.html"
    page = redesigned_page(7, "2026-02-15").encode()
    live = extract_item(page, url)
    assert (live["source"], live["capture_url"], live["captured_at"]) == ("live", None, None)
    captured = datetime(2026, 2, 16, 1, 2, 3, tzinfo=VIETNAM_TZ)
    capture_url = f"https://web.archive.org/web/20260215180203id_/{url}"
    archived = extract_item(page, url, provenance=Provenance("wayback", capture_url, captured))
    assert (archived["source"], archived["capture_url"]) == ("wayback", capture_url)
    assert archived["captured_at"] == "2026-02-16T01:02:03+07:00"
    assert {k: v for k, v in archived.items() if k not in (*PROVENANCE_FIELDS, "fetched_at")} == {
        k: v for k, v in live.items() if k not in (*PROVENANCE_FIELDS, "fetched_at")
    }


def test_a_warc_record_is_read_as_a_warc_copy_at_its_file_and_offset() -> None:
    url = f"{BASE}/ha-noi-thong-xe-cau-7.html"
    date = datetime(2026, 2, 16, 3, 0, tzinfo=UTC)
    headers = [("Content-Type", "text/html; charset=utf-8")]
    record = ResponseRecord(url, 200, date, headers, redesigned_page(7, "2026-02-15").encode())
    place = Place(Path("/srv/warcs/hnm-20260216-00001.warc.gz"), 73_514, 2_048)
    extracted = extract_record(record, record_provenance(record, place))
    assert extracted.outcome == "article"
    assert extracted.row is not None
    row = extracted.row
    assert (row["source"], row["capture_url"]) == ("warc", "file:hnm-20260216-00001.warc.gz#73514")
    assert row["captured_at"] == row["fetched_at"] == date
    assert row["captured_at"].isoformat() == "2026-02-16T10:00:00+07:00"
