"""Near-duplicate links on a generated set: precision, recall and time per 10,000 articles.

    .venv/bin/python benchmarks/neardup.py [--articles 10000] [--copies 0.2] [--seed 18]

Originals are the bundled mirror's expected articles (fixtures/mirror_expected.jsonl) topped up
with the mirror generator's text (same sections, so same topics and the same sentence patterns);
a share of them is re-hosted under the other host with a new id and small edits (a sentence added
or removed, words changed, the title edited, the date kept or moved a day). Every other article is
a different story on the same topic: a link to one is a false link. Prints the figures for word
3-grams and 5-grams; never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from hnmcrawler.mirror.generate.corpus import TOPICS, article_text
from hnmcrawler.neardup import NearDuplicateFinder, Story, key_text, original_rank
from hnmcrawler.sites import CURRENT_HOST, LEGACY_HOST

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "mirror_expected.jsonl"


def bundled() -> list[Story]:
    stories = []
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        when = datetime.fromisoformat(row["published_at"])
        stories.append(Story((row["site"], row["article_id"]), row["title"], when, row["body"]))
    return stories


def generated(rng: random.Random, count: int, start: datetime) -> list[Story]:
    """``count`` different stories, about 100 a day, on the generator's section topics."""
    sections = sorted(TOPICS)
    stories = []
    for n in range(count):
        when = start + timedelta(minutes=rng.randrange(100 * 24 * 60 * max(1, count // 10_000)))
        text = article_text(rng, rng.choice(sections), when.strftime("%d/%m/%Y"))
        body = "\n\n".join(text.paragraphs)
        stories.append(Story((LEGACY_HOST, 2_000_000 + n), text.title, when, body))
    return stories


def edited_copy(rng: random.Random, story: Story, new_id: int) -> Story:
    """The story re-hosted under the other host with one or two small edits."""
    sentences = [s for s in story.body.replace("\n\n", " ").split(". ") if s]
    title, body_words = story.title, None
    for edit in rng.sample(["add", "remove", "words", "title"], rng.choice([1, 2])):
        if edit == "add":
            sentences.insert(rng.randrange(len(sentences) + 1), "Bài viết được cập nhật lại")
        elif edit == "remove" and len(sentences) > 4:
            sentences.pop(rng.randrange(len(sentences)))
        elif edit == "words":
            body_words = rng.randint(2, 5)
        elif edit == "title":
            title = rng.choice(["Hà Nội: ", "Clip: ", ""]) + title.replace(" tại ", " ở ")
    body = ". ".join(sentences)
    if body_words:
        tokens = body.split()
        for _ in range(body_words):
            tokens[rng.randrange(len(tokens))] = rng.choice(["mới", "nhiều", "các", "đã"])
        body = " ".join(tokens)
    host = CURRENT_HOST if story.key[0] == LEGACY_HOST else LEGACY_HOST
    moved = story.published_at + timedelta(days=rng.choice([0, 0, 1]))
    return replace(story, key=(host, new_id), title=title, body=body, published_at=moved)


def corpus(rng: random.Random, articles: int, share: float) -> tuple[list[Story], dict[str, str]]:
    """Stories in original order, and each copy's expected original."""
    originals = bundled()
    start = min(s.published_at for s in originals)
    originals += generated(rng, max(0, int(articles / (1 + share)) - len(originals)), start)
    expected: dict[str, str] = {}
    copies = []
    for n, story in enumerate(rng.sample(originals, int(len(originals) * share))):
        copy = edited_copy(rng, story, 9_000_000 + n)
        copies.append(copy)
        first, second = sorted((story, copy), key=lambda s: original_rank(s.key, s.published_at))
        expected[key_text(second.key)] = key_text(first.key)  # same day: the legacy host's
    stories = sorted(originals + copies, key=lambda s: original_rank(s.key, s.published_at))
    return stories, expected


def measure(
    stories: list[Story], expected: dict[str, str], shingle_words: int, threshold: float
) -> None:
    finder = NearDuplicateFinder(threshold, shingle_words=shingle_words)
    started = time.perf_counter()
    for story in stories:
        finder.add(story)
    elapsed = time.perf_counter() - started
    found = finder.links()
    right = sum(1 for copy, root in found.items() if expected.get(copy) == root)
    precision = right / len(found) if found else 1.0
    recall = right / len(expected) if expected else 1.0
    per_10k = elapsed / len(stories) * 10_000
    print(
        f"word {shingle_words}-grams, threshold {threshold}: {len(stories)} articles, "
        f"{len(expected)} copies, "
        f"{len(found)} links: precision {precision:.3f}, recall {recall:.3f}, "
        f"{per_10k:.1f} s per 10,000 articles"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--copies", type=float, default=0.2, help="share of originals copied")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    stories, expected = corpus(random.Random(args.seed), args.articles, args.copies)
    for size in (3, 5):
        for threshold in (0.7, 0.8):
            measure(stories, expected, size, threshold)


if __name__ == "__main__":
    main()
