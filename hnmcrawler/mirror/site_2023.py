"""The era_2023 part of the bundled mirror: hanoimoi.vn (OneCMS) sections, feeds and sitemaps.

Each section in ``SECTIONS`` lists 25-35 generated articles (and a few videos, e-magazines
and event pages the crawler must skip), newest first: the section page shows ``PAGE_SIZE``
of them as ``li[pid]``, the ``getMoreArticle`` JSON chain the rest in batches of
``PAGE_SIZE``, and ``[]`` ends it. Also written: ``robots.txt``, a home page, one RSS feed per
section (``/rss/{section}``, its ``FEED_SIZE`` newest articles) and the sitemaps (an index of
one ``sitemap-article-YYYY-MM-DD.xml`` per day, plus a category sitemap a crawler ignores).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.mirror import corpus
from hnmcrawler.mirror.corpus import ascii_slug
from hnmcrawler.mirror.era_2023 import (
    BASE,
    CDN,
    Block,
    Crumb,
    CurrentArticle,
    Image,
    ListedItem,
    listed,
    render_article,
    render_home,
    render_more,
    render_rss,
    render_section_page,
    render_sitemap_index,
    render_urlset,
)
from hnmcrawler.mirror.files import write_file, write_fixture_pair


@dataclass(frozen=True)
class MirrorSection:
    slug: str
    channel: int  # assumed: the real slug -> channel id mapping is unknown
    crumbs: tuple[Crumb, ...]
    topics: tuple[str, ...]


SECTIONS: tuple[MirrorSection, ...] = (
    MirrorSection("kinh-te", 463, (Crumb("Kinh tế", "/kinh-te"),), tuple(corpus.TOPICS["Kinh-te"])),
    MirrorSection(
        "do-thi/giao-thong",
        472,
        (Crumb("Đô thị", "/do-thi"), Crumb("Giao thông", "/do-thi/giao-thong")),
        (
            "tổ chức lại giao thông",
            "xử lý điểm đen tai nạn giao thông",
            "phát triển vận tải hành khách công cộng",
            "chống ùn tắc giao thông",
            "xây dựng tuyến đường sắt đô thị",
            "chỉnh trang hè phố",
        ),
    ),
    MirrorSection(
        "van-hoa/the-thao",
        481,
        (Crumb("Văn hóa", "/van-hoa"), Crumb("Thể thao", "/van-hoa/the-thao")),
        (
            "phong trào thể dục thể thao quần chúng",
            "đào tạo vận động viên trẻ",
            "giải chạy vì cộng đồng",
            "phát triển thể thao thành tích cao",
            "giải bóng đá thiếu niên",
            "công tác chuẩn bị Đại hội Thể dục thể thao",
        ),
    ),
)
MIRROR_SITE = "hanoimoi.vn"
MIRROR_SECTIONS: tuple[str, ...] = tuple(section.slug for section in SECTIONS)
KINH_TE_SUB = Crumb("Tài chính", "/kinh-te/tai-chinh")  # assumed subsection of Kinh tế
PAGE_SIZE = 10
FEED_SIZE = 20
NEWEST = datetime(2026, 2, 20, 16, 39, tzinfo=VIETNAM_TZ)  # the newest article has LAST_ID
LAST_ID = 1266648
TODAY = "Thứ Sáu, 20/02/2026"  # the header date on every page: the mirror's "today"
MORE_URL = BASE + "/api/getMoreArticle/channel_empty_{pid}_{channel}_0"
ROBOTS_TXT = (
    "User-agent: *\n"
    "Allow: /\n"
    "Disallow: /api/getarticletopread\n"
    "Disallow: /tim-kiem\n"
    "Disallow: /admin\n"
    f"Sitemap: {BASE}/sitemap.xml\n"
)
# Hà Nội's wards and communes since July 2025.
PLACES = (
    "phường Hoàn Kiếm",
    "phường Ba Đình",
    "phường Đống Đa",
    "phường Cầu Giấy",
    "phường Long Biên",
    "phường Hà Đông",
    "phường Tây Hồ",
    "phường Thanh Xuân",
    "xã Đông Anh",
    "xã Gia Lâm",
    "xã Sóc Sơn",
    "phường Sơn Tây",
)
SUBHEADINGS = (
    "Tăng cường kiểm tra, giám sát",
    "Tháo gỡ khó khăn cho cơ sở",
    "Nhiều cách làm sáng tạo",
    "Phấn đấu hoàn thành chỉ tiêu năm",
)
CAPTIONS = (
    "{official} {name} phát biểu tại {place}",
    "Quang cảnh buổi làm việc tại {place}",
    "Lực lượng chức năng kiểm tra tại {place}",
    "Người dân tham gia hoạt động tại {place}",
)
NOT_ARTICLES = ("video", "emagazine", "photo", "infographic", "event")


def _sentence(rng: random.Random, topic: str) -> str:
    pick = rng.randrange(3)
    if pick == 0:
        official = f"{rng.choice(corpus.OFFICIALS)} {rng.choice(corpus.NAMES)}"
        verb, clause = rng.choice(corpus.VERBS), rng.choice(corpus.CLAUSES)
        return f"{official} yêu cầu các đơn vị {verb} {topic}, {clause}."
    if pick == 1:
        result = rng.choice(corpus.RESULTS).format(n=rng.randint(12, 980), p=rng.randint(61, 99))
        return f"{result}, {rng.choice(corpus.CLAUSES)}."
    actor, verb = rng.choice(corpus.ACTORS), rng.choice(corpus.VERBS)
    return f"Tại {rng.choice(PLACES)}, {actor} đã {verb} {topic}."


def _part_of_day(when: datetime) -> str:
    return (
        "Sáng"
        if when.hour < 11
        else "Trưa"
        if when.hour < 13
        else ("Chiều" if when.hour < 18 else "Tối")
    )


def _images(rng: random.Random, article_id: int, when: datetime, credits: list[str]) -> list[Image]:
    place = rng.choice(PLACES)
    images = []
    for n in range(rng.choice([0, 1, 1, 2, 3])):
        subject = rng.choice(CAPTIONS).format(
            official=rng.choice(corpus.OFFICIALS), name=rng.choice(corpus.NAMES), place=place
        )
        caption = "" if rng.random() < 0.15 else f"{subject}. Ảnh: {rng.choice(credits)}"
        url = f"{CDN}/{when:%Y/%m/%d}/hnm-{article_id}-{n + 1}.jpg"
        images.append(Image(url, caption, rng.random() < 0.25, rng.random() < 0.4))
    return images


def _blocks(rng: random.Random, paragraphs: list[str], images: list[Image]) -> list[Block]:
    blocks = [Block("p", p) for p in paragraphs]
    if rng.random() < 0.3:
        blocks.insert(rng.randint(1, len(blocks) - 1), Block("h", rng.choice(SUBHEADINGS)))
    for n, image in enumerate(images):
        at = 0 if n == 0 and rng.random() < 0.7 else rng.randint(1, len(blocks))
        blocks.insert(at, Block("figure", image=image))
    for kind, chance in (("ad", 0.5), ("related", 0.4), ("thumb", 0.2)):
        if rng.random() < chance:
            blocks.insert(rng.randint(1, len(blocks)), Block(kind))
    return blocks


def build_article(
    rng: random.Random, section: MirrorSection, article_id: int, when: datetime, **forced: object
) -> CurrentArticle:
    """One generated article of ``section``; ``forced`` fields override the dice."""
    topic, actor, place = rng.choice(section.topics), rng.choice(corpus.ACTORS), rng.choice(PLACES)
    verb = rng.choice(corpus.VERBS)
    title = f"{actor} {verb} {topic} tại {place}"
    sapo = (
        f"{_part_of_day(when)} {when.day}-{when.month}, {actor} {verb} {topic}. "
        f"{rng.choice(corpus.CLAUSES).capitalize()}."
    )
    paragraphs = [
        " ".join(_sentence(rng, topic) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(2, 6))
    ]
    authors = rng.sample(corpus.REPORTERS, rng.choice([0, 1, 1, 1, 2]))
    images = _images(rng, article_id, when, ["PV", *authors])
    crumbs = section.crumbs
    if section.slug == "kinh-te" and rng.random() < 0.3:
        crumbs = (*crumbs, KINH_TE_SUB)
    article = CurrentArticle(
        listing=section.slug,
        channel=section.channel,
        crumbs=crumbs,
        article_id=article_id,
        slug=ascii_slug(title),
        title=title,
        sapo=sapo,
        blocks=tuple(_blocks(rng, paragraphs, images)),
        authors=tuple(authors),
        tags=tuple(rng.sample([topic, place, actor, "Hà Nội"], rng.choice([0, 2, 3]))),
        published=when,
        updated=when + timedelta(minutes=rng.randint(20, 600)) if rng.random() < 0.3 else None,
        variant="detail-head" if rng.random() < 0.2 else "longform",
        joined_authors=len(authors) == 2 and rng.random() < 0.5,
        meta_dates=rng.choices(["meta", "zulu", "ld-only"], weights=[70, 15, 15])[0],
        nbsp=rng.random() < 0.1,
    )
    return replace(article, **forced)  # type: ignore[arg-type]


# A few pages must show each odd case; the dice decide the rest. (section, n-th article)
FORCED: dict[tuple[str, int], dict[str, object]] = {
    ("do-thi/giao-thong", 4): {"meta_shift": timedelta(hours=7), "meta_dates": "meta"},
    ("kinh-te", 6): {"nfd": True, "variant": "longform"},
    ("van-hoa/the-thao", 2): {"nbsp": True},
}


@dataclass
class Slot:
    """A place in a section's list: when, whether an article, and its id (``pid``)."""

    when: datetime
    article: bool
    pid: int = 0


