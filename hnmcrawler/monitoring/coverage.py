"""The crawl report as one self-contained HTML page, for ``hnmcrawler report --html FILE``.

Pure: ``coverage_page(report)`` turns the JSON report (``extensions/report.py``) into a page
that needs nothing from outside (inline CSS and SVG, no script, a Content-Security-Policy that
forbids loading anything): a heat-map of the articles listed vs stored per section and day,
the listed articles that are missing, the health checks and the crawl's numbers. Every text
of the report is escaped. Called by ``commands/report.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from math import ceil
from string import Template
from typing import Any

from hnmcrawler.extensions.health import HEALTH_FIELDS

EMPTY = "#e9edf2"
"""A day of the chart on which the section listed nothing."""
STORED = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
"""Every listed article stored: from one article to the busiest day of the chart."""
MISSING = "#e4412f"
"""Listed articles not stored that day."""

CALENDAR_SPAN = 92
"""Up to this many days the chart has a column for every day; past it, one per listed day."""
WIDTH, TOTAL_W, HEAD_H, ROW_H, MAX_CELL_W = 1180, 160, 42, 24, 44
"""The chart's pixels: all of it, the totals at the right, the axis, a row, the widest day."""

HEALTH_CHECKS = (  # the checks of ``check_health`` and a phrase of the sentence each fails with
    ("articles came out of the article pages fetched", "no articles although"),
    ("no article lost", "are lost"),
    ("no article left in the dead-letter file", "dead-letter file"),
    ("unknown-layout share within its limit", "unknown-layout share"),
    ("missing-date share within its limit", "missing-date share"),
    (f"{', '.join(HEALTH_FIELDS)} filled in by every layout", " coverage "),
)

CSS = """
body{font:14px/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1d2733;margin:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:0}
.sub{color:#556;margin:0 0 12px}.note{color:#667;font-size:12px}
.badge{display:inline-block;padding:1px 10px;border-radius:10px;font-weight:bold;color:#fff}
.ok{background:#2e7d32}.failed{background:#c62828}
.chart{display:inline-block;max-width:100%;box-sizing:border-box;overflow-x:auto;padding:8px;
 border:1px solid #d8dee6;border-radius:6px}
.chart svg{display:block}.chart text{font-size:11px;fill:#1d2733}.chart .axis{fill:#556}
.chart .count{font-size:10px;text-anchor:middle}.chart .dark{fill:#fff}
.chart .missing-total{fill:#b3261e;font-weight:bold}
.legend{display:flex;flex-wrap:wrap;gap:18px;margin:8px 0;color:#334}
.legend i{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin-right:2px}
table{border-collapse:collapse}
td,th{border-bottom:1px solid #e1e6ec;padding:4px 10px;text-align:left;vertical-align:top}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid #d8dee6;border-radius:6px;padding:8px 14px;min-width:150px}
.card h3{margin:0 0 4px;color:#556;font-size:13px}
.card td{border:0;padding:1px 8px 1px 0}.card td+td{text-align:right;font-weight:bold}
.missing h3{margin-top:14px}.missing ul{columns:360px;margin:4px 0}
.missing li,.missing a{color:#b3261e;word-break:break-all}
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Crawl coverage</title><style>$css</style></head>
<body>
<h1>Crawl coverage <span class="badge $health_class">$health_word</span></h1>
<p class="sub">$summary</p>
<h2>Articles listed and stored, per section and day</h2>
$legend
<div class="chart">$chart</div>
<h2>Listed articles missing</h2>
<div class="missing">$missing</div>
<h2>Health checks</h2>
$health
<h2>The crawl in numbers</h2>
<div class="cards">$numbers</div>
</body></html>
""")


def coverage_page(report: dict[str, Any]) -> str:
    """The page for ``report``, a crawl report as ``hnmcrawler crawl`` writes it."""
    sections = report.get("completeness", {})
    ok = report.get("health", {}).get("ok")
    return PAGE.substitute(
        css=CSS,
        health_class="ok" if ok else "failed",
        health_word="healthy" if ok else "unhealthy",
        summary=_summary(sections),
        legend=_legend(_busiest(sections)),
        chart=_chart(sections),
        missing=_missing(sections),
        health=_health(report.get("health", {})),
        numbers=_numbers(report),
    )


# --- The chart ---------------------------------------------------------------------------------


