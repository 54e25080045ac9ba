"""``hnmcrawler extract page.html --url URL``: the cleaned item of one saved page, as JSON.

The page goes through ``extract.extract_item``: the crawl's layouts, date resolution,
clean-up and validation. A page no layout knows or an item that fails validation is one line
and exit 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem

from hnmcrawler import settings
from hnmcrawler.exceptions import UnknownLayout, UsageError
from hnmcrawler.extract import extract_item
from hnmcrawler.urls import is_article_url


def read_page(path: Path, limit: int) -> bytes:
    """The saved page's bytes; ``UsageError`` past ``limit`` (the crawl's ``DOWNLOAD_MAXSIZE``:
    what a crawl would not download, extract does not read), for a folder or a missing file."""
    try:
        with path.open("rb") as handle:
            body = handle.read(limit + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if len(body) > limit:
        raise UsageError(f"{path} is larger than {limit:,} bytes (DOWNLOAD_MAXSIZE): not a page")
    return body


def print_item(args: argparse.Namespace) -> int:
    if not is_article_url(args.url):
        raise UsageError(f"not an article URL of hanoimoi.com.vn or hanoimoi.vn: {args.url}")
    body = read_page(args.file, int(settings.DOWNLOAD_MAXSIZE))
    try:
        item = extract_item(body, args.url)
    except (UnknownLayout, DropItem) as exc:
        raise UsageError(str(exc)) from None
    print(json.dumps(item, ensure_ascii=False, indent=2))
    return 0


def add_parser(commands: Any) -> None:
    extract = commands.add_parser("extract", help="print the cleaned item of one saved page")
    extract.add_argument("file", type=Path, help="the saved page (HTML bytes as served)")
    extract.add_argument("--url", required=True, help="the page's real URL on the site")
    extract.set_defaults(run=print_item)
