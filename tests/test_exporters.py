"""``exporters.py``: feed lines in the schema's field order, ISO dates, UTF-8 text, JSON lists in
CSV. (A torn JSON Lines feed is repaired by ``feedstorage.py``: ``test_feedstorage.py``.)"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exporters import ArticleCsvExporter, ArticleJsonLinesExporter
from hnmcrawler.items import ARTICLE_FIELDS, ArticleItem

CAPTURE_URL = "https://web.archive.org/web/20170102030405id_/http://hanoimoi.com.vn/a"


def item() -> ArticleItem:
    return ArticleItem(
        url="http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/a",
        site="hanoimoi.com.vn",
        article_id=1,
        layout="era_2017",
        section="Chính trị",
        subsection=None,
        title="Chủ động, sáng tạo",
        sapo="(HNM) - Ngày",
        body="Một.\n\nHai.",
        authors=["Tuấn Việt"],
        tags=[],
        images=[{"url": "http://x/a.jpg", "caption": "Ảnh"}],
        published_text="07:12 Chủ Nhật ngày 01/01/2017",
        published_at=datetime(2017, 1, 1, 7, 12, tzinfo=VIETNAM_TZ),
        updated_at=None,
        fetched_at=datetime(2026, 11, 28, 19, 0, tzinfo=VIETNAM_TZ),
        source="wayback",
        capture_url=CAPTURE_URL,
        captured_at=datetime(2017, 1, 2, 3, 4, 5, tzinfo=UTC),
    )


def test_jsonl_line_has_schema_order_iso_dates_and_plain_utf8() -> None:
    out = io.BytesIO()
    exporter = ArticleJsonLinesExporter(out, fields_to_export=list(ARTICLE_FIELDS))
    exporter.start_exporting()
    exporter.export_item(item())
    exporter.finish_exporting()
    line = out.getvalue().decode("utf-8")
    assert "Chủ động" in line  # not \\u escaped
    row = json.loads(line)
    assert list(row) == list(ARTICLE_FIELDS)
    assert row["published_at"] == "2017-01-01T07:12:00+07:00"
    assert row["updated_at"] is None
    assert [row[name] for name in ("source", "capture_url", "captured_at")] == [
        "wayback",
        CAPTURE_URL,
        "2017-01-02T03:04:05+00:00",
    ]


def test_csv_has_schema_order_and_json_lists() -> None:
    out = io.BytesIO()
    exporter = ArticleCsvExporter(out, fields_to_export=list(ARTICLE_FIELDS), encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(item())
    exporter.finish_exporting()
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert list(rows[0]) == list(ARTICLE_FIELDS)
    assert json.loads(rows[0]["images"]) == [{"url": "http://x/a.jpg", "caption": "Ảnh"}]
    assert json.loads(rows[0]["tags"]) == []
    assert rows[0]["published_at"] == "2017-01-01T07:12:00+07:00"
    assert rows[0]["subsection"] == ""
    assert (rows[0]["source"], rows[0]["captured_at"]) == ("wayback", "2017-01-02T03:04:05+00:00")