def _columns(sections: dict[str, Any]) -> list[str]:
    """The chart's days: every day of a short span, the listed days of a long one; "undated"."""
    keys = {day for section in sections.values() for day in section["days"]}
    days = sorted(date.fromisoformat(d) for d in keys - {"undated"})
    if _calendar(days):
        days = [days[0] + timedelta(n) for n in range((days[-1] - days[0]).days + 1)]
    return [d.isoformat() for d in days] + (["undated"] if "undated" in keys else [])


def _calendar(days: list[date]) -> bool:
    """Whether the chart has a column for every day from the first to the last."""
    return bool(days) and (days[-1] - days[0]).days < CALENDAR_SPAN


def _busiest(sections: dict[str, Any]) -> int:
    counts = [c["listed"] for s in sections.values() for c in s["days"].values()]
    return max(counts, default=1)


@dataclass(frozen=True)
class Grid:
    """Where the chart's cells go: the section names, then a column per day."""

    columns: list[str]
    left: float
    cell_w: float
    busiest: int

    @classmethod
    def of(cls, sections: dict[str, Any]) -> Grid:
        columns = _columns(sections)
        left = min(340, max(90, 12 + 6.4 * max(len(_label(n)) for n in sections)))
        cell_w = min(MAX_CELL_W, (WIDTH - left - TOTAL_W) / len(columns))
        return cls(columns, left, cell_w, _busiest(sections))

    def x(self, column: int) -> float:
        return self.left + column * self.cell_w


def _chart(sections: dict[str, Any]) -> str:
    if not _columns(sections):
        return '<p class="note">No listing named an article: nothing to draw.</p>'
    grid = Grid.of(sections)
    rows = [_row(row, name, section, grid) for row, (name, section) in enumerate(sections.items())]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{grid.x(len(grid.columns)) + TOTAL_W:.0f}"'
        f' height="{HEAD_H + ROW_H * len(sections) + 4}" role="img"'
        ' aria-label="articles listed and stored per section and day">'
        + _axis(grid)
        + "".join(rows)
        + "</svg>"
    )


def _axis(grid: Grid) -> str:
    """Month labels where a month starts (when there is room), day numbers when cells are wide."""
    labels, last_x, columns = [], -1e9, grid.columns
    for i, day in enumerate(columns):
        month = day[:7] if day != "undated" else day
        if (i == 0 or month != columns[i - 1][:7]) and grid.x(i) - last_x >= 64:
            labels.append(f'<text class="axis" x="{grid.x(i):.1f}" y="14">{month}</text>')
            last_x = grid.x(i)
        if grid.cell_w >= 16 and day != "undated":
            labels.append(
                f'<text class="axis count" x="{grid.x(i) + grid.cell_w / 2:.1f}" '
                f'y="{HEAD_H - 8}">{int(day[8:])}</text>'
            )
    return "".join(labels)


def _row(row: int, name: str, section: dict[str, Any], grid: Grid) -> str:
    """One section: its name, a cell per day, and its totals at the right."""
    y = HEAD_H + row * ROW_H
    parts = [
        f'<text x="{grid.left - 8:.1f}" y="{y + 16}" text-anchor="end">{escape(_label(name))}'
        f"<title>{escape(name)}</title></text>"
    ]
    for i, day in enumerate(grid.columns):
        counts = section["days"].get(day, {"listed": 0, "stored": 0})
        parts.append(_cell(f"{name} · {day}", counts["listed"], counts["stored"], i, y, grid))
    parts.append(_row_total(row, section, grid.x(len(grid.columns)) + 10, y + 16))
    return "".join(parts)


def _cell(what: str, listed: int, stored: int, column: int, y: int, grid: Grid) -> str:
    """A day's rectangle, its counts as a tooltip, and written in when they fit."""
    fill, dark = _colour(listed, stored, grid.busiest)
    x, width = grid.x(column), grid.cell_w - 1 if grid.cell_w >= 5 else grid.cell_w
    mark = ' data-missing="1"' if stored < listed else ""
    rect = (
        f'<rect class="cell"{mark} x="{x:.1f}" y="{y + 2}" width="{width:.1f}" '
        f'height="{ROW_H - 4}" fill="{fill}"><title>{escape(what)}: {stored} of '
        f"{listed} listed stored</title></rect>"
    )
    text = str(listed) if stored == listed else f"{stored}/{listed}"
    if not listed or width < 5.5 * len(text) + 3:
        return rect
    css = "count dark" if dark else "count"
    return rect + f'<text class="{css}" x="{x + width / 2:.1f}" y="{y + 15}">{text}</text>'


