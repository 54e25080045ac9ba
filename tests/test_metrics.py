"""``monitoring/metrics.py``: the run's metrics file, read back with prometheus_client's parser
as Prometheus and node_exporter would read it."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from hnmcrawler import files
from hnmcrawler.exceptions import OutputError
from hnmcrawler.exits import ExitCode, Outcome
from hnmcrawler.extensions.report import CrawlLedger, build_report
from hnmcrawler.monitoring.metrics import read_report, write_metrics

SITE, JOB = "hanoimoi.com.vn", "archive"
RUN = {"site": SITE, "job": JOB}
ENDED = datetime(2025, 3, 14, 6, 30, tzinfo=UTC)
HEALTHY = Outcome(ExitCode.OK, "healthy")
UNREACHABLE = Outcome(ExitCode.UNREACHABLE, "site unreachable or refused")
ODD_SECTION = 'Thời sự "nóng" \\ Hà Nội\nmới'
"""A section name with every character the format escapes in a label: ``"``, ``\\``, newline."""


def crawl_report() -> dict[str, Any]:
    """A report as ``build_report`` makes it: two sections, one article listed and not stored."""
    ledger = CrawlLedger()
    listed = datetime(2025, 3, 13, 9, tzinfo=UTC)
    for section, url in [
        ("thoi-su", "https://hanoimoi.com.vn/a-1.html"),
        ("thoi-su", "https://hanoimoi.com.vn/a-2.html"),
        (ODD_SECTION, "https://hanoimoi.com.vn/a-3.html"),
    ]:
        ledger.note_listed(section, url, listed)
    for url in ("https://hanoimoi.com.vn/a-1.html", "https://hanoimoi.com.vn/a-3.html"):
        ledger.note_item({"url": url, "layout": "era_2023", "title": "T", "published_at": listed})
    stats = {
        "start_time": ENDED - timedelta(seconds=95.5),
        "finish_time": ENDED,
        "finish_reason": "finished",
        "response_received_count": 41,
        "retry/count": 3,
        "retry/max_reached": 1,
        "hnm/store/new": 1,
        "hnm/store/updated": 1,
        "item_dropped_reasons_count/DropItem": 4,
        "hnm/layout/unknown": 2,
    }
    return build_report(stats, ledger)


def read_metrics(path: Path) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """Each metric of the file: its samples, by their labels (sorted pairs)."""
    found: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(path.read_text(encoding="utf-8")):
        assert family.type == "gauge", family.name
        for sample in family.samples:
            found.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def one(found: dict[str, dict[Any, float]], name: str, **labels: str) -> float:
    return found[name][tuple(sorted({**RUN, **labels}.items()))]


def test_a_healthy_run_has_its_articles_sections_pages_and_success(tmp_path: Path) -> None:
    path = tmp_path / "hnmcrawler.prom"
    write_metrics(path, crawl_report(), HEALTHY, site=SITE, job=JOB, now=ENDED)
    found = read_metrics(path)
    assert {
        status: one(found, "hnmcrawler_run_articles", status=status)
        for status in ("new", "updated", "unchanged", "dead_lettered", "lost", "dropped")
    } == {"new": 1, "updated": 1, "unchanged": 0, "dead_lettered": 0, "lost": 0, "dropped": 4}
    assert one(found, "hnmcrawler_run_articles_emitted") == 2
    sections = found["hnmcrawler_run_section_articles"]
    assert sections[tuple(sorted({**RUN, "section": "thoi-su", "status": "stored"}.items()))] == 1
    assert sections[tuple(sorted({**RUN, "section": "thoi-su", "status": "missing"}.items()))] == 1
    assert len(sections) == 4  # stored and missing for each of the two sections
    assert one(found, "hnmcrawler_run_pages_fetched") == 41
    assert one(found, "hnmcrawler_run_retries") == 3
    assert one(found, "hnmcrawler_run_retries_gave_up") == 1
    assert one(found, "hnmcrawler_run_unknown_layout_pages") == 2
    assert one(found, "hnmcrawler_run_success") == 1
    assert one(found, "hnmcrawler_run_exit_code") == 0
    assert one(found, "hnmcrawler_run_duration_seconds") == 95.5
    assert one(found, "hnmcrawler_last_run_timestamp_seconds") == ENDED.timestamp()
    assert one(found, "hnmcrawler_last_success_timestamp_seconds") == ENDED.timestamp()


