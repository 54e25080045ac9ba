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

from hnmcrawler.exceptions import UnknownLayout, UsageError
from hnmcrawler.extract import extract_item


def print_item(args: argparse.Namespace) -> int:
    try:
        body = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
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