def _label(name: str, room: int = 52) -> str:
    """The section's name, shortened in the middle to fit the label column."""
    return name[: room // 3] + "…" + name[-(room - room // 3 - 1) :] if len(name) > room else name


def _colour(listed: int, stored: int, busiest: int) -> tuple[str, bool]:
    """The cell's fill, and whether it is dark (white text)."""
    if stored < listed:
        return MISSING, True
    if not listed:
        return EMPTY, False
    level = min(len(STORED), ceil(len(STORED) * listed / busiest)) - 1
    return STORED[level], level >= 2


def _row_total(row: int, section: dict[str, Any], x: float, y: int) -> str:
    total = f'<text x="{x:.1f}" y="{y}">{section["stored"]} / {section["listed"]}</text>'
    if not section["missing"]:
        return total
    return (
        f'<a href="#missing-{row}"><text class="missing-total" x="{x + 64:.1f}" y="{y}">'
        f"{len(section['missing'])} missing</text></a>{total}"
    )


def _legend(busiest: int) -> str:
    ramp = "".join(f'<i style="background:{c}"></i>' for c in STORED)
    return (
        '<div class="legend">'
        f'<span><i style="background:{EMPTY}"></i> nothing listed</span>'
        f"<span>{ramp} all listed stored: 1 … {busiest} articles</span>"
        f'<span><i style="background:{MISSING}"></i> listed, some not stored (list below)</span>'
        '<span class="note">each cell: one section, one day; hover for its counts; '
        "right: stored / listed</span></div>"
    )


def _summary(sections: dict[str, Any]) -> str:
    days = [date.fromisoformat(d) for d in _columns(sections) if d != "undated"]
    listed = sum(s["listed"] for s in sections.values())
    stored = sum(s["stored"] for s in sections.values())
    shown = "every day" if _calendar(days) else "the days with listed articles"
    span = f"{days[0]} to {days[-1]} ({shown})" if days else "no dated article"
    return escape(
        f"{len(sections)} sections · {span} · {listed} listed, {stored} stored, "
        f"{listed - stored} missing"
    )


# --- Health, numbers, missing articles ---------------------------------------------------------


def _health(health: dict[str, Any]) -> str:
    if "ok" not in health:
        return '<p class="note">This report has no health checks.</p>'
    failures: list[str] = list(health.get("failures", []))
    rows = []
    for check, phrase in HEALTH_CHECKS:
        failed = [f for f in failures if phrase in f]
        failures = [f for f in failures if f not in failed]
        rows.append(_health_row(check, failed))
    if failures:
        rows.append(_health_row("other checks", failures))
    return "<table><tr><th>Check</th><th>Result</th><th>Why</th></tr>" + "".join(rows) + "</table>"


def _health_row(check: str, failed: list[str]) -> str:
    badge = (
        '<span class="badge failed">failed</span>' if failed else '<span class="badge ok">ok</span>'
    )
    why = "<br>".join(escape(f) for f in failed)
    return f"<tr><td>{escape(check)}</td><td>{badge}</td><td>{why}</td></tr>"


def _numbers(report: dict[str, Any]) -> str:
    duration = report.get("duration_seconds")
    cards = {
        "Run": {
            "finish reason": report.get("finish_reason") or "?",
            "duration": _duration(duration) if duration is not None else "?",
            "pages": report.get("pages", 0),
            "unknown layouts": report.get("unknown_layouts", 0),
        },
        "Articles": {k.replace("_", "-"): v for k, v in report.get("articles", {}).items()},
        "Dropped": report.get("drops") or {"none": ""},
        "Dates": report.get("dates", {}),
        "HTTP statuses": report.get("http") or {"none": ""},
    }
    return "".join(
        f'<div class="card"><h3>{title}</h3><table>'
        + "".join(
            f"<tr><td>{escape(str(k))}</td><td>{escape(str(v))}</td></tr>" for k, v in rows.items()
        )
        + "</table></div>"
        for title, rows in cards.items()
    )


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"


def _missing(sections: dict[str, Any]) -> str:
    """Per section with missing articles: a heading the chart's rows link to, the links."""
    blocks = [
        f'<h3 id="missing-{row}">{escape(name)}: {len(s["missing"])} missing</h3><ul>'
        + "".join(f"<li>{_link(url)}</li>" for url in s["missing"])
        + "</ul>"
        for row, (name, s) in enumerate(sections.items())
        if s["missing"]
    ]
    return "".join(blocks) or '<p class="note">None: every listed article was stored.</p>'


def _link(url: str) -> str:
    """A link to an article of the site; any other scheme (``javascript:``) stays text."""
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{escape(url)}" rel="noreferrer">{escape(url)}</a>'
    return escape(url)
