"""The row limits of the article store (``storage/limits.py``): the table, what breaks it, the
validation pipeline's drops and cuts, and the contract that SQLite, PostgreSQL and MariaDB take
exactly the same rows."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from sqlalchemy import String, Text

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.items import ARTICLE_FIELDS
from hnmcrawler.pipelines import ValidateArticlePipeline
from hnmcrawler.storage import LIMITS, RowRejected, SQLArticleStore
from hnmcrawler.storage.limits import ARTICLE_ID_MAX, violations
from hnmcrawler.storage.schema import articles
from tests.helpers import SEEN, article
from tests.test_pipelines import build, raw_item, stat
from tests.test_storage import fields

EMOJI = "😀"  # 4 bytes of UTF-8: MariaDB's utf8mb4, never utf8mb3
MAX_TEXT = EMOJI * 262_144  # 1,048,576 bytes: the longest sapo or body, on every backend
OVER_MARIADB_TEXT = "ệ" * 21_846  # 65,538 bytes: past MariaDB's TEXT, within its MEDIUMTEXT


def row(article_id: int, **changes: Any) -> dict[str, Any]:
    """``test_storage.article`` with any id (its ``published_at`` is counted from the id)."""
    return {**article(1), "article_id": article_id, **changes}


def json_of(size: int) -> list[str]:
    """A list whose JSON text (as the store writes it) is ``size`` bytes."""
    value = ["ệ" * ((size - 4) // 3) + "x" * ((size - 4) % 3)]
    assert len(json.dumps(value, ensure_ascii=False).encode("utf-8")) == size
    return value


# --- The table ---------------------------------------------------------------------------------

LIMITS_TABLE = {
    # field: (kind, characters, bytes of UTF-8)
    "url": ("text", 2048, None),
    "site": ("text", 64, None),
    "article_id": ("id", None, None),
    "layout": ("text", 32, None),
    "section": ("text", 128, None),
    "subsection": ("text", 128, None),
    "title": ("text", 1024, None),
    "sapo": ("text", None, 1_048_576),
    "body": ("text", None, 1_048_576),
    "authors": ("list", None, 65_535),
    "tags": ("list", None, 65_535),
    "images": ("list", None, 65_535),
    "published_text": ("text", 256, None),
    "published_at": ("datetime", None, None),
    "updated_at": ("datetime", None, None),
    "fetched_at": ("datetime", None, None),
    "source": ("text", 16, None),
    "capture_url": ("text", 3072, None),
    "captured_at": ("datetime", None, None),
}


def test_the_limits_table_covers_every_field_with_the_strictest_backend() -> None:
    table = {name: (limit.kind, limit.max_chars, limit.max_bytes) for name, limit in LIMITS.items()}
    assert table == LIMITS_TABLE
    assert list(LIMITS) == list(ARTICLE_FIELDS)
    assert [name for name, limit in LIMITS.items() if limit.required] == ["site", "article_id"]
    assert [name for name, limit in LIMITS.items() if limit.cut] == ["published_text"]
    assert {name: limit.choices for name, limit in LIMITS.items() if limit.choices} == {
        "source": ("live", "wayback", "commoncrawl", "warc")
    }


def test_the_limits_follow_the_schema_columns() -> None:
    for name in ARTICLE_FIELDS:
        kind = articles.c[name].type
        if isinstance(kind, String) and not isinstance(kind, Text):
            assert LIMITS[name].max_chars == kind.length, name


def test_the_longest_key_fits_duplicate_of() -> None:
    longest = f"{'x' * (LIMITS['site'].max_chars or 0)}:{ARTICLE_ID_MAX}"
    assert len(longest) <= (articles.c.duplicate_of.type.length or 0)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        pytest.param({"title": "ệ" * 1024}, None, id="a title of 1,024 characters fits"),
        pytest.param({"title": "a" * 1025}, "too_long_title", id="a title of 1,025 does not"),
        pytest.param({"section": "ệ" * 129}, "too_long_section", id="nor a section of 129"),
        pytest.param({"article_id": ARTICLE_ID_MAX}, None, id="id 2^63-1 fits"),
        pytest.param({"article_id": 2**63}, "out_of_range_article_id", id="id 2^63 does not"),
        pytest.param({"article_id": 0}, "out_of_range_article_id", id="nor id 0"),
        pytest.param({"article_id": "12"}, None, id="an id as decimal text fits"),
        pytest.param({"article_id": True}, "bad_type_article_id", id="a bool is no id"),
        pytest.param({"body": MAX_TEXT}, None, id="a body of 1,048,576 bytes fits"),
        pytest.param({"body": MAX_TEXT + "a"}, "too_long_body", id="bytes count, not characters"),
        pytest.param({"title": "a\x00b"}, "bad_text_title", id="a NUL refused by PostgreSQL"),
        pytest.param({"sapo": "a\ud800"}, "bad_text_sapo", id="a lone surrogate has no UTF-8"),
        pytest.param({"section": 5}, "bad_type_section", id="a number is no section"),
        pytest.param({"site": ""}, "missing_site", id="a row without a site has no key"),
        pytest.param({"subsection": None, "authors": []}, None, id="optional fields may be empty"),
        pytest.param({"tags": json_of(65_535)}, None, id="tags of 65,535 bytes of JSON fit"),
        pytest.param({"tags": json_of(65_536)}, "too_long_tags", id="tags of 65,536 do not"),
        pytest.param({"tags": [float("nan")]}, "bad_value_tags", id="NaN is no JSON"),
        pytest.param({"tags": "giao thông"}, "bad_type_tags", id="a string is no list"),
        pytest.param({"published_text": "x" * 257}, "too_long_published_text", id="257 chars"),
        pytest.param({"source": "commoncrawl"}, None, id="a source of the four fits"),
        pytest.param({"source": "archive"}, "unknown_source", id="no other source does"),
        pytest.param({"source": None}, None, id="no source is a live copy"),
        pytest.param({"capture_url": "x" * 3073}, "too_long_capture_url", id="3,073 chars"),
        pytest.param(
            {"captured_at": datetime(2017, 5, 1)}, "naive_captured_at", id="a naive capture time"
        ),
        pytest.param(
            {"published_at": datetime(2024, 1, 1)}, "naive_published_at", id="a naive datetime"
        ),
        pytest.param(
            {"published_at": datetime(9999, 12, 31, 20, tzinfo=UTC)},
            "out_of_range_published_at",
            id="a date Vietnam time cannot hold",
        ),
        pytest.param(
            {"updated_at": datetime(1, 1, 1, tzinfo=VIETNAM_TZ)},
            "out_of_range_updated_at",
            id="a date UTC cannot hold",
        ),
    ],
)
def test_what_breaks_a_limit(changes: dict[str, Any], code: str | None) -> None:
    assert [v.code for v in violations({**row(1), **changes})] == ([code] if code else [])


# --- The validation pipeline -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": "Tin " * 300}, "too_long_title"),
        ({"article_id": 2**63}, "out_of_range_article_id"),
        ({"section": "Chính trị " * 20}, "too_long_section"),
        ({"body": "Đoạn một.\x00"}, "bad_text_body"),
        ({"site": ""}, "missing_site"),
        ({"source": "Wayback"}, "unknown_source"),
    ],
)
def test_validation_drops_an_item_the_store_would_refuse(
    changes: dict[str, Any], reason: str
) -> None:
    pipeline = build(ValidateArticlePipeline)
    item = raw_item(**changes)
    with pytest.raises(DropItem, match=rf"^{reason} \(.*\): {re.escape(item['url'])}$"):
        pipeline.process_item(item)
    assert stat(pipeline, f"hnm/dropped/{reason}") == 1


def test_validation_cuts_published_text_to_fit_and_counts_it() -> None:
    pipeline = build(ValidateArticlePipeline)
    printed = "07:12 Chủ Nhật ngày 01/01/2017 " * 10  # 310 characters
    item = pipeline.process_item(raw_item(published_text=printed))
    assert item["published_text"] == printed[:256].rstrip()
    assert stat(pipeline, "hnm/cut/published_text") == 1
    assert violations(item) == []


def test_validation_passes_an_item_at_every_limit_unchanged() -> None:
    item = raw_item(title=EMOJI * 1024, body=MAX_TEXT, article_id=ARTICLE_ID_MAX)
    expected = dict(item)
    assert build(ValidateArticlePipeline).process_item(item) is item
    assert dict(item) == expected


# --- The contract: every backend takes exactly the same rows -----------------------------------

AT_EVERY_LIMIT = row(
    1,
    url="https://hanoimoi.vn/" + "ệ" * 2028,
    site="ệ" * 64,
    layout="ệ" * 32,
    section="ệ" * 128,
    subsection="ệ" * 128,
    title=EMOJI * 1024,
    sapo=MAX_TEXT,
    body=MAX_TEXT,
    authors=json_of(65_535),
    tags=json_of(65_535),
    images=[{"url": "https://hanoimoi.vn/a.jpg", "caption": EMOJI * 16_370 + "ab"}],  # 65,535
    published_text="ệ" * 256,
    published_at=datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC),
    updated_at=datetime(1000, 1, 2, tzinfo=UTC),
    source="commoncrawl",
    capture_url="https://index.commoncrawl.org/" + "ệ" * 3042,
    captured_at=datetime(1000, 1, 2, tzinfo=UTC),
)

EDGE_ROWS: dict[str, tuple[dict[str, Any], str]] = {
    "every field at its limit, 4-byte characters in title, sapo and body": (AT_EVERY_LIMIT, "new"),
    "an emoji title and body": (row(2, title=f"Hà Nội {EMOJI}", body=f"Đoạn {EMOJI}."), "new"),
    "id 2^63-1": (row(ARTICLE_ID_MAX), "new"),
    "id 2^63": (row(2**63), "out_of_range_article_id"),
    "a title of 1,025 characters": (row(3, title="a" * 1025), "too_long_title"),
    "a body of 1,048,577 bytes": (row(4, body=MAX_TEXT + "d"), "too_long_body"),
    "a long-form body past MariaDB's TEXT": (row(10, body=OVER_MARIADB_TEXT), "new"),
    "a section of 129 characters": (row(5, section="x" * 129), "too_long_section"),
    "a NUL in the body": (row(6, body="Một.\x00"), "bad_text_body"),
    "a date Vietnam time cannot hold": (
        row(7, published_at=datetime(9999, 12, 31, 20, tzinfo=UTC)),
        "out_of_range_published_at",
    ),
    "a capture URL of 3,073 characters": (row(8, capture_url="ệ" * 3073), "too_long_capture_url"),
    "a source no crawler has": (row(9, source="ftp"), "unknown_source"),
}


def test_every_backend_takes_exactly_the_same_edge_rows(store: SQLArticleStore) -> None:
    outcomes = {}
    for name, (edge, _) in EDGE_ROWS.items():
        try:
            [outcome] = store.write_batch([edge], seen_at=SEEN)
            outcomes[name] = str(outcome)
        except RowRejected as refused:
            outcomes[name] = refused.violations[0].code
    assert outcomes == {name: expected for name, (_, expected) in EDGE_ROWS.items()}
    stored = {(r["site"], r["article_id"]): fields(r) for r in store.iter_articles()}
    taken = [edge for edge, expected in EDGE_ROWS.values() if expected == "new"]
    assert stored == {(edge["site"], edge["article_id"]): edge for edge in taken}


def test_stored_ids_answers_for_ids_no_store_can_hold(store: SQLArticleStore) -> None:
    store.write_batch([row(ARTICLE_ID_MAX)], seen_at=SEEN)
    site = row(1)["site"]
    assert store.stored_ids(site, [ARTICLE_ID_MAX, 2**63, 2**70, 0]) == {ARTICLE_ID_MAX}
