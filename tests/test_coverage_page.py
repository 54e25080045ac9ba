"""``monitoring/coverage.py`` and ``hnmcrawler report --html``: the crawl report as a page.

The reports are built by the real ledger, ``build_report`` and ``check_health``. The page is
read back with the standard library's HTML parser, and once in headless Chromium (``apt-get
install chromium``; without it the test skips, and fails when ``CI`` is set): the DOM after
loading, the console, and a screenshot in ``out/coverage.png``.
"""

from __future__ import annotations

import json
import struct
import subprocess
import zlib
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path
from time import monotonic
from typing import Any

import pytest

from hnmcrawler.commands import ExitCode, build_parser, run
from hnmcrawler.commands.report import show_report
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import OutputError
from hnmcrawler.extensions.health import Thresholds, check_health
from hnmcrawler.extensions.report import CrawlLedger, build_report
from hnmcrawler.monitoring.coverage import EMPTY, MISSING, STORED, coverage_page
from tests.helpers import REPO, run_hnmcrawler, unreachable

SECTIONS = ("Xã hội", "Kinh tế", "Văn hóa", "Thể thao", "Đô thị", "Giáo dục")
FIRST_DAY = date(2026, 1, 1)
HOSTILE_SECTION = "Xã hội <script>alert(\"x\")</script> & 'Đô thị'"
HOSTILE_URL = 'https://hanoimoi.vn/a?q=<img src=x onerror=alert(1)>&b="c"\'d'
SCRIPT_URL = "javascript:alert(document.domain)"


def crawl_report(days: int, *, trouble: bool = True) -> dict[str, Any]:
    """The report of a crawl of ``days`` days from ``FIRST_DAY``: 0-4 articles a section and
    day; with ``trouble``, some never stored, one listed undated, 3 dead-lettered, 20 undated."""
    ledger = CrawlLedger()
    for s, section in enumerate(SECTIONS):
        for n in range(days):
            at = datetime.combine(FIRST_DAY + timedelta(days=n), time(8), VIETNAM_TZ)
            for k in range((n * 7 + s * 3) % 5):
                url = f"https://hanoimoi.vn/muc-{s}/bai-{n}-{k}.html"
                ledger.note_listed(section, url, at)
                if not trouble or (n + 2 * s + k) % 13:
                    item = {"url": url, "layout": "era_2023", "title": "t", "body": "b"}
                    ledger.note_item({**item, "published_at": at})
    if trouble:
        ledger.note_listed(SECTIONS[0], "https://hanoimoi.vn/muc-0/khong-ngay.html", None)
    emitted = sum(ledger.layouts.values())
    start = datetime(2026, 2, 1, 1, tzinfo=UTC)
    stats = {
        "start_time": start,
        "finish_time": start + timedelta(minutes=12, seconds=5),
        "finish_reason": "finished",
        "response_received_count": emitted + 40,
        "hnm/articles/parsed": emitted,
        "hnm/store/new": emitted - 10,
        "hnm/store/updated": 5,
        "hnm/store/unchanged": 2,
        "hnm/store/dead_lettered": 3 if trouble else 0,
        "hnm/dates/parsed": emitted,
        "hnm/dates/unparsed": 20 if trouble else 0,
        "downloader/response_status_count/200": emitted + 37,
        "downloader/response_status_count/404": 3,
        "item_dropped_reasons_count/DropItem": 2,
    }
    report = build_report(stats, ledger)
    failures = check_health(report, Thresholds())
    report["health"] = {"ok": not failures, "failures": failures}
    loaded: dict[str, Any] = json.loads(json.dumps(report))  # as the file holds it
    return loaded


def hostile_report() -> dict[str, Any]:
    days = {"2026-01-02": {"listed": 3, "stored": 1}}
    section = {"listed": 3, "stored": 1, "missing": [HOSTILE_URL, SCRIPT_URL], "days": days}
    failure = '<b>era_2023</b> title coverage 50.0% below 95.0% & "more"'
    return {
        "completeness": {HOSTILE_SECTION: section},
        "health": {"ok": False, "failures": [failure]},
    }


