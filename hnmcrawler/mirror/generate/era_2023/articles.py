"""The era_2023 mirror's generated articles, and each section's stream of listed items.

``build_article`` throws the dice for one article: its text (the era's ``corpus``), images,
body blocks and markup quirks; ``FORCED`` makes sure a few pages show each odd case.
``mirror_streams`` fills every slot of ``sections.schedule`` with an article or an item the
crawler must skip, and links each article to two neighbours; called by ``site.write_era``.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from hnmcrawler.mirror.generate import corpus
from hnmcrawler.mirror.generate.corpus import ascii_slug
from hnmcrawler.mirror.generate.era_2023 import corpus as corpus_2023
from hnmcrawler.mirror.generate.era_2023.model import (
    BASE,
    CDN,
    Block,
    Crumb,
    CurrentArticle,
    Image,
    ListedItem,
)
from hnmcrawler.mirror.generate.era_2023.sections import (
    KINH_TE_SUB,
    SECTIONS,
    MirrorSection,
    Slot,
    schedule,
)
from hnmcrawler.mirror.generate.size import split

NOT_ARTICLES = ("video", "emagazine", "photo", "infographic", "event")
# A few pages must show each odd case; the dice decide the rest. (section, n-th article)
FORCED: dict[tuple[str, int], dict[str, object]] = {
    ("do-thi/giao-thong", 4): {"meta_shift": timedelta(hours=7), "meta_dates": "meta"},
    ("kinh-te", 6): {"nfd": True, "variant": "longform"},
    ("van-hoa/the-thao", 2): {"nbsp": True},
}
Stream = list[CurrentArticle | ListedItem]


def _images(rng: random.Random, article_id: int, when: datetime, credits: list[str]) -> list[Image]:
    place = rng.choice(corpus_2023.PLACES)
    images = []
    for n in range(rng.choice([0, 1, 1, 2, 3])):
        caption = corpus_2023.caption(rng, place, credits)
        url = f"{CDN}/{when:%Y/%m/%d}/hnm-{article_id}-{n + 1}.jpg"
        images.append(Image(url, caption, rng.random() < 0.25, rng.random() < 0.4))
    return images


def _blocks(rng: random.Random, paragraphs: list[str], images: list[Image]) -> list[Block]:
    blocks = [Block("p", p) for p in paragraphs]
    if rng.random() < 0.3:
        at = rng.randint(1, len(blocks) - 1)
        blocks.insert(at, Block("h", rng.choice(corpus_2023.SUBHEADINGS)))
    for n, image in enumerate(images):
        at = 0 if n == 0 and rng.random() < 0.7 else rng.randint(1, len(blocks))
        blocks.insert(at, Block("figure", image=image))
    for kind, chance in (("ad", 0.5), ("related", 0.4), ("thumb", 0.2)):
        if rng.random() < chance:
            blocks.insert(rng.randint(1, len(blocks)), Block(kind))
    return blocks


def _crumbs(rng: random.Random, section: MirrorSection) -> tuple[Crumb, ...]:
    """The section's breadcrumb; some Kinh tế articles sit in its subsection."""
    if section.slug == "kinh-te" and rng.random() < 0.3:
        return (*section.crumbs, KINH_TE_SUB)
    return section.crumbs


def _quirks(rng: random.Random, when: datetime, authors: list[str]) -> dict[str, object]:
    """The dice for how the page is written: update date, markup, bylines, dates, spaces."""
    updated = when + timedelta(minutes=rng.randint(20, 600)) if rng.random() < 0.3 else None
    return {
        "updated": updated,
        "variant": "detail-head" if rng.random() < 0.2 else "longform",
        "joined_authors": len(authors) == 2 and rng.random() < 0.5,
        "meta_dates": rng.choices(["meta", "zulu", "ld-only"], weights=[70, 15, 15])[0],
        "nbsp": rng.random() < 0.1,
    }


