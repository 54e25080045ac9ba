"""``commands.run``: the one place where what a command raises becomes one line and a code."""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured

from hnmcrawler import __version__
from hnmcrawler.commands import ExitCode, build_parser, main, run
from hnmcrawler.exceptions import StoreUnavailable, UsageError


def raising(error: BaseException) -> argparse.Namespace:
    def command(_: argparse.Namespace) -> int:
        raise error

    return argparse.Namespace(run=command)


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(UsageError("unknown section 'Nope'"), id="a usage error"),
        pytest.param(StoreUnavailable("cannot open article store x: refused"), id="a dead store"),
        pytest.param(NotConfigured("install hnmcrawler[postgres]"), id="a missing extra"),
    ],
)
def test_what_the_user_can_fix_is_one_line_and_exit_2(
    error: Exception, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(raising(error)) == ExitCode.USAGE == 2
    err = capsys.readouterr().err
    assert err == f"hnmcrawler: {error}\n"


def test_an_internal_error_is_one_line_exit_70_and_its_traceback_is_kept(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(raising(KeyError("boom"))) == ExitCode.INTERNAL == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("hnmcrawler: internal error: KeyError: 'boom' (traceback: ")
    saved = Path(re.search(r"\(traceback: (.+)\)$", err.strip()).group(1))  # type: ignore[union-attr]
    try:
        assert "KeyError: 'boom'" in saved.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" in saved.read_text(encoding="utf-8")
    finally:
        saved.unlink()


def test_a_closed_pipe_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = io.StringIO()  # run closes it, as it closes a real one piped into `head`
    monkeypatch.setattr(sys, "stderr", stderr)
    assert run(raising(BrokenPipeError())) == ExitCode.OK
    assert stderr.closed


def test_a_subcommand_returns_its_own_code() -> None:
    assert run(argparse.Namespace(run=lambda _: 1)) == ExitCode.UNHEALTHY


def test_every_subcommand_is_registered_the_same_way() -> None:
    parser = build_parser()
    for argv in (["crawl"], ["report"], ["demo"], ["serve"], ["mirror", "generate", "x"],
                 ["extract", "f", "--url", "u"], ["export"], ["store", "replay"]):  # fmt: skip
        assert callable(parser.parse_args(argv).run), argv


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"hnmcrawler {__version__}\n"


def test_a_bad_crawl_argument_stops_before_anything_is_fetched(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(build_parser().parse_args(["crawl", "--sections", "Nope", "--db", ""])) == 2
    err = capsys.readouterr().err
    assert err.startswith("hnmcrawler: unknown section 'Nope' for hanoimoi.com.vn; known:")
    assert err.count("\n") == 1
    assert run(build_parser().parse_args(["crawl", "--since", "2017-02-30", "--db", ""])) == 2
    assert capsys.readouterr().err == "hnmcrawler: not a date (YYYY-MM-DD): '2017-02-30'\n"
