"""``hnmcrawler export``, ``store replay``, ``store link-duplicates``: the store from a terminal.

Both return an exit code or raise, and ``commands.run`` prints what they raise as one line: a
mistake in the arguments, a store that does not exist or a file that is not a dead-letter file
is a ``UsageError`` (2), an export that cannot be written an ``OutputError`` (4).

``export`` reads an existing store and never creates one. Its format is ``--format``, else the
suffix of ``--out`` (``EXPORT_SUFFIXES``), else JSON Lines on standard output; a file is
written aside and renamed into place once complete. ``--section`` takes the slugs of ``crawl
--sections`` (any case; ``do-thi/giao-thong``, ``the-thao``) or a display name (``Kinh tế``),
looked up in each site of ``--site`` (default both): a section only one site has selects only
that site's articles. ``store replay`` may create the store: it writes.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hnmcrawler.dates import VIETNAM_TZ, parse_day
from hnmcrawler.exceptions import OutputError, UsageError
from hnmcrawler.files import check_writable, replacing
from hnmcrawler.settings import HNM_DEAD_LETTER_PATH as DEAD_LETTER_PATH
from hnmcrawler.settings import HNM_NEARDUP_MAX_DAYS, HNM_NEARDUP_THRESHOLD
from hnmcrawler.settings import HNM_STORAGE_URI as STORE_URI
from hnmcrawler.sites import SITES, Section, Site
from hnmcrawler.spiders.arguments import site_named
from hnmcrawler.storage import SQLArticleStore, store_from_uri
from hnmcrawler.storage.deadletter import check_dead_letters, replay_file
from hnmcrawler.storage.export import EXPORT_SUFFIXES, SectionFilter, select_rows, write_text
from hnmcrawler.storage.parquet import write_parquet
from hnmcrawler.storage.uri import DEFAULT_URI

FORMATS = ("csv", "jsonl", "json", "parquet")
STORE_URI_HELP = f"default HNM_STORAGE_URI, else {DEFAULT_URI}"


def replay_dead_letters(uri: str, path: Path) -> int:
    """Load a dead-letter file into the store; print how many articles went in, and how many
    the store refused (quarantined) and where. A file without the dead-letter mark on every
    row is refused, unless it is where crawls write dead letters (``HNM_DEAD_LETTER_PATH``:
    a file written before the mark existed)."""
    if not path.exists():
        print(f"nothing to replay: {path} does not exist")
        return 0
    legacy_ok = _same_file(path, Path(DEAD_LETTER_PATH))
    check_dead_letters(path, legacy_ok=legacy_ok)  # before the store is opened, maybe created
    store = store_from_uri(uri)
    store.open()
    try:
        done = replay_file(path, store, seen_at=datetime.now(VIETNAM_TZ), legacy_ok=legacy_ok)
    finally:
        store.close()
    refused = f", {done.refused} refused (in {done.quarantine})" if done.refused else ""
    print(f"replayed {done.written} articles from {path} into the store{refused}")
    return 0


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:  # the other does not exist
        return False


def export(
    uri: str,
    fmt: str | None,
    out: Path | None,
    days: tuple[str | None, str | None],
    site: str | None = None,
    section: str | None = None,
) -> int:
    """Write the store's latest revisions to ``out`` or standard output; ``days`` is
    ``(since, until)``, inclusive ``YYYY-MM-DD`` Vietnam days."""
    if out is not None and out.is_dir():
        raise OutputError(f"cannot write {out}: Is a directory")
    fmt = export_format(fmt, out)
    since, until = day_range(*days)
    sections = section_filters(site, section)
    store = SQLArticleStore(url=uri)
    store.open(create=False)  # an export reads a store, never creates one
    try:
        rows = select_rows(store, since=since, until=until, sections=sections)
        count = write_text(rows, sys.stdout, fmt) if out is None else _write_file(rows, out, fmt)
    finally:
        store.close()
    print(f"exported {count} articles to {out or 'standard output'}", file=sys.stderr)
    return 0


def export_format(fmt: str | None, out: Path | None) -> str:
    """``--format``, else ``--out``'s suffix, else ``jsonl``; ``UsageError`` if none fits."""
    if out is None:
        if fmt == "parquet":
            raise UsageError("parquet cannot go to standard output: give --out FILE.parquet")
        return fmt or "jsonl"
    if fmt is not None:
        return fmt
    found = EXPORT_SUFFIXES.get(out.suffix.casefold())
    if found is None:
        known = ", ".join(EXPORT_SUFFIXES)
        raise UsageError(f"cannot tell the format of {out} from its suffix ({known}): use --format")
    return found


