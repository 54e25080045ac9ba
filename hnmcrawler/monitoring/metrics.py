"""A crawl's metrics in the Prometheus text format, for node_exporter's textfile collector.

``hnmcrawler crawl`` calls ``write_metrics`` after the crawl, when ``HNM_METRICS_PATH`` is
set, with the report the crawl wrote (``HNM_REPORT_PATH``) and the run's ``Outcome``. Pure:
no Scrapy. Every value describes the last run, so every metric is a gauge::

    # HELP hnmcrawler_run_success 1 when the last run exited 0, else 0.
    # TYPE hnmcrawler_run_success gauge
    hnmcrawler_run_success{site="hanoimoi.com.vn",job="archive"} 1

The file is written aside and renamed: node_exporter never reads half of it. The time of
the last successful run is carried over from the file a failed run replaces.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from hnmcrawler.exceptions import OutputError
from hnmcrawler.exits import ExitCode, Outcome
from hnmcrawler.files import replace_text

PREFIX = "hnmcrawler_"
STORE_STATUSES = ("new", "updated", "unchanged", "dead_lettered", "quarantined", "lost")
"""``report["articles"]`` keys that say what the store did with an emitted article."""
LAST_SUCCESS = "last_success_timestamp_seconds"


@dataclass
class Gauge:
    name: str
    help: str
    samples: list[tuple[dict[str, str], float]] = field(default_factory=list)

    def add(self, labels: dict[str, str], value: Any) -> None:
        if isinstance(value, int | float):  # a report without the figure: no sample
            self.samples.append((labels, float(value)))


def write_metrics(
    path: Path, report: dict[str, Any], outcome: Outcome, *, site: str, job: str, now: datetime
) -> None:
    """Write the run's metrics to ``path``; ``OutputError`` if it cannot be written.

    ``job`` is the spider's name, ``now`` the (aware) time the run ended.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    run = {"site": site, "job": job}
    ok = outcome.code == ExitCode.OK
    last_success = now.timestamp() if ok else previous_value(path, LAST_SUCCESS, run)
    text = render(
        [
            *article_gauges(report, run),
            *run_gauges(report, outcome, run),
            _gauge("last_run_timestamp_seconds", "When the last run ended.", run, now.timestamp()),
            _gauge(LAST_SUCCESS, "When the last run that exited 0 ended.", run, last_success),
        ]
    )
    try:
        replace_text(path, text)
    except OSError as exc:
        raise OutputError(f"cannot write metrics {path}: {exc.strerror or exc}") from None


def _gauge(name: str, about: str, labels: dict[str, str], value: Any) -> Gauge:
    gauge = Gauge(name, about)
    gauge.add(labels, value)
    return gauge


def article_gauges(report: dict[str, Any], run: dict[str, str]) -> list[Gauge]:
    """Articles by store outcome (the report's totals; ``dropped`` sums its drop reasons), and
    per section the listed articles stored or missing (``completeness``)."""
    articles = report.get("articles", {})
    statuses = Gauge("run_articles", "Articles of the last run by what became of them.")
    for status in STORE_STATUSES:
        statuses.add({**run, "status": status}, articles.get(status))
    if "drops" in report:
        statuses.add({**run, "status": "dropped"}, sum(report["drops"].values()))
    emitted = Gauge("run_articles_emitted", "Articles the last run emitted (before the store).")
    emitted.add(run, articles.get("emitted"))
    sections = Gauge(
        "run_section_articles", "Articles listed in a section by the last run: stored or missing."
    )
    for section, done in sorted(report.get("completeness", {}).items()):
        sections.add({**run, "section": section, "status": "stored"}, done.get("stored"))
        sections.add({**run, "section": section, "status": "missing"}, len(done.get("missing", [])))
    return [statuses, emitted, sections]


def run_gauges(report: dict[str, Any], outcome: Outcome, run: dict[str, str]) -> list[Gauge]:
    retries = report.get("retries", {})
    table = (
        ("run_pages_fetched", "Responses the last run received.", report.get("pages")),
        ("run_retries", "Requests the last run retried.", retries.get("count")),
        ("run_retries_gave_up", "Requests failing after every retry.", retries.get("gave_up")),
        ("run_unknown_layout_pages", "Pages no layout knew.", report.get("unknown_layouts")),
        ("run_success", "1 when the last run exited 0, else 0.", int(outcome.code == ExitCode.OK)),
        ("run_exit_code", "Exit code of the last run.", int(outcome.code)),
        ("run_duration_seconds", "How long the last crawl ran.", report.get("duration_seconds")),
    )
    return [_gauge(name, about, run, value) for name, about, value in table]


def render(gauges: Iterable[Gauge]) -> str:
    """The text exposition format (0.0.4) of ``gauges``; one without samples is left out."""
    lines: list[str] = []
    for gauge in gauges:
        if not gauge.samples:
            continue
        name = PREFIX + gauge.name
        lines.append(f"# HELP {name} {_escape(gauge.help, quotes=False)}")
        lines.append(f"# TYPE {name} gauge")
        lines.extend(f"{name}{_labels(labels)} {_number(v)}" for labels, v in gauge.samples)
    return "".join(f"{line}\n" for line in lines)


def _escape(text: str, *, quotes: bool = True) -> str:
    text = text.replace("\\", "\\\\").replace("\n", "\\n")
    return text.replace('"', '\\"') if quotes else text


def _labels(labels: dict[str, str]) -> str:
    return "{" + ",".join(f'{k}="{_escape(str(v))}"' for k, v in labels.items()) + "}"


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def read_report(path: Path, *, since: datetime | None = None) -> dict[str, Any]:
    """The report the crawl wrote at ``path``; ``{}`` when there is none, it is not a report,
    or it was written before ``since`` (the crawl's start: a report left by an earlier run)."""
    try:
        if since is not None and path.stat().st_mtime < since.timestamp():
            return {}
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return report if isinstance(report, dict) else {}


def previous_value(path: Path, name: str, labels: dict[str, str]) -> float | None:
    """The value of one series in the metrics file at ``path`` (as ``render`` wrote it), or
    ``None``: no file, no such line, or not a number."""
    start = f"{PREFIX}{name}{_labels(labels)} "
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.startswith(start):
            try:
                return float(line.removeprefix(start).split()[0])
            except (ValueError, IndexError):
                return None
    return None