class Page(HTMLParser):
    """A page read back: every element (tag, attributes), its text, its stylesheets."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.styles: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        in_style = bool(self.elements) and self.elements[-1][0] == "style"
        (self.styles if in_style else self.texts).append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def missing_days(report: dict[str, Any]) -> list[str]:
    """The tooltip of every day on which a section listed articles that were not stored."""
    return [
        f"{name} · {day}: {c['stored']} of {c['listed']} listed stored"
        for name, section in report["completeness"].items()
        for day, c in section["days"].items()
        if c["stored"] < c["listed"]
    ]


# --- The page ------------------------------------------------------------------------------------


def test_hostile_section_names_and_urls_are_text_never_markup() -> None:
    html = coverage_page(hostile_report())
    page = Page(html)
    assert "<script" not in html
    assert "<img" not in html
    assert {tag for tag, _ in page.elements} <= {
        *("html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "span", "div"),
        *("svg", "text", "rect", "a", "i", "ul", "li", "table", "tr", "th", "td", "br"),
    }
    assert not [name for _, attrs in page.elements for name in attrs if name.startswith("on")]
    assert HOSTILE_SECTION in page.text
    assert HOSTILE_URL in page.text
    assert SCRIPT_URL in page.text  # listed as text, not as a link
    hrefs = [a["href"] for a in page.all("a")]
    assert hrefs == ["#missing-0", HOSTILE_URL]
    assert '<b>era_2023</b> title coverage 50.0% below 95.0% & "more"' in page.text


def test_days_with_missing_articles_are_marked_and_their_urls_listed() -> None:
    report = crawl_report(days=31)
    page = Page(coverage_page(report))
    marked = page.all("rect", **{"data-missing": "1"})
    assert 0 < len(marked) == len(missing_days(report))
    assert {cell["fill"] for cell in marked} == {MISSING}
    assert MISSING not in {cell["fill"] for cell in page.all("rect") if cell not in marked}
    for tooltip in missing_days(report):
        assert tooltip in page.text
    assert "listed, some not stored" in page.text  # the legend
    for row, (name, section) in enumerate(report["completeness"].items()):
        if section["missing"]:
            assert page.all("h3", id=f"missing-{row}")
            assert f"{name}: {len(section['missing'])} missing" in page.text
    links = {a["href"] for a in page.all("a")}
    assert {url for s in report["completeness"].values() for url in s["missing"]} <= links


def test_health_failures_are_shown_each_beside_its_check() -> None:
    report = crawl_report(days=5)
    failures = report["health"]["failures"]
    page = Page(coverage_page(report))
    assert len(failures) == 2
    assert page.all("span", **{"class": "badge failed"})
    for failure in failures:
        assert failure in page.text
    for heading in ("Run", "Articles", "Dropped", "Dates", "HTTP statuses"):
        assert heading in page.text
    assert "12 min 05 s" in page.text


def test_every_failure_check_health_can_report_has_a_row_of_its_own() -> None:
    report = build_report(
        {
            "hnm/articles/parsed": 10,
            "hnm/layout/unknown": 5,
            "hnm/store/lost": 1,
            "hnm/store/dead_lettered": 1,
            "hnm/dates/unparsed": 5,
        },
        CrawlLedger(),
    )
    report["coverage"] = {"era_2017": {"title": 0.5, "body": 0.5, "published_at": 0.5}}
    failures = check_health(report, Thresholds())
    page = Page(coverage_page({"health": {"ok": False, "failures": failures}}))
    assert len(failures) == 8
    assert len(page.all("span", **{"class": "badge failed"})) == 1 + 6  # the title, each check
    assert "other checks" not in page.text


@pytest.mark.parametrize(
    ("days", "columns"),
    [
        pytest.param(["2026-01-01", "2026-01-31"], 31, id="a month: a column for every day"),
        pytest.param(["2026-01-01", "undated"], 2, id="undated articles: a column of their own"),
        pytest.param(["2017-01-01", "2025-09-01"], 2, id="years apart: only the listed days"),
    ],
)
def test_the_chart_has_a_row_per_section_and_a_column_per_day(
    days: list[str], columns: int
) -> None:
    section = {"listed": 2, "stored": 2, "missing": [], "days": {}}
    section["days"] = {day: {"listed": 1, "stored": 1} for day in days}
    page = Page(coverage_page({"completeness": {"Xã hội": section, "Kinh tế": section}}))
    assert len(page.all("rect", **{"class": "cell"})) == 2 * columns


def test_a_handful_of_days_has_their_counts_written_in() -> None:
    report = crawl_report(days=3)
    page = Page(coverage_page(report))
    counts = [c for s in report["completeness"].values() for c in s["days"].values() if c["listed"]]
    assert len(page.all("text", **{"class": "count"})) + len(
        page.all("text", **{"class": "count dark"})
    ) == len(counts)


RESOURCE_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "data", "poster", "background"}


@pytest.mark.parametrize(
    "report",
    [crawl_report(days=31), hostile_report(), {}],
    ids=["a month", "hostile names", "an empty report"],
)
def test_the_page_loads_nothing_from_outside(report: dict[str, Any]) -> None:
    page = Page(coverage_page(report))
    loads = [(t, a) for t, a in page.elements if t != "a" and RESOURCE_ATTRIBUTES & a.keys()]
    assert loads == []
    assert not [a["href"] for a in page.all("a") if not a["href"] or a["href"].startswith("//")]
    css = "".join(page.styles)
    assert "url(" not in css
    assert "@import" not in css
    policy = page.all("meta", **{"http-equiv": "Content-Security-Policy"})
    assert policy
    assert "default-src 'none'" in str(policy[0]["content"])


# --- The command ---------------------------------------------------------------------------------


def write_json(path: Path, report: dict[str, Any]) -> Path:
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("trouble", "code"), [(True, 1), (False, 0)], ids=["unhealthy", "healthy"])
def test_report_html_writes_the_page_says_where_and_exits_as_the_health_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], trouble: bool, code: int
) -> None:
    report = write_json(tmp_path / "report.json", crawl_report(days=4, trouble=trouble))
    page = tmp_path / "pages" / "coverage.html"
    args = build_parser().parse_args(["report", "--html", str(page), str(report)])
    assert run(args) == code
    assert capsys.readouterr().out == f"coverage page written to {page}\n"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in page.parent.iterdir()) == ["coverage.html"]  # nothing aside


def test_a_page_that_cannot_be_written_is_an_output_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = write_json(tmp_path / "report.json", crawl_report(days=2))
    page = report / "coverage.html"  # under a file
    args = build_parser().parse_args(["report", "--html", str(page), str(report)])
    with pytest.raises(OutputError, match="cannot write"):
        show_report(args)
    assert run(args) == ExitCode.OUTPUT
    assert f"cannot write {page}" in capsys.readouterr().err


# --- In a browser --------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
HEADLESS = (
    *("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"),
    *("--disable-background-networking", "--disable-component-update", "--disable-sync"),
    *("--force-color-profile=srgb", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"),
)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on ``args``; fails the test when the page logged to the console."""
    if not CHROMIUM.exists():
        unreachable(f"no headless Chromium at {CHROMIUM}: apt-get install chromium")
    result = subprocess.run(
        [str(CHROMIUM), *HEADLESS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    console = [
        line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line
    ]
    assert console == []
    return result


def png_colours(path: Path) -> Counter[tuple[int, ...]]:
    """How many pixels of each colour (R, G, B) an 8-bit RGB or RGBA PNG has."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is no PNG"
    pos, chunks = 8, dict[bytes, bytes]()
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunks[kind] = chunks.get(kind, b"") + data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    width, height, depth, kind, _, _, interlaced = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, kind, interlaced) in ((8, 2, 0), (8, 6, 0))
    step = 3 if kind == 2 else 4
    raw, stride = zlib.decompress(chunks[b"IDAT"]), width * step
    line, colours = bytes(stride), Counter[tuple[int, ...]]()
    for y in range(height):
        start = y * (stride + 1)
        line = unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), line, step)
        colours.update(zip(line[0::step], line[1::step], line[2::step], strict=True))
    return colours


def unfilter(kind: int, line: bytearray, up: bytes, step: int) -> bytes:
    """A PNG scanline as it was before its filter: PNG spec 9.2, its names a (left), b (up),
    c (up left); kinds 0 none, 1 sub, 2 up, 3 average, 4 Paeth."""
    if kind in (0, 2):
        return add_bytes(line, up) if kind else bytes(line)
    for i in range(len(line)):
        a, b, c = (line[i - step], up[i], up[i - step]) if i >= step else (0, up[i], 0)
        if kind == 1:
            guess = a
        elif kind == 3:
            guess = (a + b) // 2
        else:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - c - c)
            guess = a if pa <= pb and pa <= pc else b if pb <= pc else c
        line[i] = (line[i] + guess) & 255
    return bytes(line)


def add_bytes(x: bytes | bytearray, y: bytes) -> bytes:
    """(x + y) mod 256 byte by byte, as one sum of big integers in which no carry crosses a byte."""
    low, high = int.from_bytes(b"\x7f" * len(x)), int.from_bytes(b"\x80" * len(x))
    i, j = int.from_bytes(x), int.from_bytes(y)
    return (((i & low) + (j & low)) ^ ((i ^ j) & high)).to_bytes(len(x))


def rgb(colour: str) -> tuple[int, ...]:
    return tuple(bytes.fromhex(colour.removeprefix("#")))


@pytest.mark.e2e
def test_the_page_renders_in_headless_chromium_without_a_console_message(tmp_path: Path) -> None:
    report = crawl_report(days=31)
    path = write_json(tmp_path / "report.json", report)
    page = tmp_path / "coverage.html"
    result = run_hnmcrawler(["report", "--html", str(page), str(path)], cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, f"coverage page written to {page}\n")

    started = monotonic()
    dom = Page(chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout)
    assert len(dom.all("rect", **{"class": "cell"})) == len(SECTIONS) * (31 + 1)  # and undated
    assert len(dom.all("rect", **{"data-missing": "1"})) == len(missing_days(report))

    shot = REPO / "out" / "coverage.png"
    shot.parent.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri())
    colours = png_colours(shot)
    print(f"chromium: {monotonic() - started:.1f} s for the DOM, the screenshot and its pixels")
    assert len(colours) > 50  # text, badges, the chart: not a blank page
    swatch = 14 * 14  # the legend's square of each colour
    assert colours[rgb(MISSING)] > 5 * swatch  # missing days painted
    assert colours[rgb(EMPTY)] > 5 * swatch
    assert sum(colours[rgb(c)] for c in STORED) > 50 * swatch
