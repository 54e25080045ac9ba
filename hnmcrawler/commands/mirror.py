"""The mirror commands: ``demo``, ``serve`` and ``mirror generate``.

``hnmcrawler demo`` crawls the bundled mirror end to end and summarises what came out: it
serves ``fixtures/site`` on 127.0.0.1 (a free port), runs the ``archive`` spider on the
mirror's sections with the project settings, writes ``out/articles.jsonl`` and
``out/articles.sqlite``, and prints articles per section, the date range and the drops.
``serve`` serves a mirror folder (optionally with injected faults); ``mirror generate``
writes a large mirror for benchmarks. The mirror package is imported only here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from hnmcrawler import __version__
from hnmcrawler.commands.crawl import project_settings, run_spider
from hnmcrawler.exceptions import OutputError, UsageError

BUNDLED_MIRROR = Path(__file__).resolve().parents[2] / "fixtures" / "site"


def bundled_mirror() -> Path:
    """The bundled mirror: ``fixtures/site`` in a checkout; for an installed hnmcrawler, which
    ships no ``fixtures/``, the same pages generated once into the user's cache folder."""
    if BUNDLED_MIRROR.is_dir():
        return BUNDLED_MIRROR
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "hnmcrawler" / f"mirror-{__version__}"
    done = folder / ".complete"
    if not done.exists():
        from hnmcrawler.mirror.generate import write_bundled_site

        print(f"writing the bundled mirror into {folder} (once)", file=sys.stderr)
        try:
            write_bundled_site(folder)
            done.touch()
        except OSError as exc:
            raise OutputError(f"cannot write the mirror into {folder}: {exc.strerror}") from None
    return folder


def demo_settings(mirror_url: str, out: Path) -> dict[str, Any]:
    return {
        "HNM_MIRROR": mirror_url,
        "HNM_STORAGE_URI": f"sqlite:///{out / 'articles.sqlite'}",
        "HNM_DEAD_LETTER_PATH": str(out / "dead-letter.jsonl"),
        "HNM_QUARANTINE_PATH": str(out / "quarantine.jsonl"),
        "HNM_REPORT_PATH": str(out / "report.json"),
        "FEEDS": {str(out / "articles.jsonl"): {"format": "jsonlines", "overwrite": True}},
        # The mirror is on this machine: AutoThrottle stays on but starts fast.
        "AUTOTHROTTLE_START_DELAY": 0.05,
        "LOG_LEVEL": "WARNING",
    }


def summary(jsonl: Path, stats: dict[str, Any]) -> str:
    """Articles per section, date range and drops by reason, as printed lines."""
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line]
    per_section = Counter(row.get("section") or "?" for row in rows)
    dated = sorted(row["published_at"] for row in rows if row.get("published_at"))
    drops = {
        k.split("/", 1)[1]: v
        for k, v in stats.items()
        if k.startswith("item_dropped_reasons_count/")
    }
    hnm = {k: v for k, v in stats.items() if k.startswith("hnm/")}
    lines = [f"{len(rows)} articles in {jsonl}"]
    lines += [f"  {section:<20} {n:>5}" for section, n in sorted(per_section.items())]
    lines.append(f"published: {dated[0]} .. {dated[-1]}" if dated else "published: no dates")
    lines.append("dropped: " + (", ".join(f"{k} {v}" for k, v in drops.items()) or "none"))
    lines.append(
        "crawl: " + ", ".join(f"{k.removeprefix('hnm/')} {v}" for k, v in sorted(hnm.items()))
    )
    lines.append(f"finish reason: {stats.get('finish_reason')}")
    return "\n".join(lines)


def run_demo(out: Path, mirror: Path | None = None) -> int:
    """Crawl the mirror into ``out``; print the summary; 0 when articles came out."""
    from hnmcrawler.mirror.generate import mirror_listings
    from hnmcrawler.mirror.server import MirrorServer

    mirror = mirror or bundled_mirror()
    out.mkdir(parents=True, exist_ok=True)
    with MirrorServer(mirror) as server:
        server.start_in_thread()
        stats = run_spider(
            "archive",
            project_settings(demo_settings(server.url, out)),
            site="hanoimoi.com.vn",
            sections=",".join(mirror_listings()),
        )
        server.shutdown()
    print(summary(out / "articles.jsonl", stats))
    ok = stats.get("finish_reason") == "finished" and stats.get("item_scraped_count", 0) > 0
    return 0 if ok else 1


def _demo(args: argparse.Namespace) -> int:
    return run_demo(args.out, args.mirror)


def _serve(args: argparse.Namespace) -> int:
    from hnmcrawler.mirror.faults import FaultPlan
    from hnmcrawler.mirror.server import serve

    folder = args.dir or bundled_mirror()
    if not folder.is_dir():
        raise UsageError(f"not a folder: {folder}")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"not a port: {args.port}")
    try:
        faults = FaultPlan.parse(args.faults) if args.faults else None
    except ValueError as exc:  # a spec the fault plan cannot read
        raise UsageError(str(exc)) from None
    try:
        serve(folder, port=args.port, host=args.host, faults=faults)
    except OSError as exc:  # the port is taken, the address is not this machine's
        raise UsageError(
            f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}"
        ) from None
    return 0


def _generate(args: argparse.Namespace) -> int:
    from hnmcrawler.mirror.generate import generate_large

    if args.dir.exists() and not args.dir.is_dir():
        raise UsageError(f"not a folder: {args.dir}")
    try:
        count = generate_large(args.dir, args.articles, args.seed)
    except ValueError as exc:  # an article count the generator cannot make
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {args.dir}: {exc.strerror}") from None
    print(f"wrote {count} articles under {args.dir} (expected items: {args.dir}/expected.jsonl)")
    return 0


def add_parser(commands: Any) -> None:
    demo = commands.add_parser("demo", help="crawl the bundled mirror into out/ and summarise")
    demo.add_argument("--out", type=Path, default=Path("out"), help="output folder (out)")
    demo.add_argument("--mirror", type=Path, help="mirror folder (default: the bundled one)")
    demo.set_defaults(run=_demo)

    serve = commands.add_parser("serve", help="serve a mirror folder on 127.0.0.1")
    serve.add_argument("dir", type=Path, nargs="?", help="mirror folder (default: the bundled one)")
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
