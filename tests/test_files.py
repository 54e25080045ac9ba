"""``files.replacing``: a reader sees the old file or the whole new one, never half of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hnmcrawler.files import replace_text, replacing


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
