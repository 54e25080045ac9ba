"""One generic test over every fixture pair, and the README line that says where it comes from.

- Article pairs ``fixtures/<era>/<case>.html`` + ``.json``: the registry must pick the
  folder's layout, and the cleaned item must equal the expected JSON (``fetched_at`` aside:
  it is the time of extraction). Pairs in ``fixtures/generic/`` are pages no era layout
  knows: the registry must refuse them and the generic reader of standard metadata give
  the expected item.
- Listing pairs ``fixtures/listings/<era>/<case>.html`` (or ``<case>.body.json``, a "more"
  answer) + ``<case>.expected.json``: the registry must pick the folder's listing layout,
  and the listing must give the expected entries and next page.
- Every pair has a line in its folder's ``README.md`` naming the evidence it is built from.

A new fixture pair needs no new test code.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import TextResponse

from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.extract import extract_item, page_response
from hnmcrawler.layouts import parse_listing, pick_article_layout, pick_listing_layout


def case_of(page: Path) -> str:
    """``x`` for ``x.html`` and ``x.body.json``."""
    return page.name.removesuffix(".html").removesuffix(".body.json")


def expected_path(page: Path) -> Path:
    return page.with_name(f"{case_of(page)}.expected.json")


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAIRS = sorted(p for p in FIXTURES.glob("*/*.html") if p.with_suffix(".json").exists())
LISTINGS = sorted(
    page
    for page in FIXTURES.glob("listings/*/*")
    if page.name.endswith((".html", ".body.json")) and expected_path(page).exists()
)
GENERIC = "generic"  # the folder of pages no era layout knows


def dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def test_there_are_fixture_pairs_for_each_era_folder() -> None:
    eras = {p.parent.name for p in PAIRS}
    assert {"era_2017", "era_2019", "era_2023"} <= eras
    assert len(PAIRS) >= 5


@pytest.mark.parametrize("page", PAIRS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_pair(page: Path) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    body = page.read_bytes()

    if page.parent.name == GENERIC:
        with pytest.raises(UnknownLayout):
            pick_article_layout(page_response(body, expected["url"]))
    else:
        layout = pick_article_layout(page_response(body, expected["url"]))
        assert layout.name == page.parent.name
    assert expected["layout"] == page.parent.name

    item = extract_item(body, expected["url"])
    assert item.pop("fetched_at")
    assert dump(item) == dump(expected)


def listing_response(page: Path, url: str) -> TextResponse:
    if page.name.endswith(".html"):
        return page_response(page.read_bytes(), url)
    headers = {"Content-Type": "application/json; charset=utf-8"}
    return TextResponse(url=url, body=page.read_bytes(), headers=headers, encoding="utf-8")


@pytest.mark.parametrize("page", LISTINGS, ids=lambda p: f"{p.parent.name}/{case_of(p)}")
def test_listing_pair(page: Path) -> None:
    expected: dict[str, Any] = json.loads(expected_path(page).read_text(encoding="utf-8"))
    response = listing_response(page, expected.pop("url"))

    assert pick_listing_layout(response).name == expected.pop("layout") == page.parent.name
    assert dump(asdict(parse_listing(response))) == dump(expected)


_README_LINE = re.compile(r"^- `([^`]+)`: \S.*", re.MULTILINE)


@pytest.mark.parametrize(
    "folder",
    sorted({p.parent for p in [*PAIRS, *LISTINGS]}),
    ids=lambda f: str(f.relative_to(FIXTURES)),
)
def test_every_fixture_pair_says_where_it_comes_from(folder: Path) -> None:
    readme = folder / "README.md"
    assert readme.exists(), f"{readme} is missing: one line per pair naming its evidence"
    described = set(_README_LINE.findall(readme.read_text(encoding="utf-8")))
    cases = {case_of(p) for p in [*PAIRS, *LISTINGS] if p.parent == folder}
    assert cases - described == set(), "pairs without a README line"
    assert described - cases == set(), "README lines for pairs that do not exist"
