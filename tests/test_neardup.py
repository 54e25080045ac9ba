"""neardup.py: which copies are linked, to which original, and which look-alikes are not."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.neardup import (
    NearDuplicateFinder,
    Story,
    original_rank,
    shingles,
    title_similarity,
    words,
)
from hnmcrawler.storage.rows import key_text
from tests.helpers import expected_mirror_items

ITEMS = expected_mirror_items()
FIRST, OTHER = ITEMS[0], next(i for i in ITEMS[1:] if i["section"] == ITEMS[0]["section"])
DAY = datetime(2017, 1, 1, 7, 12, tzinfo=VIETNAM_TZ)
LEGACY, CURRENT = "hanoimoi.com.vn", "hanoimoi.vn"

ORIGINAL = Story((LEGACY, 859634), FIRST["title"], DAY, FIRST["body"])


def edited(body: str) -> str:
    """A sentence added and two words changed."""
    tokens = (body + " Bài viết được cập nhật lại.").split()
    tokens[5], tokens[40] = "mới", "nhiều"
    return " ".join(tokens)


COPY = Story((CURRENT, 7562), FIRST["title"], DAY, edited(FIRST["body"]))


def links(*stories: Story, **options: float) -> dict[str, str]:
    finder = NearDuplicateFinder(**options)  # type: ignore[arg-type]
    for story in sorted(stories, key=lambda s: original_rank(s.key, s.published_at)):
        finder.add(story)
    return finder.links()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hà Nội: khởi công", ["hà", "nội", "khởi", "công"]),
        ("HÀ NỘI – “Khởi công”!", ["hà", "nội", "khởi", "công"]),
        ("Ha\u0300 Nô\u0323i", ["hà", "nội"]),  # decomposed marks: NFC first
        ("289 hồ sơ, 94%", ["289", "hồ", "sơ", "94"]),
    ],
    ids=["punctuation out", "case folded", "decomposed marks composed", "figures kept"],
)
def test_words_are_normalised(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_shingles_are_word_trigrams_and_a_short_text_is_one() -> None:
    assert shingles("Một hai ba bốn") == {"một hai ba", "hai ba bốn"}
    assert shingles("Hai từ") == {"hai từ"}
    assert shingles("  ,. ") == set()


@pytest.mark.parametrize(
    ("copy", "linked"),
    [
        (COPY, True),
        (replace(COPY, title="Hà Nội: " + FIRST["title"]), True),
        (replace(COPY, published_at=DAY + timedelta(days=1)), True),
        (replace(COPY, published_at=DAY + timedelta(days=3)), True),
        (replace(COPY, published_at=DAY + timedelta(days=4)), False),
        (replace(COPY, published_at=DAY + timedelta(days=3650)), False),
        (replace(COPY, title="Khai mạc giải bóng đá thiếu niên"), False),
        (replace(COPY, body=OTHER["body"], title=OTHER["title"]), False),
        (replace(COPY, body=OTHER["body"]), False),
    ],
    ids=[
        "a re-hosted copy with a sentence added and words changed is linked",
        "a copy with an edited title is linked",
        "a copy dated a day later is linked",
        "a copy dated max_days later is linked",
        "a copy dated more than max_days later is not",
        "a copy dated years later is not",
        "a copy under another title is not",
        "another article of the same section is not",
        "another body under the same title is not",
    ],
)
def test_copies_and_look_alikes(copy: Story, linked: bool) -> None:
    assert links(ORIGINAL, copy) == (
        {"hanoimoi.vn:7562": "hanoimoi.com.vn:859634"} if linked else {}
    )


def test_title_similarity_is_word_jaccard() -> None:
    assert title_similarity("Hà Nội khởi công cầu", "khởi công cầu, Hà Nội!") == 1.0
    assert title_similarity("khởi công cầu", "khánh thành cầu") == 0.2


@pytest.mark.parametrize(
    ("original", "copy"),
    [
        (ORIGINAL, COPY),
        (replace(COPY, published_at=DAY - timedelta(hours=1)), ORIGINAL),
        (replace(ORIGINAL, key=(LEGACY, 900000)), replace(COPY, key=(LEGACY, 900001))),
    ],
    ids=[
        "same date: the legacy host's is the original",
        "the earliest published is the original, whatever its host",
        "same date and host: the smaller id is the original",
    ],
)
def test_the_original_is_chosen(original: Story, copy: Story) -> None:
    assert links(copy, original) == {key_text(copy.key): key_text(original.key)}


def test_copies_link_to_the_root_never_to_another_copy() -> None:
    second = replace(COPY, key=(CURRENT, 7563), published_at=DAY + timedelta(days=1))
    third = replace(COPY, key=(CURRENT, 7564), published_at=DAY + timedelta(days=2))
    found = links(ORIGINAL, COPY, second, third)
    assert set(found.values()) == {"hanoimoi.com.vn:859634"}
    assert len(found) == 3


def test_a_stored_link_is_kept_and_passed_on() -> None:
    exact = replace(ORIGINAL, duplicate_of="hanoimoi.vn:1")
    assert links(exact, COPY) == {"hanoimoi.vn:7562": "hanoimoi.vn:1"}


def test_a_root_linked_later_is_followed() -> None:
    """D is stored as an exact copy of B; E links to D's root B; B, dated days later, then
    links to A (D is out of A's window): E ends on A, never on B."""
    d = replace(COPY, key=(CURRENT, 10), duplicate_of="hanoimoi.vn:20")
    e = replace(COPY, key=(CURRENT, 30), published_at=DAY + timedelta(hours=1))
    a = replace(ORIGINAL, published_at=DAY + timedelta(days=3, hours=12))
    b = replace(COPY, key=(CURRENT, 20), published_at=DAY + timedelta(days=5))
    assert links(d, e, a, b) == {
        "hanoimoi.vn:30": "hanoimoi.com.vn:859634",
        "hanoimoi.vn:20": "hanoimoi.com.vn:859634",
    }


def test_stories_out_of_order_and_bad_options_are_refused() -> None:
    finder = NearDuplicateFinder()
    finder.add(COPY)
    with pytest.raises(ValueError, match="out of original_rank order"):
        finder.add(replace(ORIGINAL, published_at=DAY - timedelta(days=1)))
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicateFinder(threshold=1.5)
    with pytest.raises(ValueError, match="max_days"):
        NearDuplicateFinder(max_days=-1)


def test_an_empty_body_is_never_linked() -> None:
    finder = NearDuplicateFinder()
    finder.add(replace(ORIGINAL, body=""))
    assert finder.add(replace(COPY, body=" . ")) is None
    assert finder.empty == 2
