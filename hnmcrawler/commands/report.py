"""``hnmcrawler report out/report.json``: the crawl report as a table a person reads; with
``--html FILE``, as a page a person looks at (``coverage.py``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from hnmcrawler.exceptions import OutputError, UsageError
from hnmcrawler.files import replace_text
from hnmcrawler.monitoring.coverage import coverage_page


def _rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    articles = report.get("articles", {})
    rows = [
        ("finish", f"{report.get('finish_reason')} in {report.get('duration_seconds') or 0:.0f}s"),
        ("pages", str(report.get("pages", 0))),
        ("articles", ", ".join(f"{k} {v}" for k, v in articles.items())),
        ("dropped", ", ".join(f"{k} {v}" for k, v in report.get("drops", {}).items()) or "none"),
        ("unknown layouts", str(report.get("unknown_layouts", 0))),
        ("dates", ", ".join(f"{k} {v}" for k, v in report.get("dates", {}).items())),
        ("http", ", ".join(f"{k}: {v}" for k, v in report.get("http", {}).items())),
    ]
    for layout, fields in report.get("coverage", {}).items():
        rows.append((f"coverage {layout}", ", ".join(f"{k} {v:.0%}" for k, v in fields.items())))
    for section, done in report.get("completeness", {}).items():
        rows.append(
            (
                f"listed {section}",
                f"{done['stored']}/{done['listed']} stored, {len(done['missing'])} missing",
            )
        )
    health = report.get("health", {})
    rows.append(
        ("health", "ok" if health.get("ok") else "FAILED: " + "; ".join(health.get("failures", [])))
    )
    return rows


def format_report(report: dict[str, Any]) -> str:
    rows = _rows(report)
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def show_report(args: argparse.Namespace) -> int:
    """Print the report at ``args.path``, or write its page to ``args.html`` and say where;
    0 when its health checks passed, 1 otherwise."""
    path: Path = args.path
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(f"not a crawl report: {path}: {exc}") from None
    if not isinstance(report, dict) or "articles" not in report:
        raise UsageError(f"not a crawl report: {path}")
    if args.html is None:
        print(format_report(report))
    else:
        write_page(args.html, coverage_page(report))
        print(f"coverage page written to {args.html}")
    return 0 if report.get("health", {}).get("ok", False) else 1


def write_page(path: Path, page: str) -> None:
    """Write the page aside and move it in place; ``OutputError`` when it cannot be written."""
    try:
        replace_text(path, page)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def add_parser(commands: Any) -> None:
    report = commands.add_parser("report", help="print a crawl report as a table")
    report.add_argument("path", type=Path, nargs="?", default=Path("out/report.json"))
    report.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="write the report as one self-contained HTML page (coverage chart, health) to FILE",
    )
    report.set_defaults(run=show_report)
