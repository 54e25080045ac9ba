"""The ``hnmcrawler`` command: its parser, and the one place where errors become exit codes.

Each subcommand is a module here with ``add_parser(commands)``: ``crawl``, ``report``,
``store`` (``export``, ``store replay``, ``store link-duplicates``), ``extract``,
``reextract`` and ``mirror`` (``demo``, ``serve``, ``mirror generate``). A subcommand returns
its exit code, or raises; ``run`` turns what it raises into one line on stderr and an exit code
of the table in ``exits.py`` (0 healthy, 1 unhealthy, 2 usage, 3 site unreachable, 4 output not
written, 70 internal), after calling the subcommand's ``on_failure`` if it set one (``crawl``:
its metrics and alert).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path
from typing import NoReturn

from scrapy.exceptions import NotConfigured

from hnmcrawler import __version__
from hnmcrawler.commands import crawl, extract, mirror, reextract, report, store
from hnmcrawler.exceptions import OutputError, StoreUnavailable, UsageError
from hnmcrawler.exits import ExitCode, Outcome, fail

__all__ = ["ExitCode", "build_parser", "fail", "main", "run"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hnmcrawler", description="Crawl the Hà Nội Mới archive.")
    parser.add_argument("--version", action="version", version=f"hnmcrawler {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (crawl, report, mirror, extract, reextract, store):
        module.add_parser(commands)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the parsed subcommand; every error it raises ends here as one line and a code."""
    try:
        return int(args.run(args))
    except (UsageError, StoreUnavailable, NotConfigured) as exc:
        return _failed(args, str(exc), ExitCode.USAGE)
    except OutputError as exc:
        return _failed(args, str(exc), ExitCode.OUTPUT)
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        return ExitCode.OK
    except Exception as exc:
        saved = _save_traceback()
        why = f"internal error: {type(exc).__name__}: {exc} (traceback: {saved})"
        return _failed(args, why, ExitCode.INTERNAL)


def _failed(args: argparse.Namespace, why: str, code: ExitCode) -> int:
    """The one line and the code; first the subcommand's ``on_failure`` (``crawl``'s tells
    its watchers: metrics and alert) when it has one. It must not raise."""
    on_failure = getattr(args, "on_failure", None)
    if on_failure is not None:
        try:
            on_failure(args, Outcome(code, why))
        except Exception:  # telling the watchers failed: the run's own error still counts
            _save_traceback()
    return fail(why, code)


def _save_traceback() -> Path:
    with tempfile.NamedTemporaryFile(
        "w", prefix="hnmcrawler-", suffix=".traceback", delete=False, encoding="utf-8"
    ) as handle:
        handle.write(traceback.format_exc())
    return Path(handle.name)


def main(argv: list[str] | None = None) -> NoReturn:
    sys.exit(run(build_parser().parse_args(argv)))
