"""``hnmcrawler.commands``: what each command makes of its arguments, one-line errors and exit
codes (the ``hnmcrawler`` command in a child process, or ``main``/``run`` in this one).
Crawls by the command are in ``e2e/test_commands.py``; ``commands.run`` itself, the one error
boundary, in ``test_error_boundary.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from hnmcrawler.commands import build_parser, main, run
from tests.helpers import REDIS_URL, read_jsonl, run_hnmcrawler


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["crawl", "--sections", "Nope"], "unknown section 'Nope'", id="unknown section"
        ),
        pytest.param(["crawl", "--since", "2017-02-30"], "not a date", id="impossible date"),
        pytest.param(["crawl", "--site", "vnexpress.net"], "unknown site", id="unknown site"),
        pytest.param(["crawl", "--out", "a.json"], "--out must end in", id="unknown feed format"),
        pytest.param(
            ["crawl", "--db", "postgresql://u:pw@127.0.0.1:1/x"],
            "cannot open article store",
            id="unreachable database",
        ),
        pytest.param(["report", "missing.json"], "cannot read", id="missing report"),
    ],
)
def test_user_mistakes_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run_hnmcrawler(args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert "pw@" not in result.stderr


def test_help_everywhere(tmp_path: Path) -> None:
    for args in (
        ["--help"],
        ["crawl", "--help"],
        ["report", "--help"],
        ["export", "--help"],
        ["store", "replay", "--help"],
        ["serve", "--help"],
        ["extract", "--help"],
    ):
        result = run_hnmcrawler(args, cwd=tmp_path)
        assert result.returncode == 0, args
        assert "usage: hnmcrawler" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--workers", "2"], "--workers needs --redis", id="workers without redis"),
        pytest.param(["--workers", "0", "--redis", REDIS_URL], "1 or more", id="no workers"),
        pytest.param(
            ["--redis", "redis://127.0.0.1:1/0"], "no Redis at redis://127.0.0.1:1/0", id="no redis"
        ),
        pytest.param(
            ["--redis", "redis://:s3cr3t@127.0.0.1:1/0"],
            "no Redis at redis://:***@127.0.0.1:1/0",
            id="no redis, its password hidden",
        ),
        pytest.param(
            ["--redis", REDIS_URL, "--jobdir", "job"], "--jobdir is for one process", id="jobdir"
        ),
        pytest.param(["--spider", "feeds", "--sweep"], "--sweep is for the archive", id="sweep"),
    ],
)
def test_distributed_mistakes_are_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(build_parser().parse_args(["crawl", "--db", "", *args])) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "s3cr3t" not in err


def test_worker_command_lines_carry_no_password_the_environment_does(tmp_path: Path) -> None:
    """Any local user reads command lines with ``ps``; a worker's secrets go in its env."""
    from hnmcrawler.commands.crawl import worker_command, worker_environment

    redis_url, db = "redis://:r3dispw@127.0.0.1:6379/0", "postgresql://u:s3cr3t@db/hnm"
    args = build_parser().parse_args(
        ["crawl", "--workers", "2", "--redis", redis_url, "--db", db, "--sections", "Kinh-te"]
    )
    for label, sweep in (("worker-1", False), ("sweep", True)):
        argv = " ".join(worker_command(args, tmp_path / "report.json", label, sweep))
        assert "s3cr3t" not in argv
        assert "r3dispw" not in argv
        assert "--sections Kinh-te" in argv
    env = worker_environment(args)
    assert env["HNM_DISTRIBUTED_REDIS_URL"] == redis_url
    assert env["HNM_STORAGE_URI"] == db


def test_mirror_generate_writes_a_mirror_and_refuses_a_tiny_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["mirror", "generate", str(tmp_path / "m"), "--articles", "90", "--seed", "1"])
    assert done.value.code == 0
    assert "wrote 90 articles" in capsys.readouterr().out
    assert len(read_jsonl(tmp_path / "m" / "expected.jsonl")) == 90
    with pytest.raises(SystemExit) as done:
        main(["mirror", "generate", str(tmp_path / "n"), "--articles", "5"])
    assert done.value.code == 2
    assert capsys.readouterr().err.strip() == (
        "hnmcrawler: a generated mirror needs at least 90 articles"
    )
