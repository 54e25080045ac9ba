"""``files.replacing``: a reader sees the old file or the whole new one, never half of it."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from hnmcrawler.files import is_special, replace_text, replacing


def test_a_block_that_succeeds_puts_the_new_file_in_place(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "report.json"
    replace_text(path, "{}\n")
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert os.listdir(path.parent) == ["report.json"]


def test_a_block_that_fails_leaves_the_old_file_and_nothing_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(OSError, match="disk full"):
        write_half(path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["a.jsonl"]


def write_half(path: Path) -> None:
    with replacing(path) as aside:
        aside.write_text("half of the n", encoding="utf-8")
        raise OSError(28, "disk full")


DEV_FULL = Path("/dev/full")


def is_char_device(path: Path) -> bool:
    return path.exists() and stat.S_ISCHR(os.stat(path).st_mode)


@pytest.mark.skipif(not is_char_device(DEV_FULL), reason="no /dev/full on this system")
def test_a_device_is_written_straight_to_and_its_failure_is_an_error_never_a_new_file() -> None:
    with pytest.raises(OSError, match="No space left on device") as failed:
        replace_text(DEV_FULL, "x\n")
    assert failed.value.errno == errno.ENOSPC
    assert is_char_device(DEV_FULL)  # not replaced by a regular file
    assert not list(Path("/dev").glob(".full.*"))  # nothing written aside in /dev


def test_dev_null_and_a_fifo_are_written_straight_to_and_stay_what_they_are(
    tmp_path: Path,
) -> None:
    replace_text(Path("/dev/null"), "x\n")
    assert is_char_device(Path("/dev/null"))
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    replace_text(fifo, "{}\n")
    reader.join(timeout=10)
    assert got == ["{}\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize(
    ("path", "special"),
    [
        ("/dev/null", True),
        ("/dev/stdout", True),
        ("/proc/self/fd/1", True),
        ("/etc/hostname", False),
        ("/nonexistent/a.json", False),
    ],
)
def test_what_is_written_straight_to(path: str, special: bool) -> None:
    assert is_special(Path(path)) is special