def day_range(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """``[start, end)`` of the inclusive days ``--since`` and ``--until`` (Vietnam time); a
    bound a datetime cannot hold in UTC (``--until 9999-12-31``, ``--since 0001-01-01``) is
    no bound, as ``crawl`` reads it."""
    start = _day_start(since, days_after=0)
    end = _day_start(until, days_after=1)
    if start is not None and end is not None and start >= end:
        raise UsageError(f"--since {since} is after --until {until}")
    return start, end


def _day_start(text: str | None, *, days_after: int) -> datetime | None:
    day = parse_day(text)
    if day is None:
        return None
    try:
        start = day + timedelta(days=days_after)
        start.astimezone(UTC)  # the store compares in UTC
    except OverflowError:  # before or after every datetime: every stored article is inside
        return None
    return start


def section_filters(site: str | None, section: str | None) -> tuple[SectionFilter, ...]:
    """What ``--site`` and ``--section`` select; ``UsageError`` for a site or section unknown."""
    sites = [site_named(site)] if site else list(SITES.values())
    if not section:
        return tuple(SectionFilter(s.host) for s in sites) if site else ()
    found = tuple(f for f in (_section_filter(s, section) for s in sites) if f is not None)
    if not found:
        slugs = dict.fromkeys(known.slug.casefold() for s in sites for known in _exported(s))
        where = f" on {site}" if site else ""
        raise UsageError(f"unknown section {section!r}{where}; known: {', '.join(slugs)}")
    return found


def _section_filter(site: Site, text: str) -> SectionFilter | None:
    """The site's section named by a slug or a display name, as the store names it."""
    exported = list(_exported(site))
    found = site.section(text)
    if found not in exported:
        name = unicodedata.normalize("NFC", text).strip().casefold()
        found = next((s for s in exported if s.name.casefold() == name), None)
    if found is None:
        return None
    top, _, sub = found.slug.partition("/")
    if not sub:
        return SectionFilter(site.host, found.name)
    return SectionFilter(site.host, site.sections[top.casefold()].name, found.name)


def _exported(site: Site) -> Iterator[Section]:
    """The sections of the site table that articles are stored under (not the latest news)."""
    return (s for s in site.sections.values() if s.is_top or "/" in s.slug)


def _write_file(rows: Iterator[dict[str, Any]], out: Path, fmt: str) -> int:
    """Write aside, then rename into place: a failed export leaves the old file as it was."""
    check_writable(out)
    try:
        with replacing(out) as aside:
            if fmt == "parquet":
                return write_parquet(rows, aside)
            with aside.open("w", encoding="utf-8", newline="") as handle:
                return write_text(rows, handle, fmt)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc


def add_parser(commands: Any) -> None:
    export_parser = commands.add_parser(
        "export", help="write the store's articles as CSV, JSON Lines, JSON or Parquet"
    )
    export_parser.add_argument("--db", default=STORE_URI, help=f"store URI ({STORE_URI_HELP})")
    export_parser.add_argument(
        "--format", choices=FORMATS, help="default: from --out's suffix, jsonl on stdout"
    )
    export_parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    export_parser.add_argument("--since", help="first day, YYYY-MM-DD (Vietnam time)")
    export_parser.add_argument("--until", help="last day, YYYY-MM-DD, inclusive")
    export_parser.add_argument("--site", help="hanoimoi.com.vn or hanoimoi.vn (default: both)")
    export_parser.add_argument(
        "--section", help="a slug as crawl takes it (kinh-te, do-thi/giao-thong) or 'Kinh tế'"
    )
    export_parser.set_defaults(run=_export)

    store = commands.add_parser("store", help="maintain the article store")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    replay_parser = store_commands.add_parser(
        "replay", help="load a dead-letter file into the store"
    )
    replay_parser.add_argument("--db", default=STORE_URI, help=f"store URI ({STORE_URI_HELP})")
    replay_parser.add_argument("--file", type=Path, default=Path("out/dead-letter.jsonl"))
    replay_parser.set_defaults(run=_replay)
    link_parser = store_commands.add_parser(
        "link-duplicates", help="link re-hosted and re-published copies with duplicate_of"
    )
    link_parser.add_argument("--db", default=STORE_URI, help=f"store URI ({STORE_URI_HELP})")
    link_parser.add_argument(
        "--threshold",
        type=float,
        default=HNM_NEARDUP_THRESHOLD,
        help=f"body similarity, 0-1 (default HNM_NEARDUP_THRESHOLD, {HNM_NEARDUP_THRESHOLD})",
    )
    link_parser.add_argument(
        "--max-days",
        type=int,
        default=HNM_NEARDUP_MAX_DAYS,
        help=f"days between the dates (default HNM_NEARDUP_MAX_DAYS, {HNM_NEARDUP_MAX_DAYS})",
    )
    link_parser.set_defaults(run=_link_duplicates)


def _export(args: argparse.Namespace) -> int:
    days = (args.since, args.until)
    return export(args.db, args.format, args.out, days, args.site, args.section)


def _replay(args: argparse.Namespace) -> int:
    return replay_dead_letters(args.db, args.file)


def _link_duplicates(args: argparse.Namespace) -> int:
    return link_near_duplicates(args.db, args.threshold, args.max_days)


def link_near_duplicates(uri: str, threshold: float, max_days: int) -> int:
    """Link the store's near-duplicates (``storage.duplicates``); print what was linked."""
    if not 0.0 < threshold <= 1.0:
        raise UsageError(f"--threshold {threshold} is not between 0 (excluded) and 1")
    if max_days < 0:
        raise UsageError(f"--max-days {max_days} is negative")
    # datasketch (and numpy, and its optional redis storage) only for this command: a crawl
    # imports this module and must not pay for them.
    from hnmcrawler.storage.duplicates import link_duplicates

    report = link_duplicates(uri, threshold=threshold, max_days=max_days)
    print(
        f"linked {report.linked} near-duplicate articles ({report.read} read, "
        f"{report.undated} undated left out, {report.repointed} links re-pointed to a root)"
    )
    return 0
