"""``hnmcrawler demo``: crawl the bundled mirror end to end and summarise what came out.

Serves ``fixtures/site`` on 127.0.0.1 (a free port), runs the ``archive`` spider on the
mirror's sections with the project settings, writes ``out/articles.jsonl`` and
``out/articles.sqlite``, and prints articles per section, the date range and the drops.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from hnmcrawler.run import BUNDLED_MIRROR, project_settings, run_spider


def demo_settings(mirror_url: str, out: Path) -> dict[str, Any]:
    return {
        "HNM_MIRROR": mirror_url,
        "HNM_STORAGE_URI": f"sqlite:///{out / 'articles.sqlite'}",
        "HNM_DEAD_LETTER_PATH": str(out / "dead-letter.jsonl"),
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


def run_demo(out: Path, mirror: Path = BUNDLED_MIRROR) -> int:
    """Crawl the mirror into ``out``; print the summary; 0 when articles came out."""
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
