"""``extensions/progress.py``: the line a running crawl shows."""

from __future__ import annotations

from hnmcrawler.extensions.progress import progress_line


def test_progress_line() -> None:
    stats = {"response_received_count": 120, "item_scraped_count": 95, "item_dropped_count": 2}
    assert progress_line(stats, 15.0) == (
        "pages 120 · articles 95 (380/min) · dropped 2 · errors 0 · 15s"
    )
