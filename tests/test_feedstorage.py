"""``feedstorage.py``: a JSON Lines feed torn by a killed run is cut back to its last whole line
before the next run appends to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hnmcrawler.feedstorage import repair_jsonl


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        pytest.param(b'{"a": 1}\n{"b": 2}\n', b'{"a": 1}\n{"b": 2}\n', id="whole lines stay"),
        pytest.param(b'{"a": 1}\n{"b": ', b'{"a": 1}\n', id="a torn last line is cut"),
        pytest.param(b'{"a": 1}\n{"b"\n', b'{"a": 1}\n', id="a last line that is not JSON is cut"),
        pytest.param(b'{"a": 1}', b"", id="a line without its newline is torn"),
        pytest.param(b"", b"", id="an empty file stays empty"),
    ],
)
def test_repair_jsonl(tmp_path: Path, content: bytes, kept: bytes) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)
    assert repair_jsonl(path) == len(content) - len(kept)
    assert path.read_bytes() == kept
