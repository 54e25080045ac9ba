"""The ``hnmcrawler`` command: crawl, report, demo, serve, mirror generate, extract, export,
store replay.

Errors a user can cause print one line and exit 2; no tracebacks for user mistakes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hnmcrawler import crawl_command
from hnmcrawler.run import BUNDLED_MIRROR

DEFAULT_DB = "sqlite:///out/articles.sqlite"


def _demo(args: argparse.Namespace) -> int:
    from hnmcrawler.demo import run_demo

    return run_demo(args.out, args.mirror)


def _serve(args: argparse.Namespace) -> int:
    from hnmcrawler.mirror.server import serve

    if not args.dir.is_dir():
        return fail(f"not a folder: {args.dir}")
    from hnmcrawler.mirror.faults import FaultPlan

    try:
        faults = FaultPlan.parse(args.faults) if args.faults else None
    except ValueError as exc:
        return fail(str(exc))
    serve(args.dir, port=args.port, host=args.host, faults=faults)
    return 0


def _generate(args: argparse.Namespace) -> int:
    from hnmcrawler.mirror.generate import generate_large

    if args.dir.exists() and not args.dir.is_dir():
        return fail(f"not a folder: {args.dir}")
    try:
        count = generate_large(args.dir, args.articles, args.seed)
    except ValueError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot write {args.dir}: {exc.strerror}")
    print(f"wrote {count} articles under {args.dir} (expected items: {args.dir}/expected.jsonl)")
    return 0


def _extract(args: argparse.Namespace) -> int:
    from scrapy.exceptions import DropItem

    from hnmcrawler.exceptions import UnknownLayout
    from hnmcrawler.extract import extract_item

    try:
        body = args.file.read_bytes()
        item = extract_item(body, args.url)
    except OSError as exc:
        return fail(f"cannot read {args.file}: {exc.strerror}")
    except (UnknownLayout, DropItem) as exc:
        return fail(str(exc))
    print(json.dumps(item, ensure_ascii=False, indent=2))
    return 0


def _store_errors() -> tuple[type[Exception], ...]:
    from scrapy.exceptions import NotConfigured

    from hnmcrawler.exceptions import StoreUnavailable

    return (StoreUnavailable, NotConfigured, ValueError)


def _replay(args: argparse.Namespace) -> int:
    from hnmcrawler.store_commands import replay_dead_letters

    try:
        return replay_dead_letters(args.db, args.file)
    except _store_errors() as exc:
        return fail(str(exc))


def _export(args: argparse.Namespace) -> int:
    from hnmcrawler.store_commands import export

    try:
        return export(args.db, args.format, args.out, args.since, args.until, args.section)
    except _store_errors() as exc:
        return fail(str(exc))


def _report(args: argparse.Namespace) -> int:
    from hnmcrawler.report_command import show_report

    try:
        return show_report(args.path)
    except OSError as exc:
        return fail(f"cannot read {args.path}: {exc.strerror}")
    except ValueError as exc:
        return fail(f"not a crawl report: {args.path}: {exc}")


def fail(message: str) -> int:
    print(f"hnmcrawler: {message}", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hnmcrawler", description="Crawl the Hà Nội Mới archive.")
    commands = parser.add_subparsers(dest="command", required=True)

    crawl_command.add_parser(commands)

    report = commands.add_parser("report", help="print a crawl report as a table")
    report.add_argument("path", type=Path, nargs="?", default=Path("out/report.json"))
    report.set_defaults(run=_report)

    demo = commands.add_parser("demo", help="crawl the bundled mirror into out/ and summarise")
    demo.add_argument("--out", type=Path, default=Path("out"), help="output folder (out)")
    demo.add_argument("--mirror", type=Path, default=BUNDLED_MIRROR, help="mirror folder")
    demo.set_defaults(run=_demo)

    serve = commands.add_parser("serve", help="serve a mirror folder on 127.0.0.1")
    serve.add_argument("dir", type=Path, nargs="?", default=BUNDLED_MIRROR)
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--faults",
        metavar="SPEC",
        help="inject faults, e.g. rate=0.2,seed=7[,kinds=503+reset][,slow=3]",
    )
    serve.set_defaults(run=_serve)

    mirror = commands.add_parser("mirror", help="make mirrors of the site")
    mirror_commands = mirror.add_subparsers(dest="mirror_command", required=True)
    generate = mirror_commands.add_parser(
        "generate", help="write a large mirror of all three eras (for benchmarks)"
    )
    generate.add_argument("dir", type=Path, help="the mirror folder to write (hosts replaced)")
    generate.add_argument("--articles", type=int, default=20000, help="articles in all (20000)")
    generate.add_argument("--seed", type=int, default=7, help="the same seed, the same pages")
    generate.set_defaults(run=_generate)

    extract = commands.add_parser("extract", help="print the cleaned item of one saved page")
    extract.add_argument("file", type=Path, help="the saved page (HTML bytes as served)")
    extract.add_argument("--url", required=True, help="the page's real URL on the site")
    extract.set_defaults(run=_extract)

    export = commands.add_parser("export", help="write the store's articles as JSONL or CSV")
    export.add_argument("--db", default=DEFAULT_DB, help=f"store URI ({DEFAULT_DB})")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--out", type=Path, help="output file (default: standard output)")
    export.add_argument("--since", help="first day, YYYY-MM-DD (Vietnam time)")
    export.add_argument("--until", help="last day, YYYY-MM-DD, inclusive")
    export.add_argument("--section", help="section display name, e.g. 'Kinh tế'")
    export.set_defaults(run=_export)

    store = commands.add_parser("store", help="maintain the article store")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    replay = store_commands.add_parser("replay", help="load a dead-letter file into the store")
    replay.add_argument("--db", default=DEFAULT_DB, help=f"store URI ({DEFAULT_DB})")
    replay.add_argument("--file", type=Path, default=Path("out/dead-letter.jsonl"))
    replay.set_defaults(run=_replay)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        code = args.run(args)
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        code = 0
    sys.exit(code)
