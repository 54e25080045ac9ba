"""Writing mirror files and fixture pairs: the one place that knows their on-disk form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hnmcrawler.mirror.paths import file_for_url


def dump_json(data: Any) -> str:
    """The fixture JSON form: sorted keys, UTF-8 unescaped, 2-space indent."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_file(root: Path, url: str, content: str | bytes) -> None:
    """Write the mirror file that serves ``url`` (see ``paths.py``)."""
    rel = file_for_url(url)
    if rel is None:
        raise ValueError(f"no mirror file for {url}")
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def write_fixture_pair(
    folder: Path, name: str, html: str | bytes, expected: dict[str, Any]
) -> None:
    """``folder/name.html`` (page bytes as served) beside ``folder/name.json`` (expected item)."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{name}.html"
    if isinstance(html, bytes):
        page.write_bytes(html)
    else:
        page.write_text(html, encoding="utf-8")
    (folder / f"{name}.json").write_text(dump_json(expected), encoding="utf-8")