def build_article(
    rng: random.Random, section: MirrorSection, article_id: int, when: datetime, **forced: object
) -> CurrentArticle:
    """One generated article of ``section``; ``forced`` fields override the dice."""
    topic, actor = rng.choice(section.topics), rng.choice(corpus.ACTORS)
    place = rng.choice(corpus_2023.PLACES)
    title, sapo = corpus_2023.title_and_sapo(rng, topic, actor, place, when)
    paragraphs = corpus.paragraphs(rng, lambda: corpus_2023.sentence(rng, topic))
    authors = corpus.reporters(rng)
    images = _images(rng, article_id, when, ["PV", *authors])
    crumbs = _crumbs(rng, section)
    blocks = tuple(_blocks(rng, paragraphs, images))
    tags = tuple(corpus.tags(rng, topic, place, actor))
    article = CurrentArticle(
        listing=section.slug,
        channel=section.channel,
        crumbs=crumbs,
        article_id=article_id,
        slug=ascii_slug(title),
        title=title,
        sapo=sapo,
        blocks=blocks,
        authors=tuple(authors),
        tags=tags,
        published=when,
    )
    return replace(article, **(_quirks(rng, when, authors) | forced))  # type: ignore[arg-type]


def not_article(rng: random.Random, section: MirrorSection, slot: Slot) -> ListedItem:
    """A video, e-magazine, photo, infographic or event page in a section's list."""
    kind = rng.choice(NOT_ARTICLES)
    title = f"{rng.choice(corpus.ACTORS)} {rng.choice(corpus.VERBS)} {rng.choice(section.topics)}"
    slug = ascii_slug(title)
    url = (
        f"{BASE}/{slug}-event{rng.randint(10, 99)}.html"
        if kind == "event"
        else f"{BASE}/{kind}/{slug}-{slot.pid}.html"
    )
    thumb = f"{CDN}/thumbs/540x360/{slot.when:%Y/%m/%d}/{kind}-{slot.pid}.jpg"
    return ListedItem(slot.pid, url, title, f"{title}.", thumb, slot.when, section.crumbs[-1].name)


def _related_image(rng: random.Random, article: CurrentArticle) -> Image:
    """A related box's thumbnail of ``article``: ``/thumbs/300x200/``, lazy half the time."""
    url = f"{CDN}/thumbs/300x200/{article.published:%Y/%m/%d}/hnm-{article.article_id}-1.jpg"
    return Image(url, "", lazy=rng.random() < 0.5)


def _with_related(rng: random.Random, articles: list[CurrentArticle]) -> list[CurrentArticle]:
    """Each article links two neighbours in its related boxes, with /thumbs/ images."""
    linked = []
    for i, article in enumerate(articles):
        neighbours = articles[i + 1 : i + 3] if i + 3 <= len(articles) else articles[i - 2 : i]
        related = tuple((n.url, n.title, _related_image(rng, n)) for n in neighbours)
        linked.append(replace(article, related=related))
    return linked


def _section_stream(rng: random.Random, section: MirrorSection, slots: list[Slot]) -> Stream:
    built: Stream = []
    for slot in slots:
        if not slot.article:
            built.append(not_article(rng, section, slot))
            continue
        forced = FORCED.get((section.slug, sum(isinstance(b, CurrentArticle) for b in built)))
        built.append(build_article(rng, section, slot.pid, slot.when, **(forced or {})))
    articles = iter(_with_related(rng, [b for b in built if isinstance(b, CurrentArticle)]))
    return [next(articles) if isinstance(b, CurrentArticle) else b for b in built]


def mirror_streams(seed: int, articles: int | None = None) -> dict[str, Stream]:
    """Each mirror section's list, newest first: articles (``articles`` in all, or the
    bundled mirror's) and the items to skip."""
    rng = random.Random(f"{seed}-era_2023")
    slots = schedule(rng, split(articles, len(SECTIONS)) if articles else None)
    return {
        section.slug: _section_stream(rng, section, slots[section.slug]) for section in SECTIONS
    }
