"""The ``hnmcrawler`` command: demo, serve, extract (crawl, export, report come later).

Errors a user can cause print one line and exit 2; no tracebacks for user mistakes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hnmcrawler.run import BUNDLED_MIRROR


def _demo(args: argparse.Namespace) -> int:
    from hnmcrawler.demo import run_demo

    return run_demo(args.out, args.mirror)


def _serve(args: argparse.Namespace) -> int:
    from hnmcrawler.mirror.server import serve

    if not args.dir.is_dir():
        return _fail(f"not a folder: {args.dir}")
    serve(args.dir, port=args.port, host=args.host)
    return 0


def _extract(args: argparse.Namespace) -> int:
    from scrapy.exceptions import DropItem

    from hnmcrawler.exceptions import UnknownLayout
    from hnmcrawler.extract import extract_item

    try:
        body = args.file.read_bytes()
        item = extract_item(body, args.url)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}")
    except (UnknownLayout, DropItem) as exc:
        return _fail(str(exc))
    print(json.dumps(item, ensure_ascii=False, indent=2))
    return 0


def _fail(message: str) -> int:
    print(f"hnmcrawler: {message}", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hnmcrawler", description="Crawl the Hà Nội Mới archive.")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="crawl the bundled mirror into out/ and summarise")
    demo.add_argument("--out", type=Path, default=Path("out"), help="output folder (out)")
    demo.add_argument("--mirror", type=Path, default=BUNDLED_MIRROR, help="mirror folder")
    demo.set_defaults(run=_demo)

    serve = commands.add_parser("serve", help="serve a mirror folder on 127.0.0.1")
    serve.add_argument("dir", type=Path, nargs="?", default=BUNDLED_MIRROR)
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(run=_serve)

    extract = commands.add_parser("extract", help="print the cleaned item of one saved page")
    extract.add_argument("file", type=Path, help="the saved page (HTML bytes as served)")
    extract.add_argument("--url", required=True, help="the page's real URL on the site")
    extract.set_defaults(run=_extract)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    sys.exit(args.run(args))