def schedule(rng: random.Random) -> dict[str, list[Slot]]:
    """Each section's slots, newest first; ids fall with time across all sections."""
    slots: dict[str, list[Slot]] = {}
    for n, section in enumerate(SECTIONS):
        count = rng.randint(25, 35)
        others = {rng.randint(2, PAGE_SIZE - 2), rng.randint(PAGE_SIZE, count)}
        when = NEWEST - timedelta(hours=5 * n, minutes=rng.randint(1, 50) if n else 0)
        slots[section.slug] = []
        for i in range(count + len(others)):
            slots[section.slug].append(Slot(when, i not in others))
            when -= timedelta(days=rng.randint(1, 9), minutes=rng.randint(-300, 300))
    pid = LAST_ID
    for slot in sorted((s for v in slots.values() for s in v), key=lambda s: s.when, reverse=True):
        slot.pid = pid
        pid -= rng.randint(40, 900)
    return slots


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


def _with_related(rng: random.Random, articles: list[CurrentArticle]) -> list[CurrentArticle]:
    """Each article links two neighbours in its related boxes, with /thumbs/ images."""
    linked = []
    for i, article in enumerate(articles):
        neighbours = articles[i + 1 : i + 3] if i + 3 <= len(articles) else articles[i - 2 : i]
        related = tuple(
            (
                n.url,
                n.title,
                Image(
                    f"{CDN}/thumbs/300x200/{n.published:%Y/%m/%d}/hnm-{n.article_id}-1.jpg",
                    "",
                    lazy=rng.random() < 0.5,
                ),
            )
            for n in neighbours
        )
        linked.append(replace(article, related=related))
    return linked


