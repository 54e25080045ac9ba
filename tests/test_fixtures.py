"""One generic test over every fixture pair: ``fixtures/<era>/<case>.html`` + ``.json``.

For each pair the registry must pick the folder's layout, and the cleaned item must equal
the expected JSON (``fetched_at`` aside: it is the time of extraction). A new fixture pair
needs no new test code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hnmcrawler.extract import extract_item, page_response
from hnmcrawler.layouts import pick_article_layout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAIRS = sorted(p for p in FIXTURES.glob("*/*.html") if p.with_suffix(".json").exists())


def dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def test_there_are_fixture_pairs_for_each_era_folder() -> None:
    eras = {p.parent.name for p in PAIRS}
    assert "era_2017" in eras
    assert len(PAIRS) >= 5


@pytest.mark.parametrize("page", PAIRS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_pair(page: Path) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    body = page.read_bytes()

    layout = pick_article_layout(page_response(body, expected["url"]))
    assert layout.name == page.parent.name == expected["layout"]

    item = extract_item(body, expected["url"])
    assert item.pop("fetched_at")
    assert dump(item) == dump(expected)
