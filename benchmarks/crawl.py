"""The full crawl against Scrapy's own ceiling, on a generated 20,000-article mirror.

Generates (once, then reuses) a mirror of all three eras with ``hnmcrawler mirror generate``,
serves it with the fast Twisted server (``hnmcrawler.mirror.fast``, its own process), and
runs, side by side in one invocation, ``--rounds`` times each:

- the **full crawl**: ``scrapy crawl archive`` over every section of every era, with every
  layout, all the pipelines, the SQLite store and a JSON Lines feed;
- the **null spider** (``crawl_parts.NullSpider``): the very pages the full crawl fetched
  (the server's request log), the same settings, no parsing, no items, no pipelines;
- two **floors**, the null spider again but parsing each page (``parse floor``), and parsing
  it and yielding one small item a page into a JSON Lines feed (``item floor``): what any
  crawler that turns pages into records pays before its own extraction runs. Printed as ms
  a page over the null spider next to the budget a 0.8x ratio would leave.

The guard it prints (issue "Architecture", rule 7): the full crawl at least 0.55x the item
floor (median of the rounds, each against its own round's floor) and peak RSS growing less
than 60 MB from 5,000 to 20,000 articles.

Both run with AutoThrottle off and the same concurrency, so each goes as fast as the machine
lets it. Prints pages/s (pages over the crawl's own duration, from its report), their ratio,
the crawl process's CPU seconds, our code's CPU milliseconds per article from a cProfile run
(``--profile-items`` articles: time in hnmcrawler's functions plus the library calls they
make; the mirror handler excluded, as both crawls use it), and the peak RSS when the full
crawl had emitted 5,000, 10,000 and 20,000 articles. Each full crawl's feed is checked
against the mirror's expected items (a fast wrong crawl measures nothing). Figures only, no
asserts::

    .venv/bin/python benchmarks/crawl.py [--articles 20000] [--rounds 3] [--profile-items 3000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))

from hnmcrawler import settings as project  # noqa: E402
from hnmcrawler.mirror.generate import generate_large, mirror_listings  # noqa: E402
from hnmcrawler.sites import SITES  # noqa: E402


@dataclass
class Run:
    kind: str
    pages: int
    seconds: float
    items: int
    cpu: float
    rss: dict[str, list[float]]
    served: dict[str, int] = field(repr=False)
    finish: str | None = None

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_mirror(folder: Path, articles: int, seed: int) -> Path:
    """The generated mirror, written unless ``folder`` already holds this size and seed."""
    stamp = folder / "generated.json"
    wanted = {"articles": articles, "seed": seed}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return folder
    started = time.monotonic()
    count = generate_large(folder, articles, seed)
    stamp.write_text(json.dumps(wanted))
    print(f"generated {count} articles in {time.monotonic() - started:.0f} s under {folder}")
    return folder


@contextmanager
def fast_server(mirror: Path, log: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hnmcrawler.mirror.fast",
            str(mirror),
            "--port",
            str(port),
            "--log",
            str(log),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        server.stdout.readline()  # "serving ...": listening
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()


def common_settings(mirror_url: str, work: Path, tag: str) -> list[str]:
    extensions = {**project.EXTENSIONS, "crawl_parts.RSSProbe": 900}
    values = {
        "HNM_MIRROR": mirror_url,
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "32",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
        "DOWNLOAD_DELAY": "0",
        "LOG_LEVEL": "INFO",
        "LOG_FILE": str(work / f"{tag}.log"),
        "HNM_REPORT_PATH": str(work / f"{tag}.report.json"),
        "HNM_DEAD_LETTER_PATH": str(work / f"{tag}.dead.jsonl"),
        "HNM_STORAGE_URI": f"sqlite:///{work / f'{tag}.sqlite'}",
        "EXTENSIONS": json.dumps(extensions),
        "BENCH_RSS_PATH": str(work / f"{tag}.rss.json"),
    }
    return [arg for name, value in values.items() for arg in ("-s", f"{name}={value}")]


def crawl_command(kind: str, work: Path, tag: str, urls: Path | None) -> list[str]:
    if kind == "full":
        sections = ",".join(mirror_listings())
        return ["crawl", "archive", "-a", f"sections={sections}", "-O", str(work / f"{tag}.jsonl")]
    assert urls is not None
    command = ["runspider", str(BENCH / "crawl_parts.py"), "-a", f"urls={urls}"]
    if kind != "null":  # a floor: parse, or parse and one item a page into a feed
        command += ["-a", f"floor={kind}", "-O", str(work / f"{tag}.jsonl")]
        stock = ("FEED_EXPORTERS={}", "FEED_STORAGES={}", "FEED_EXPORT_FIELDS=")  # Scrapy's own
        command += [arg for value in stock for arg in ("-s", value)]
    return [*command, "-s", "ITEM_PIPELINES={}"]


def run(
    kind: str,
    mirror: Path,
    work: Path,
    tag: str,
    urls: Path | None = None,
    *,
    profile: Path | None = None,
    extra: list[str] | None = None,
) -> Run:
    """One crawl in its own process, against its own fresh fast server."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "hnmcrawler.settings"}
    env["PYTHONPATH"] = os.pathsep.join([str(BENCH), str(REPO), env.get("PYTHONPATH", "")])
    log = work / f"{tag}.served.json"
    with fast_server(mirror, log) as mirror_url:
        python = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else [])
        command = [*python, "-m", "scrapy", *crawl_command(kind, work, tag, urls)]
        command += common_settings(mirror_url, work, tag) + (extra or [])
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):  # 1: finished, but a health check says so
        sys.exit(f"{tag} crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    report = json.loads((work / f"{tag}.report.json").read_text())
    rss_file = work / f"{tag}.rss.json"
    return Run(
        kind=kind,
        pages=int(report["pages"]),
        seconds=float(report["duration_seconds"]),
        items=int(report["articles"]["emitted"]),
        cpu=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        rss=json.loads(rss_file.read_text()) if rss_file.exists() else {},
        served=json.loads(log.read_text()),
        finish=report.get("finish_reason"),
    )


def served_urls(served: dict[str, int]) -> list[str]:
    """The site URLs behind the mirror paths a crawl fetched, in the order it first asked
    for them (the hosts interleaved as in the crawl); robots.txt is Scrapy's own."""
    urls = []
    for path in served:
        host, _, rest = path.lstrip("/").partition("/")
        if rest != "robots.txt" and host in SITES:
            urls.append(f"{SITES[host].base_url}/{rest}")
    return urls


def our_code(filename: str) -> str | None:
    """The hnmcrawler part a source file belongs to (``layouts``, ``pipelines``...), or None."""
    marker = f"{os.sep}hnmcrawler{os.sep}"
    if marker not in filename or "benchmarks" in filename:
        return None
    part = filename.rsplit(marker, 1)[1].split(os.sep)[0].removesuffix(".py")
    return None if part == "mirror" else part


def profile_breakdown(path: Path) -> dict[str, float]:
    """Seconds spent in our code by part: our functions' own time, plus the library calls
    they make, less what those calls spend back in our code (``re.sub`` with our function,
    a cached property): counted once. Imports are start-up, not per article: left out."""
    stats: dict[Any, Any] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    back_into_ours: dict[Any, float] = defaultdict(float)  # library function -> seconds
    for (filename, _, _), (_, _, _, _, callers) in stats.items():
        if our_code(filename) is not None:
            for caller, (_, _, _, cumulative) in callers.items():
                back_into_ours[caller] += cumulative
    seconds: dict[str, float] = defaultdict(float)
    for function, (_, calls, own, _, callers) in stats.items():
        filename, _, name = function
        if (part := our_code(filename)) is not None:
            seconds[part] += 0.0 if name == "<module>" else own
            continue
        if "importlib" in filename:
            continue
        from_ours: dict[str, float] = defaultdict(float)
        ours_calls = 0
        for (caller_file, _, _), (_, caller_calls, _, cumulative) in callers.items():
            if (caller_part := our_code(caller_file)) is not None:
                from_ours[caller_part] += cumulative
                ours_calls += caller_calls
        total = sum(from_ours.values())
        if total:
            back = back_into_ours[function] * (ours_calls / calls if calls else 0.0)
            for caller_part, cumulative in from_ours.items():
                seconds[caller_part] += cumulative - back * cumulative / total
    return dict(seconds)


def rss_line(run: Run) -> str:
    marks = [(m, run.rss[m][0]) for m in ("5000", "10000", "20000") if m in run.rss]
    shown = ", ".join(f"{int(m):,}: {mb:.0f} MB" for m, mb in marks)
    growth = (
        f"; growth 5,000 -> 20,000: {marks[-1][1] - marks[0][1]:.1f} MB" if len(marks) == 3 else ""
    )
    end = run.rss.get("end")
    tail = f"; end ({end[2]:,.0f} items): {end[0]:.0f} MB" if end else ""
    return f"peak RSS at {shown}{growth}{tail}" if marks else f"peak RSS{tail}"


def pages_of(run: Run) -> set[str]:
    return {path for path in run.served if not path.endswith("/robots.txt")}


VARIANTS = {  # what is measured: tag -> (kind, extra settings)
    "full": ("full", []),
    "null": ("null", []),
    "parse floor": ("parse", []),
    "item floor": ("item", []),
}


def side_by_side(mirror: Path, work: Path, rounds: int) -> dict[str, list[Run]]:
    """Each variant ``rounds`` times, one after the other; the null spider fetches the pages
    the first full crawl fetched."""
    urls = work / "urls.txt"
    runs: dict[str, list[Run]] = {name: [] for name in VARIANTS}
    for n in range(rounds):
        for name, (kind, extra) in VARIANTS.items():
            tag = f"{name.replace(', ', '-').replace(' ', '')}{n}"
            result = run(kind, mirror, work, tag, urls, extra=extra)
            runs[name].append(result)
            if not urls.exists():
                urls.write_text("\n".join(served_urls(result.served)) + "\n", encoding="utf-8")
            wrong = check_output(mirror, work / f"{tag}.jsonl") if kind == "full" else ""
            print(
                f"round {n + 1} {name:14}: {result.pages:,} pages in {result.seconds:.1f} s "
                f"= {result.rate:,.0f} pages/s, {result.items:,} items, "
                f"CPU {result.cpu:.1f} s, {result.finish}{wrong}"
            )
            if pages_of(result) != pages_of(runs["full"][0]):
                print(f"WARNING: {name} did not fetch exactly the first full crawl's pages")
    return runs


def check_output(mirror: Path, feed: Path) -> str:
    """``""`` when the feed holds exactly the mirror's expected items; else what is wrong."""
    expected = {}
    with (mirror / "expected.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            expected[item["url"]] = item
    got = 0
    wrong = 0
    with feed.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            item.pop("fetched_at", None)
            got += 1
            wrong += expected.get(item["url"]) != item
    if got == len(expected) and not wrong:
        return ", output = expected"
    return f", OUTPUT WRONG: {got:,} items for {len(expected):,}, {wrong:,} differ"


def summary(args: argparse.Namespace, mirror: Path, runs: dict[str, list[Run]]) -> None:
    best = {name: max(results, key=lambda r: r.rate) for name, results in runs.items()}
    null = best["null"]
    expected = sum(1 for _ in (mirror / "expected.jsonl").open(encoding="utf-8"))
    print()
    print(f"mirror: {expected:,} articles (seed {args.seed}), {null.pages:,} pages a crawl")
    for name, result in best.items():
        ratio = f", {result.rate / null.rate:.2f}x the null spider" if name != "null" else ""
        print(f"{name:14}: {result.rate:,.0f} pages/s (best of {args.rounds}){ratio}")
    print_round_ratios(runs)
    print_guard(runs)
    full = best["full"]
    per_article = (full.cpu - null.cpu) / full.items * 1000 if full.items else 0.0
    print(f"CPU per article, full crawl minus null spider process time: {per_article:.2f} ms")
    print_budget(best)
    for name, result in best.items():
        print(f"{name} {rss_line(result)}")


def print_round_ratios(runs: dict[str, list[Run]]) -> None:
    """Each round's ratios to that round's null spider, which ran minutes apart at most: on
    a shared machine the null spider's own rate moves by half from one run to the next."""
    for name, results in runs.items():
        if name != "null":
            ratios = sorted(r.rate / n.rate for r, n in zip(results, runs["null"], strict=True))
            shown = ", ".join(f"{ratio:.2f}x" for ratio in ratios)
            print(f"  {name} / null, round by round: {shown} (median {median(ratios):.2f}x)")


GUARD_RATIO = 0.55  # the full crawl against the item floor, median of the rounds
GUARD_RSS_GROWTH_MB = 60.0  # peak RSS growth of the full crawl from 5,000 to 20,000 articles


def print_guard(runs: dict[str, list[Run]]) -> None:
    """The performance guard: the full crawl at least ``GUARD_RATIO`` of the item floor (each
    round against the same round's floor, median), and its memory flat over a long run."""
    pairs = zip(runs["full"], runs["item floor"], strict=True)
    ratios = sorted(full.rate / floor.rate for full, floor in pairs if floor.rate)
    if not ratios:
        return
    shown = ", ".join(f"{ratio:.2f}x" for ratio in ratios)
    verdict = "holds" if median(ratios) >= GUARD_RATIO else "FAILS"
    print(f"guard: full / item floor, round by round: {shown}")
    print(f"  median {median(ratios):.2f}x, target >= {GUARD_RATIO}x: {verdict}")
    growths = [r.rss["20000"][0] - r.rss["5000"][0] for r in runs["full"] if "20000" in r.rss]
    if growths:
        worst = max(growths)
        verdict = "holds" if worst < GUARD_RSS_GROWTH_MB else "FAILS"
        print(f"  peak RSS growth 5,000 -> 20,000 articles, worst round: {worst:.1f} MB")
        print(f"  target < {GUARD_RSS_GROWTH_MB:.0f} MB: {verdict}")


def print_budget(best: dict[str, Run]) -> None:
    """What 0.8x leaves for our code a page, and what the floors take of it before our code
    runs: the page's parse, Scrapy's item path and the feed."""
    null = best["null"]
    per_page = {name: 1000 / run.rate for name, run in best.items() if run.rate}
    budget = 1000 / (0.8 * null.rate) - per_page["null"]
    print(f"at 0.8x, everything past the null spider may take {budget:.2f} ms a page; taken:")
    for name in ("parse floor", "item floor", "full"):
        if name in per_page:
            print(f"  {name:12}: {per_page[name] - per_page['null']:.2f} ms a page")


def profiled(mirror: Path, work: Path, items: int) -> None:
    prof = work / "crawl.prof"
    limit = ["-s", f"CLOSESPIDER_ITEMCOUNT={items}"]
    result = run("full", mirror, work, "profiled", profile=prof, extra=limit)
    parts = profile_breakdown(prof)
    ours = sum(parts.values()) / result.items * 1000
    ranked = sorted(parts.items(), key=lambda kv: -kv[1])
    shown = ", ".join(
        f"{k} {v / result.items * 1000:.2f}" for k, v in ranked if v > 0.000005 * result.items
    )
    print(f"CPU per article in our code (cProfile, {result.items:,} articles): {ours:.2f} ms")
    print(f"  by part, ms per article: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mirror", type=Path, help="mirror folder (default out/bench/mirror-N-S)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile-items", type=int, default=3000)
    args = parser.parse_args()
    mirror = args.mirror or REPO / "out" / "bench" / f"mirror-{args.articles}-{args.seed}"
    ensure_mirror(mirror, args.articles, args.seed)
    cpus = os.cpu_count()
    print(f"machine: {platform.machine()}, {cpus} CPUs, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="hnm-crawl-bench-") as tmp:
        runs = side_by_side(mirror, Path(tmp), args.rounds)
        summary(args, mirror, runs)
        profiled(mirror, Path(tmp), args.profile_items)


if __name__ == "__main__":
    main()
