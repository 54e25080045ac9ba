"""Writing mirror files and fixture pairs: the one place that knows their on-disk form.

Also which generated articles become fixture pairs (``pick_cases``): the first that shows
each case, none twice. Called by each era's ``site`` module, and by tests that write a page
into a mirror folder (``write_file``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from hnmcrawler.items import LIVE
from hnmcrawler.mirror.paths import file_for_url

T = TypeVar("T")


def dump_json(data: Any) -> str:
    """The fixture JSON form: sorted keys, UTF-8 unescaped, 2-space indent."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def live_copy(expected: Mapping[str, Any]) -> dict[str, Any]:
    """An expected item as a crawl of the mirror (the site itself) gives it: a ``live`` copy."""
    return {**expected, **LIVE.fields()}


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
    (folder / f"{name}.json").write_text(dump_json(live_copy(expected)), encoding="utf-8")


def remove_generated_pairs(folder: Path) -> None:
    """Delete the generated pairs of ``folder`` (another seed's, maybe); ``hand-*`` pairs stay."""
    for stale in folder.glob("*.*"):
        if not stale.name.startswith("hand-") and stale.suffix in (".html", ".json"):
            stale.unlink()


def pick_cases(
    cases: Mapping[str, Callable[[T], object]], candidates: Sequence[T]
) -> list[tuple[str, T]]:
    """(case, candidate): for each case, the first candidate that shows it and is not yet
    picked for an earlier case; a case no candidate shows is left out."""
    picked: list[tuple[str, T]] = []
    for case, test in cases.items():
        taken = [chosen for _, chosen in picked]
        found = next((c for c in candidates if test(c) and c not in taken), None)
        if found is not None:
            picked.append((case, found))
    return picked
