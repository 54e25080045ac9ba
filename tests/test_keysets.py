"""Article sets that stay small: a bit per article id, any spelling of a URL the same article."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from hnmcrawler.keysets import BITMAP_LIMIT, ArticleSet, IdSet


@given(st.sets(st.integers(min_value=-5, max_value=BITMAP_LIMIT + 5)), st.integers(-5, 10**7))
def test_an_id_set_holds_exactly_what_was_added(numbers: set[int], probe: int) -> None:
    ids = IdSet()
    for number in numbers:
        ids.add(number)
        ids.add(number)  # twice is once
    assert len(ids) == len(numbers)
    assert all(number in ids for number in numbers)
    assert (probe in ids) == (probe in numbers)
    assert "12" not in ids


def test_a_million_ids_cost_a_bitmap_not_a_set() -> None:
    ids = IdSet()
    for number in range(1_300_000, 0, -7):
        ids.add(number)
    assert len(ids) == 185_715
    assert sys.getsizeof(ids._bits) < 400_000  # a set of these ints would be ~10 MB


def test_an_article_set_knows_an_article_by_any_spelling_of_its_url() -> None:
    seen = ArticleSet()
    seen.add("http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/chu-dong-sang-tao")
    assert "http://www.hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/other-slug" in seen
    assert seen.has_key("hanoimoi.com.vn", 859634)
    assert not seen.has_key("hanoimoi.vn", 859634)  # another site, another article
    assert "https://hanoimoi.vn/bai-viet-859634.html" not in seen
    seen.add("u1")  # not an article URL: kept as it is
    assert "u1" in seen
    assert "u2" not in seen
    assert len(seen) == 2
