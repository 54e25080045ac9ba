"""``hnmcrawler crawl`` and its neighbours check what they are given before anything is
fetched or read: one line on stderr and the exit code of ``exits.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from hnmcrawler.commands import build_parser, run


def exit_and_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(build_parser().parse_args(argv))
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return code, err.strip()


@pytest.mark.parametrize(
    ("argv", "code", "line"),
    [
        pytest.param(
            ["--mirror", "not a url"],
            2,
            "hnmcrawler: --mirror takes an address like http://127.0.0.1:8080, not 'not a url'",
            id="a mirror that is no address",
        ),
        pytest.param(
            ["--mirror", "http://127.0.0.1:port"],
            2,
            "hnmcrawler: --mirror takes an address like http://127.0.0.1:8080, "
            "not 'http://127.0.0.1:port'",
            id="a mirror port that is no number",
        ),
        pytest.param(
            ["--spider", "feeds", "--site", "hanoimoi.com.vn"],
            2,
            "hnmcrawler: the feeds spider reads hanoimoi.vn only, not hanoimoi.com.vn",
            id="feeds on the legacy site",
        ),
        pytest.param(
            ["--since", "2017-01-05", "--until", "2017-01-01"],
            2,
            "hnmcrawler: since (2017-01-05) is after until (2017-01-01): no day is left",
            id="a window with no day in it",
        ),
        pytest.param(
            ["--db", "foo://x"],
            2,
            "hnmcrawler: unsupported storage URI scheme 'foo': "
            "use sqlite, postgresql, postgres, mysql, mariadb",
            id="a store URI nobody knows",
        ),
        pytest.param(
            ["--out", "a.txt"],
            2,
            "hnmcrawler: --out must end in .jsonl, .jl, .csv: a.txt",
            id="a feed of no known format",
        ),
        pytest.param(
            ["--sweep", "--mirror", "http://127.0.0.1:9"],
            2,
            "hnmcrawler: --sweep fetches the articles missing from the store: give --db",
            id="a sweep without a store",
        ),
        pytest.param(
            ["--since", "auto", "--mirror", "http://127.0.0.1:9"],
            2,
            "hnmcrawler: --since auto starts from the newest stored article: give --db",
            id="an incremental run without a store",
        ),
        pytest.param(
            ["--spider", "feeds", "--since", "AUTO", "--mirror", "http://127.0.0.1:9"],
            2,
            "hnmcrawler: --since auto starts from the newest stored article: give --db",
            id="an incremental feeds run without a store",
        ),
    ],
)
def test_a_bad_crawl_argument_is_one_line_and_its_code(
    argv: list[str],
    code: int,
    line: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert exit_and_line(["crawl", "--db", "", *argv], capsys) == (code, line)


def test_the_feeds_spider_reads_the_current_site_without_being_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hnmcrawler.commands.crawl import spider_args

    args = build_parser().parse_args(["crawl", "--spider", "feeds", "--sections", "kinh-te"])
    assert spider_args(args)["site"] == "hanoimoi.vn"
    args = build_parser().parse_args(["crawl", "--sections", "Kinh-te"])
    assert spider_args(args)["site"] == "hanoimoi.com.vn"


def test_a_job_directory_that_cannot_be_used_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, line = exit_and_line(["crawl", "--db", "", "--jobdir", str(tmp_path / "file")], capsys)
    assert code == 2
    assert line.startswith(f"hnmcrawler: --jobdir {tmp_path / 'file'} cannot be used: ")


def test_extract_reads_no_more_than_a_crawl_would_download(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/1/x"
    code, line = exit_and_line(["extract", "/dev/zero", "--url", url], capsys)
    assert (code, line) == (
        2,
        "hnmcrawler: /dev/zero is larger than 16,777,216 bytes (DOWNLOAD_MAXSIZE): not a page",
    )


def test_extract_refuses_a_url_that_is_no_article_of_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html></html>", encoding="utf-8")
    code, line = exit_and_line(["extract", str(page), "--url", "http://example.com/a"], capsys)
    assert (code, line) == (
        2,
        "hnmcrawler: not an article URL of hanoimoi.com.vn or hanoimoi.vn: http://example.com/a",
    )


def test_serve_on_a_busy_port_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, line = exit_and_line(["serve", "--port", str(port)], capsys)
    assert code == 2
    assert line == f"hnmcrawler: cannot serve on 127.0.0.1:{port}: Address already in use"
    assert exit_and_line(["serve", "--port", "70000"], capsys) == (
        2,
        "hnmcrawler: not a port: 70000",
    )


@pytest.mark.parametrize("content", ["[]", "{not json", '{"some": "object"}'])
def test_a_report_that_is_no_crawl_report_is_one_line(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.json"
    path.write_text(content, encoding="utf-8")
    code, line = exit_and_line(["report", str(path)], capsys)
    assert code == 2
    assert line.startswith(f"hnmcrawler: not a crawl report: {path}")
