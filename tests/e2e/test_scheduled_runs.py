"""Scheduled runs that tell the truth: ``hnmcrawler crawl`` over HTTP against the mirror, as
cron runs it, checked by exit code, one summary line, the report and the files left behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import (
    MIRROR,
    crawl_report,
    free_port,
    read_jsonl,
    run_hnmcrawler,
    run_scrapy,
    start_python,
    stored_count,
)

pytestmark = pytest.mark.e2e
QUICK = ["-s", "AUTOTHROTTLE_START_DELAY=0.01"]
NO_WAITING_RETRIES = ["-s", "RETRY_TIMES=1", "-s", "HNM_RETRY_BACKOFF_BASE=0.05"]
KINH_TE = 30  # articles of the mirror's Kinh tế section


def crawl(work: Path, mirror: str, *args: str, db: str = "a.sqlite") -> tuple[int, str]:
    """``hnmcrawler crawl`` in ``work``: its exit code and stderr."""
    result = run_hnmcrawler(
        ["crawl", "--mirror", mirror, "--db", f"sqlite:///{work / db}", *QUICK, *args], work
    )
    return result.returncode, result.stderr


def last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def keys(path: Path) -> list[tuple[str, int]]:
    return [(row["site"], row["article_id"]) for row in read_jsonl(path)]


@pytest.fixture
def own_mirror(tmp_path: Path) -> Iterator[tuple[Path, MirrorServer]]:
    """A private copy of the bundled mirror that a test may edit."""
    root = tmp_path / "site"
    shutil.copytree(MIRROR, root)
    with MirrorServer(root) as server:
        server.start_in_thread()
        yield root, server
        server.shutdown()


def storeless(mirror: MirrorServer, tmp_path: Path) -> list[str]:
    """``scrapy crawl`` settings: the mirror, no store, the report in ``tmp_path/r.json``."""
    pairs = [
        f"HNM_MIRROR={mirror.url}",
        "HNM_STORAGE_URI=",
        f"HNM_REPORT_PATH={tmp_path / 'r.json'}",
    ]
    return [arg for pair in pairs for arg in ("-s", pair)]


def test_an_unreachable_site_is_exit_3_in_one_line_and_the_last_feed_is_kept(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.jsonl").write_text('{"earlier": "run"}\n', encoding="utf-8")
    dead = f"http://127.0.0.1:{free_port()}"
    code, err = crawl(
        tmp_path, dead, "--sections", "Kinh-te", "--out", "a.jsonl", *NO_WAITING_RETRIES
    )
    assert code == 3, err
    assert last_line(err).startswith("hnmcrawler: 0 new, 0 updated of 0 articles")
    assert "site unreachable or refused" in last_line(err)
    assert "exit 3" in last_line(err)
    assert "Traceback" not in err
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == '{"earlier": "run"}\n'
    assert crawl_report(tmp_path / "out" / "report.json")["counters"].get("site/reached") is None


def test_a_quiet_incremental_run_is_healthy(mirror: MirrorServer, tmp_path: Path) -> None:
    assert crawl(tmp_path, mirror.url, "--sections", "Kinh-te")[0] == 0
    code, err = crawl(tmp_path, mirror.url, "--sections", "Kinh-te", "--since", "auto")
    assert code == 0, err
    assert " ERROR: " not in err
    report = crawl_report(tmp_path / "out" / "report.json")
    assert report["health"] == {"ok": True, "failures": []}
    assert report["articles"]["emitted"] == 0
    assert "; healthy; exit 0; report out/report.json" in last_line(err)


def test_a_feed_is_replaced_whole_by_a_run_that_finished(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    (tmp_path / "a.jsonl").write_text('{"earlier": "run"}\n', encoding="utf-8")
    code, err = crawl(tmp_path, mirror.url, "--sections", "Kinh-te", "--out", "a.jsonl", "--db", "")
    assert code == 0, err
    assert len(set(keys(tmp_path / "a.jsonl"))) == len(keys(tmp_path / "a.jsonl")) == KINH_TE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "out"]  # nothing aside


def test_a_resumed_run_feeds_every_article_exactly_once(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    slow = [
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
        "-s",
        "DOWNLOAD_DELAY=0.1",
        "-s",
        "HNM_STORAGE_BATCH_SIZE=5",
    ]
    args = ["crawl", "--mirror", mirror.url, "--db", f"sqlite:///{tmp_path / 'a.sqlite'}"]
    args += ["--sections", "Kinh-te,Xa-hoi", "--jobdir", "job", "--out", "a.jsonl"]
    first = start_python(["-m", "hnmcrawler", *args, *slow], tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and stored_count(tmp_path / "a.sqlite") < 12:
        time.sleep(0.1)
    first.send_signal(signal.SIGINT)  # Ctrl-C: the crawl stops, its queue is kept
    assert first.wait(timeout=60) == 1
    assert not (tmp_path / "a.jsonl").exists()  # a stopped run publishes nothing
    partial = tmp_path / "job" / ".a.jsonl.partial"
    assert 0 < len(read_jsonl(partial)) < 2 * KINH_TE

    code, err = crawl(
        tmp_path, mirror.url, "--sections", "Kinh-te,Xa-hoi", "--jobdir", "job", "--out", "a.jsonl"
    )
    assert code == 0, err
    fed = keys(tmp_path / "a.jsonl")
    assert len(fed) == len(set(fed))
    with sqlite3.connect(tmp_path / "a.sqlite") as conn:
        stored_keys = set(conn.execute("SELECT site, article_id FROM articles").fetchall())
    assert set(fed) == stored_keys
    assert len(fed) >= 2 * KINH_TE - 1  # one story is cross-listed in both sections
    assert not partial.exists()


def test_a_run_stopped_and_resumed_without_a_store_feeds_every_article_once(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    slow = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.1"]
    args = ["crawl", "--mirror", mirror.url, "--db", "", "--sections", "Kinh-te,Xa-hoi"]
    args += ["--jobdir", "job", "--out", "a.jsonl"]
    partial = tmp_path / "job" / ".a.jsonl.partial"
    first = start_python(["-m", "hnmcrawler", *args, *slow], tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not partial.exists() or len(read_jsonl(partial)) < 12):
        time.sleep(0.1)
    first.send_signal(signal.SIGINT)  # Ctrl-C: the crawl stops, its queue is kept
    assert first.wait(timeout=60) == 1
    assert (tmp_path / "job" / "hnm-archive.running").exists()

    feeds = []
    for _ in range(2):  # the resume, then a whole run after it: both end well, in one line
        code, err = crawl(
            tmp_path,
            mirror.url,
            "--sections",
            "Kinh-te,Xa-hoi",
            *("--jobdir", "job"),
            *("--out", "a.jsonl", "--db", ""),
        )
        assert code == 0, err
        assert "Traceback" not in err
        assert " ERROR: " not in err
        feeds.append(keys(tmp_path / "a.jsonl"))
        assert not partial.exists()
    resumed, whole = feeds
    assert len(resumed) == len(set(resumed)) >= 2 * KINH_TE - 1  # a story may be in both
    assert sorted(resumed) == sorted(whole)


@pytest.mark.parametrize(
    "spider", [["archive", "-a", "sections=Kinh-te"], ["feeds", "-a", "site=hanoimoi.vn"]]
)
def test_scrapy_crawl_since_auto_without_a_store_stops_in_one_line(
    mirror: MirrorServer, tmp_path: Path, spider: list[str]
) -> None:
    out = run_scrapy(
        [
            "crawl",
            *spider,
            "-a",
            "since=auto",
            *storeless(mirror, tmp_path),
        ],
        tmp_path,
    )
    assert "Traceback" not in out.stderr
    errors = [line for line in out.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1, out.stderr
    assert "this run needs the article store: set HNM_STORAGE_URI; the crawl stops" in errors[0]
    report = crawl_report(tmp_path / "r.json")
    assert report["finish_reason"] == "bad_setting"
    assert sum(mirror.requests.values()) == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_report_on_a_full_device_is_exit_4_and_the_device_stays(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    code, err = crawl(tmp_path, mirror.url, "--sections", "Kinh-te", "--report", "/dev/full")
    assert code == 4, err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written to, never replaced
    assert "could not write report /dev/full: No space left on device" in last_line(err)
    assert last_line(err).endswith("; exit 4; no report")


def test_a_url_list_file_is_read_up_to_the_crawl_maximum_size(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    out = run_scrapy(
        [
            "crawl",
            "urls",
            "-a",
            "file=/dev/zero",
            "-s",
            "DOWNLOAD_MAXSIZE=1000000",
            *storeless(mirror, tmp_path),
        ],
        tmp_path,
        timeout=60,
    )
    assert "Traceback" not in out.stderr
    counters = crawl_report(tmp_path / "r.json")["counters"]
    assert counters["urls/list_truncated"] == 1
    assert "urls/not_article" not in counters  # no whole line within the size: nothing read


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--out", "file/a.jsonl"], id="a feed under a file"),
        pytest.param(["--report", "file/report.json"], id="a report under a file"),
        pytest.param(["--out", "folder.jsonl"], id="a feed that is a folder"),
    ],
)
def test_an_output_that_cannot_be_written_is_exit_4_before_any_request(
    mirror: MirrorServer, tmp_path: Path, args: list[str]
) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    (tmp_path / "folder.jsonl").mkdir()
    code, err = crawl(tmp_path, mirror.url, "--sections", "Kinh-te", *args)
    assert code == 4, err
    assert err.count("\n") == 1
    assert err.startswith("hnmcrawler: ")
    assert sum(mirror.requests.values()) == 0


def test_a_feed_that_fills_the_disk_stops_the_crawl_with_exit_4(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    (tmp_path / "a.jsonl").write_text('{"earlier": "run"}\n', encoding="utf-8")
    (tmp_path / ".a.jsonl.partial").symlink_to("/dev/full")  # every write: ENOSPC
    code, err = crawl(tmp_path, mirror.url, "--out", "a.jsonl", "--db", "")
    assert code == 4, err
    assert "could not write feed" in last_line(err)
    assert "No space left on device" in last_line(err)
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == '{"earlier": "run"}\n'
    report = crawl_report(tmp_path / "out" / "report.json")
    assert report["finish_reason"] == "output_failed"
    assert report["articles"]["emitted"] < 100  # stopped, not crawled to the end


def test_two_crawls_of_one_job_directory_the_second_exits_2_naming_the_first(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    holder = start_python(
        [
            "-c",
            "import time; from pathlib import Path; from hnmcrawler.jobdir import JobDirLock;"
            "lock = JobDirLock(Path('job')); lock.acquire(); print('held', flush=True);"
            "time.sleep(60)",
        ],
        tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    )
    with holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline() == "held\n"
            code, err = crawl(tmp_path, mirror.url, "--sections", "Kinh-te", "--jobdir", "job")
            assert code == 2, err
            assert err == (
                f"hnmcrawler: job directory job is in use by process {holder.pid}; "
                "wait for it to end (or stop it) before running this job again\n"
            )
        finally:
            holder.kill()
    assert crawl(tmp_path, mirror.url, "--sections", "Kinh-te", "--jobdir", "job")[0] == 0


def test_a_corrupt_queue_is_reported_with_the_way_out_never_looped_on(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    slow = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.2"]
    args = ["crawl", "--mirror", mirror.url, "--db", f"sqlite:///{tmp_path / 'a.sqlite'}"]
    args += ["--sections", "Kinh-te", "--jobdir", "job"]
    first = start_python(["-m", "hnmcrawler", *args, *slow], tmp_path)
    time.sleep(3)
    first.send_signal(signal.SIGINT)
    assert first.wait(timeout=60) == 1
    queue = tmp_path / "job" / "requests.queue"
    files = [p for p in queue.rglob("*") if p.is_file() and p.name != "active.json"]
    assert files, "the stopped crawl left no queue to corrupt"
    for path in files:  # torn, as by a disk that filled up or a second writer
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    code, err = crawl(tmp_path, mirror.url, "--sections", "Kinh-te", "--jobdir", "job")
    assert code == 2, err
    assert "job directory corrupt: move job/requests.queue aside" in last_line(err)
    assert err.count("Traceback") == 0

    shutil.move(queue, tmp_path / "torn-queue")  # the way out it names
    assert crawl(tmp_path, mirror.url, "--sections", "Kinh-te", "--jobdir", "job")[0] == 0
    assert stored_count(tmp_path / "a.sqlite") == KINH_TE


def test_progress_shows_under_cron_and_a_summary_ends_the_run(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    slow = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.05"]
    code, err = crawl(
        tmp_path, mirror.url, "--sections", "Kinh-te", "-s", "HNM_PROGRESS_LOG_INTERVAL=0.5", *slow
    )
    assert code == 0, err
    assert " [hnmcrawler] progress: pages " in err  # at the default log level, WARNING
    assert last_line(err).startswith(
        f"hnmcrawler: {KINH_TE} new, 0 updated of {KINH_TE} articles in "
    )


def test_listing_pages_that_repeat_or_overflow_or_hold_a_bad_link_end_nothing_else(
    own_mirror: tuple[Path, MirrorServer], tmp_path: Path
) -> None:
    root, server = own_mirror
    listing = root / "hanoimoi.com.vn" / "Danh-muc-tin" / "190"
    first = (listing / "Kinh-te").read_text(encoding="utf-8")
    huge_id = "9" * 5000
    bad = f'<li class="bdrtp"><a href="/Tin-tuc/Kinh-te/{huge_id}/x">x</a></li>'
    (listing / "Kinh-te").write_text(first.replace("</body>", bad + "</body>"), encoding="utf-8")
    page2 = (listing / "Kinh-te%3Fpage=2").read_text(encoding="utf-8")
    page3 = listing / "Kinh-te%3Fpage=3"
    # page 3 repeats page 2's articles and links on to a page 4 that only a walk that does not
    # stop at a repeat would ask for
    page3.write_text(page2.replace("page=3", "page=4"), encoding="utf-8")
    code, err = crawl(tmp_path, server.url, "--sections", "Kinh-te", "--out", "a.jsonl", "--db", "")
    assert code == 0, err
    report = crawl_report(tmp_path / "out" / "report.json")
    assert report["counters"]["listing/stopped_no_new_articles"] == 1
    assert report["counters"]["listing/links_unparsed"] == 1  # the 5,000-digit id
    assert len(keys(tmp_path / "a.jsonl")) == 20  # pages 1 and 2; page 3 added nothing
    assert not any("page=4" in path for path in server.requests)


def test_a_url_list_file_is_counted_never_copied_into_the_log(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    secrets_file = tmp_path / "shadow"
    secrets_file.write_text(
        "root:$6$s3cr3thash:19000:0:99999:7:::\nnobody:*:19000\n", encoding="utf-8"
    )
    out = run_scrapy(
        [
            "crawl",
            "urls",
            "-a",
            f"file={secrets_file}",
            *storeless(mirror, tmp_path),
        ],
        tmp_path,
    )
    assert "s3cr3thash" not in out.stderr + out.stdout
    assert "nobody" not in out.stderr
    assert crawl_report(tmp_path / "r.json")["counters"]["urls/not_article"] == 2
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["pages"] == 0


class _Alerts(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_failed_run_writes_its_metrics_and_posts_an_alert(tmp_path: Path) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    with ThreadingHTTPServer(("127.0.0.1", 0), _Alerts) as alerts:
        threading.Thread(target=alerts.serve_forever, daemon=True).start()
        alert_url = f"http://127.0.0.1:{alerts.server_address[1]}/hook"
        dead = f"http://127.0.0.1:{free_port()}"
        result = run_hnmcrawler(
            [
                "crawl",
                "--mirror",
                dead,
                "--db",
                "",
                "--sections",
                "Kinh-te",
                "--metrics",
                "hnm.prom",
                *NO_WAITING_RETRIES,
            ],
            tmp_path,
            env={"HNM_ALERT_URL": alert_url},
        )
        alerts.shutdown()
    assert result.returncode == 3, result.stderr
    assert [a["exit_code"] for a in _Alerts.received] == [3]
    families = {
        f.name: f for f in text_string_to_metric_families((tmp_path / "hnm.prom").read_text())
    }
    assert families["hnmcrawler_run_success"].samples[0].value == 0
    assert families["hnmcrawler_run_exit_code"].samples[0].value == 3


def test_a_listing_page_is_read_up_to_the_link_cap(mirror: MirrorServer, tmp_path: Path) -> None:
    capped = ["-s", "HNM_LISTING_MAX_LINKS=4", "--out", "a.jsonl", "--db", ""]
    code, err = crawl(tmp_path, mirror.url, "--sections", "Kinh-te", *capped)
    assert code == 0, err
    report = crawl_report(tmp_path / "out" / "report.json")
    assert report["counters"]["listing/links_over_cap"] == 3 * (10 - 4)  # three pages of ten
    assert len(keys(tmp_path / "a.jsonl")) == 3 * 4
