"""What ``hnmcrawler crawl`` tells its watchers when it ends, in one place: the metrics file
(``--metrics``, ``metrics.py``) and, for a run that exits non-zero, the alert
(``HNM_ALERT_URL``, ``alert.py``).

``commands/crawl.py`` calls ``tell_watchers`` after a crawl with its report; the error
boundary (``commands.run``) calls it, through the crawl command's ``on_failure``, when the
command stops before crawling (a bad argument, a locked job directory, an output or a store
that cannot be used), with no report. Pure of Scrapy: plain values in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hnmcrawler.exceptions import OutputError
from hnmcrawler.exits import ExitCode, Outcome
from hnmcrawler.monitoring.alert import send_alert
from hnmcrawler.monitoring.metrics import write_metrics

logger = logging.getLogger(__name__)
COMMAND = "hnmcrawler crawl"


@dataclass(frozen=True)
class Watchers:
    metrics_path: str  # "" for none
    alert_url: str  # "" for none
    site: str
    job: str  # the spider's name


def tell_watchers(
    watchers: Watchers, report: dict[str, Any], outcome: Outcome, *, crawled: bool = True
) -> Outcome:
    """Write the metrics and send the alert; the outcome, 4 when the metrics of a run that
    ``crawled`` cannot be written (a run stopped before crawling keeps its own code)."""
    if watchers.metrics_path:
        outcome = _write(watchers, report, outcome, crawled=crawled)
    if watchers.alert_url and outcome.code != ExitCode.OK:
        send_alert(watchers.alert_url, {**report, "command": COMMAND}, outcome)
    return outcome


def _write(
    watchers: Watchers, report: dict[str, Any], outcome: Outcome, *, crawled: bool
) -> Outcome:
    try:
        write_metrics(
            Path(watchers.metrics_path),
            report,
            outcome,
            site=watchers.site,
            job=watchers.job,
            now=datetime.now(UTC),
        )
    except OutputError as exc:
        if crawled:
            return Outcome(ExitCode.OUTPUT, str(exc))
        logger.warning("%(error)s", {"error": exc})
    return outcome
