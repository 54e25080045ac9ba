"""Feeds: schema field order, ISO dates, UTF-8 text, JSON lists in CSV, crash-safe JSONL."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exporters import ArticleCsvExporter, ArticleJsonLinesExporter
from hnmcrawler.feedstorage import repair_jsonl
from hnmcrawler.items import ARTICLE_FIELDS, ArticleItem
from hnmcrawler.mirror.server import MirrorServer
from tests.conftest import read_jsonl, run_scrapy


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


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        pytest.param(b'{"a": 1}\n{"b": 2}\n', b'{"a": 1}\n{"b": 2}\n', id="whole lines stay"),
        pytest.param(b'{"a": 1}\n{"b": ', b'{"a": 1}\n', id="a torn last line is cut"),
        pytest.param(b'{"a": 1}\n{"b"\n', b'{"a": 1}\n', id="a last line that is not JSON is cut"),
        pytest.param(b'{"a": 1}', b"", id="a line without its newline is torn"),
        pytest.param(b"", b"", id="an empty file stays empty"),
    ],
)
def test_repair_jsonl(tmp_path: Path, content: bytes, kept: bytes) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)
    assert repair_jsonl(path) == len(content) - len(kept)
    assert path.read_bytes() == kept


@pytest.mark.e2e
def test_appending_to_a_feed_torn_by_a_killed_run_repairs_it_first(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"url": "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/1/x"}\n{"url": "http://han')
    result = run_scrapy(
        [
            "crawl",
            "archive",
            "-a",
            "sections=Xa-hoi",
            "-a",
            "max_pages=1",
            "-o",
            f"{out}:jsonl",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0.05",
        ],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": ""},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = read_jsonl(out)  # every line parses
    assert len(rows) == 1 + 11
    assert "Repaired" in result.stderr