Stream = list[CurrentArticle | ListedItem]


def mirror_streams(seed: int) -> dict[str, Stream]:
    """Each mirror section's list, newest first: articles and the items to skip."""
    rng = random.Random(f"{seed}-era_2023")
    slots = schedule(rng)
    streams: dict[str, Stream] = {}
    for section in SECTIONS:
        built: Stream = []
        for slot in slots[section.slug]:
            if not slot.article:
                built.append(not_article(rng, section, slot))
                continue
            forced = FORCED.get((section.slug, sum(isinstance(b, CurrentArticle) for b in built)))
            built.append(build_article(rng, section, slot.pid, slot.when, **(forced or {})))
        articles = iter(_with_related(rng, [b for b in built if isinstance(b, CurrentArticle)]))
        streams[section.slug] = [
            next(articles) if isinstance(b, CurrentArticle) else b for b in built
        ]
    return streams


def _listed(entry: CurrentArticle | ListedItem) -> ListedItem:
    return entry if isinstance(entry, ListedItem) else listed(entry, entry.crumbs[-1].name)


def write_section(
    root: Path, section: MirrorSection, stream: Stream, top: list[ListedItem]
) -> None:
    """The section page with the first ``PAGE_SIZE`` items, then the "more" JSON chain."""
    items = [_listed(e) for e in stream]
    page = render_section_page(section.crumbs, section.channel, items[:PAGE_SIZE], top, TODAY)
    write_file(root, f"{BASE}/{section.slug}", page)
    start = PAGE_SIZE
    while True:
        last = items[min(start, len(items)) - 1].pid
        batch = items[start : start + PAGE_SIZE]
        write_file(root, MORE_URL.format(pid=last, channel=section.channel), render_more(batch))
        if not batch:
            break  # "[]" ends the chain
        start += PAGE_SIZE


