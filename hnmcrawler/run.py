"""Run a spider in this process with the project settings, and return its stats.

Used by the ``hnmcrawler`` commands; ``scrapy crawl`` remains the plain way in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_MIRROR = REPO_ROOT / "fixtures" / "site"


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """``hnmcrawler.settings`` with ``overrides`` on top (as ``-s`` would put them)."""
    settings = Settings()
    settings.setmodule("hnmcrawler.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    return settings


def run_spider(spider: str, settings: Settings, **spider_args: Any) -> dict[str, Any]:
    """Crawl to the end (blocks; one crawl per process, as Twisted allows) and return stats."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **spider_args)
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}
