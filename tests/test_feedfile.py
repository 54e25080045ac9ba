"""``commands.feedfile``: a crawl's feed written aside and put in place whole, each article
once, and only by a run that can vouch for it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from hnmcrawler.commands.feedfile import FeedFile
from hnmcrawler.exceptions import OutputError, UsageError
from hnmcrawler.files import check_writable


def line(article_id: int, title: str = "t") -> str:
    row = {"site": "hanoimoi.com.vn", "article_id": article_id, "title": title}
    return json.dumps(row, ensure_ascii=False) + "\n"


def titles(path: Path) -> list[tuple[int, str]]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    return [(row["article_id"], row["title"]) for row in rows]


def test_the_partial_sits_beside_the_output_or_in_the_job_directory(tmp_path: Path) -> None:
    assert FeedFile.plan(tmp_path / "a.jsonl", None, False).partial == tmp_path / ".a.jsonl.partial"
    job = tmp_path / "job"
    assert FeedFile.plan(tmp_path / "a.csv", job, False).partial == job / ".a.csv.partial"
    with pytest.raises(UsageError, match=r"--out must end in \.jsonl, \.jl, \.csv"):
        FeedFile.plan(tmp_path / "a.txt", None, False)


def test_publishing_replaces_the_output_with_each_article_once_where_last_written(
    tmp_path: Path,
) -> None:
    feed = FeedFile.plan(tmp_path / "a.jsonl", None, False)
    feed.out.write_text(line(99, "old run"), encoding="utf-8")
    feed.partial.write_text(line(1, "a") + line(2, "b") + line(1, "a again"), encoding="utf-8")
    assert feed.publish() == 2
    assert titles(feed.out) == [(2, "b"), (1, "a again")]
    assert not feed.partial.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.jsonl"]  # nothing left aside


def test_appending_adds_this_runs_articles_after_the_earlier_ones(tmp_path: Path) -> None:
    feed = FeedFile.plan(tmp_path / "a.jsonl", None, True)
    feed.out.write_text(line(99, "earlier"), encoding="utf-8")
    feed.partial.write_text(line(1) + line(1), encoding="utf-8")
    assert feed.publish() == 1
    assert titles(feed.out) == [(99, "earlier"), (1, "t")]


def test_a_torn_last_line_of_a_killed_run_is_not_published(tmp_path: Path) -> None:
    feed = FeedFile.plan(tmp_path / "a.jsonl", None, False)
    feed.partial.write_text(line(1) + '{"site": "hanoimoi.com.vn", "arti', encoding="utf-8")
    assert feed.publish() == 1
    assert titles(feed.out) == [(1, "t")]


def test_a_run_with_no_article_publishes_an_empty_feed(tmp_path: Path) -> None:
    feed = FeedFile.plan(tmp_path / "a.jsonl", None, False)
    feed.out.write_text(line(99), encoding="utf-8")
    assert feed.publish() == 0
    assert feed.out.read_text(encoding="utf-8") == ""


CSV_HEAD = "url,site,article_id,title\r\n"


def test_csv_keeps_one_header_and_each_article_once(tmp_path: Path) -> None:
    feed = FeedFile.plan(tmp_path / "a.csv", tmp_path / "job", False)
    feed.partial.parent.mkdir()
    killed = CSV_HEAD + 'u1,hanoimoi.com.vn,1,"Hà Nội, ""mới"""\r\n'
    resumed = CSV_HEAD + "u1,hanoimoi.com.vn,1,again\r\nu2,hanoimoi.com.vn,2,two\r\n"
    feed.partial.write_text(killed + resumed, encoding="utf-8", newline="")
    assert feed.publish() == 2
    assert feed.out.read_bytes().decode("utf-8") == (
        CSV_HEAD + "u1,hanoimoi.com.vn,1,again\r\nu2,hanoimoi.com.vn,2,two\r\n"
    )

    more = FeedFile.plan(tmp_path / "a.csv", None, True)
    more.partial.write_text(CSV_HEAD + "u3,hanoimoi.com.vn,3,three\r\n", newline="")
    assert more.publish() == 1
    assert feed.out.read_bytes().decode("utf-8").count("url,site") == 1


def test_an_output_that_cannot_be_written_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"cannot write .*file/a\.jsonl"):
        check_writable(tmp_path / "file" / "a.jsonl")
    with pytest.raises(OutputError, match="Is a directory"):
        check_writable(tmp_path)
    check_writable(tmp_path / "new" / "a.jsonl")  # its folder is made
    assert not (tmp_path / "new" / "a.jsonl").exists()


def test_checks_of_one_path_at_once_never_fail_and_never_make_the_path(tmp_path: Path) -> None:
    """``crawl --workers`` start together and check the dead-letter file they share: a probe
    made and removed under its name lost the race now and then (exit 4)."""
    path = tmp_path / "out" / "dead-letter.jsonl"
    failed: list[OutputError] = []

    def check() -> None:
        for _ in range(300):
            try:
                check_writable(path)
            except OutputError as exc:
                failed.append(exc)

    threads = [threading.Thread(target=check) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    assert list(path.parent.iterdir()) == []  # neither the path nor a probe left


def test_a_failed_publish_keeps_the_partial_and_raises_an_output_error(tmp_path: Path) -> None:
    feed = FeedFile.plan(tmp_path / "out" / "a.jsonl", tmp_path / "job", False)
    feed.partial.parent.mkdir()
    feed.partial.write_text(line(1), encoding="utf-8")
    feed.out.parent.write_text("a file where the output folder should be", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write"):
        feed.publish()
    assert feed.partial.exists()