def write_sitemaps(root: Path, articles: list[CurrentArticle]) -> None:
    days: dict[str, list[tuple[str, datetime | None]]] = defaultdict(list)
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        days[f"{a.published:%Y-%m-%d}"].append((a.url, a.updated or a.published))
    children: list[tuple[str, datetime | None]] = [(f"{BASE}/sitemap-category.xml", None)]
    for day, urls in days.items():
        child = f"{BASE}/sitemap-article-{day}.xml"
        write_file(root, child, render_urlset(urls))
        children.append((child, max(when for _, when in urls if when)))
    sections = {c.path: None for s in SECTIONS for c in s.crumbs}
    write_file(
        root,
        f"{BASE}/sitemap-category.xml",
        render_urlset([(BASE + p, w) for p, w in sections.items()]),
    )
    write_file(root, f"{BASE}/sitemap.xml", render_sitemap_index(children))


def write_current_site(root: Path, streams: dict[str, Stream]) -> list[CurrentArticle]:
    write_file(root, f"{BASE}/robots.txt", ROBOTS_TXT)
    everything: list[CurrentArticle] = []
    for section in SECTIONS:
        stream = streams[section.slug]
        articles = [e for e in stream if isinstance(e, CurrentArticle)]
        top = [_listed(streams[s.slug][0]) for s in SECTIONS if s is not section]
        write_section(root, section, stream, top)
        feed = [_listed(a) for a in articles[:FEED_SIZE]]
        write_file(root, f"{BASE}/rss/{section.slug}", render_rss(section.crumbs, feed, NEWEST))
        for article in articles:
            write_file(root, article.url, render_article(article, TODAY))
        everything += articles
    newest = sorted(everything, key=lambda a: a.published, reverse=True)[:8]
    write_file(root, f"{BASE}/", render_home([_listed(a) for a in newest], TODAY))
    write_sitemaps(root, everything)
    return everything


def _kinds(article: CurrentArticle) -> set[str]:
    return {b.kind for b in article.blocks}


# Fixture cases: the first article (not yet picked) that shows each; none found, none written.
FIXTURE_CASES: dict[str, Callable[[CurrentArticle], bool]] = {
    "meta-disagrees": lambda a: bool(a.meta_shift),  # forced on one page each: first
    "nfd": lambda a: a.nfd,
    "nbsp": lambda a: a.nbsp,
    "detail-head-images": lambda a: a.variant == "detail-head" and bool(a.images),
    "detail-head-no-image": lambda a: a.variant == "detail-head" and not a.images,
    "detail-head-authors": lambda a: a.variant == "detail-head" and bool(a.authors),
    "no-author": lambda a: a.variant == "longform" and not a.authors,
    "two-authors-one-span": lambda a: a.joined_authors,
    "two-authors": lambda a: len(a.authors) == 2 and not a.joined_authors,
    "no-tags-no-images": lambda a: not a.tags and not a.images,
    "lazy-image": lambda a: any(i.lazy for i in a.images),
    "protocol-relative": lambda a: any(i.protocol_relative for i in a.images),
    "ad-and-related": lambda a: {"ad", "related"} <= _kinds(a),
    "related-thumb": lambda a: "thumb" in _kinds(a),
    "updated": lambda a: a.updated is not None,
    "kinh-te-subsection": lambda a: a.listing == "kinh-te" and len(a.crumbs) == 2,
    "jsonld-dates-only": lambda a: a.meta_dates == "ld-only",
    "utc-meta": lambda a: a.meta_dates == "zulu",
    "no-caption": lambda a: any(not i.caption for i in a.images),
    "subheading": lambda a: "h" in _kinds(a),
}


def pick_fixture_cases(articles: list[CurrentArticle]) -> dict[str, CurrentArticle]:
    picked: dict[str, CurrentArticle] = {}
    for case, test in FIXTURE_CASES.items():
        found = next((a for a in articles if test(a) and a not in picked.values()), None)
        if found is not None:
            picked[f"{case}-{found.article_id}"] = found
    return picked


def write_era(site_root: Path, fixtures: Path, seed: int) -> list[dict[str, object]]:
    """Write the era's mirror files and generated fixture pairs; the expected items."""
    articles = write_current_site(site_root, mirror_streams(seed))
    for stale in fixtures.glob("*.*"):  # generated pairs of another seed; hand-* pairs stay
        if not stale.name.startswith("hand-") and stale.suffix in (".html", ".json"):
            stale.unlink()
    for name, article in pick_fixture_cases(articles).items():
        write_fixture_pair(fixtures, name, render_article(article, TODAY), article.expected_item())
    return [a.expected_item() for a in articles]