def test_a_failed_run_keeps_the_time_of_the_last_success(tmp_path: Path) -> None:
    path = tmp_path / "hnmcrawler.prom"
    write_metrics(path, crawl_report(), HEALTHY, site=SITE, job=JOB, now=ENDED)
    failed_at = ENDED + timedelta(days=1)
    for attempt in range(2):  # a second failure still carries the success over
        later = failed_at + timedelta(hours=attempt)
        write_metrics(path, crawl_report(), UNREACHABLE, site=SITE, job=JOB, now=later)
    found = read_metrics(path)
    assert one(found, "hnmcrawler_run_success") == 0
    assert one(found, "hnmcrawler_run_exit_code") == 3
    assert one(found, "hnmcrawler_last_run_timestamp_seconds") == later.timestamp()
    assert one(found, "hnmcrawler_last_success_timestamp_seconds") == ENDED.timestamp()


def test_a_failed_run_with_no_success_before_has_no_last_success(tmp_path: Path) -> None:
    path = tmp_path / "hnmcrawler.prom"
    write_metrics(path, crawl_report(), HEALTHY, site=SITE, job="feeds", now=ENDED)
    write_metrics(path, {}, UNREACHABLE, site=SITE, job=JOB, now=ENDED)  # another job's file
    found = read_metrics(path)
    assert "hnmcrawler_last_success_timestamp_seconds" not in found
    assert set(found) == {  # no report: the run's outcome only
        "hnmcrawler_run_success",
        "hnmcrawler_run_exit_code",
        "hnmcrawler_last_run_timestamp_seconds",
    }


def test_vietnamese_section_names_are_escaped_and_read_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "hnmcrawler.prom"
    write_metrics(path, crawl_report(), HEALTHY, site=SITE, job=JOB, now=ENDED)
    text = path.read_text(encoding="utf-8")
    assert 'section="Thời sự \\"nóng\\" \\\\ Hà Nội\\nmới"' in text
    found = read_metrics(path)
    assert one(found, "hnmcrawler_run_section_articles", section=ODD_SECTION, status="stored") == 1
    assert one(found, "hnmcrawler_run_section_articles", section=ODD_SECTION, status="missing") == 0


def test_the_file_is_replaced_whole_and_nothing_is_left_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hnmcrawler.prom"
    write_metrics(path, crawl_report(), HEALTHY, site=SITE, job=JOB, now=ENDED)
    before = path.read_bytes()
    assert os.listdir(tmp_path) == ["hnmcrawler.prom"]

    def fail(src: Path, dst: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        write_metrics(path, {}, UNREACHABLE, site=SITE, job=JOB, now=ENDED)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["hnmcrawler.prom"]


def test_a_metrics_file_that_cannot_be_written_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "textfile").write_text("a file where the folder should be", encoding="utf-8")
    path = tmp_path / "textfile" / "hnmcrawler.prom"
    with pytest.raises(OutputError, match=r"cannot write metrics .*hnmcrawler\.prom"):
        write_metrics(path, crawl_report(), HEALTHY, site=SITE, job=JOB, now=ENDED)


def test_now_must_be_aware(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="aware"):
        write_metrics(
            tmp_path / "m.prom", {}, HEALTHY, site=SITE, job=JOB, now=datetime(2025, 1, 1)
        )


def test_read_report_gives_nothing_for_a_missing_broken_or_earlier_report(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    assert read_report(path) == {}
    path.write_text("{not json", encoding="utf-8")
    assert read_report(path) == {}
    path.write_text('{"pages": 3}', encoding="utf-8")
    assert read_report(path) == {"pages": 3}
    written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    assert read_report(path, since=written - timedelta(seconds=5)) == {"pages": 3}
    assert read_report(path, since=written + timedelta(seconds=5)) == {}
