"""Write the bundled mirror (``fixtures/site``) and era fixture pairs, deterministically.

    python -m hnmcrawler.mirror.generate fixtures      # what CI and the demo crawl

era_2017 (hanoimoi.com.vn): the sections in ``MIRROR_SECTIONS``, 10 articles a listing page,
``ARTICLES_PER_SECTION`` generated articles each plus the real seed page in Chính trị. Every
generated page's expected item is known from what was rendered (ground truth, not parsed):
``fixtures/mirror_expected.jsonl`` lists them all, and a few become ``fixtures/era_2017`` pairs.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.mirror.corpus import ArticleText, article_text, ascii_slug
from hnmcrawler.mirror.era_2017 import LegacyArticle, render_article, render_listing_pages
from hnmcrawler.mirror.paths import file_for_url
from hnmcrawler.mirror.seed import SEED_ARTICLE
from hnmcrawler.sites import LEGACY

MIRROR_SECTIONS: tuple[str, ...] = ("Chinh-tri", "Kinh-te", "Xa-hoi")
ARTICLES_PER_SECTION = 30
PAGE_SIZE = 10
NEWEST = datetime(2017, 3, 31, 21, 0, tzinfo=VIETNAM_TZ)
ROBOTS_TXT = "User-agent: *\nDisallow: /Search\nDisallow: /Comment\nDisallow: /Home/Login\n"


def dump_json(data: Any) -> str:
    """The fixture JSON form: sorted keys, UTF-8 unescaped, 2-space indent."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def seed_article() -> LegacyArticle:
    s = SEED_ARTICLE
    text = ArticleText(
        s["kicker"], s["title"], s["sapo"], s["paragraphs"], s["captions"], s["authors"], s["tags"]
    )
    return LegacyArticle(
        section=LEGACY.sections[s["section_slug"].casefold()],
        article_id=s["article_id"],
        slug=s["slug"],
        text=text,
        published=datetime(*s["date"], tzinfo=VIETNAM_TZ),
        image_user=s["image_user"],
        image_files=s["image_files"],
        figure_at=0,
    )


def generated_articles(rng: random.Random, slug: str, first_id: int) -> list[LegacyArticle]:
    """``ARTICLES_PER_SECTION`` articles of one section, newest first, 1-5 days apart."""
    section = LEGACY.sections[slug.casefold()]
    when, articles = NEWEST, []
    for n in range(ARTICLES_PER_SECTION):
        when -= timedelta(days=rng.randint(1, 5), minutes=rng.randint(-300, 300))
        text = article_text(rng, slug, (when - timedelta(days=1)).strftime("%d-%m-%Y"))
        articles.append(
            LegacyArticle(
                section=section,
                article_id=first_id - n * 7 - rng.randint(0, 6),
                slug=ascii_slug(text.title),
                text=text,
                published=when.replace(second=0, microsecond=0),
                image_user=ascii_slug(text.authors[0]).replace("-", "") if text.authors else "hnm",
                image_files=[f"anh-{first_id - n}-{i + 1}.jpg" for i in range(len(text.captions))],
                figure_at=rng.randint(0, len(text.paragraphs) - 1),
                body_container="summ" if rng.random() < 0.15 else "NewsGallery",
            )
        )
    return articles


def legacy_sections(seed: int) -> dict[str, list[LegacyArticle]]:
    rng = random.Random(seed)
    sections = {
        slug: generated_articles(rng, slug, 880000 + 20000 * i)
        for i, slug in enumerate(MIRROR_SECTIONS)
    }
    seed_page = seed_article()
    chinh_tri = [*sections["Chinh-tri"], seed_page]
    sections["Chinh-tri"] = sorted(chinh_tri, key=lambda a: a.published, reverse=True)
    return sections


def write_file(root: Path, url: str, content: str) -> None:
    rel = file_for_url(url)
    assert rel is not None, url
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def write_legacy_site(root: Path, sections: dict[str, list[LegacyArticle]]) -> None:
    base = LEGACY.base_url
    write_file(root, f"{base}/robots.txt", ROBOTS_TXT)
    write_file(
        root,
        f"{base}/",
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Hà Nội Mới</title></head><body></body></html>\n",
    )
    # One story also listed in a second section (as the site's cross-listed items are).
    cross = sections["Kinh-te"][0]
    for slug, articles in sections.items():
        others = [a[0] for s, a in sections.items() if s != slug]
        extra = [cross] if slug == "Xa-hoi" else []
        for url, html in render_listing_pages(articles, PAGE_SIZE, extra, mostread=others):
            write_file(root, url, html)
        for article in articles:
            write_file(root, article.url, render_article(article))


def pick_fixture_cases(articles: Iterable[LegacyArticle]) -> list[LegacyArticle]:
    """A few generated articles that show the variety: bylines, images, kicker, body form."""
    wanted = {
        "no-author": lambda a: not a.text.authors,
        "two-authors": lambda a: len(a.text.authors) == 2,
        "no-image-no-tags": lambda a: not a.text.captions and not a.text.tags,
        "two-images": lambda a: len(a.text.captions) == 2,
        "kicker": lambda a: bool(a.text.kicker),
        "summ-body": lambda a: a.body_container == "summ",
    }
    pool, picked = list(articles), []
    for test in wanted.values():
        picked.append(next(a for a in pool if test(a) and a not in picked))
    return picked


def write_fixture_pair(folder: Path, name: str, article: LegacyArticle) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_text(render_article(article), encoding="utf-8")
    (folder / f"{name}.json").write_text(dump_json(article.expected_item()), encoding="utf-8")


def generate(fixtures: Path, seed: int = 2017) -> int:
    """Rewrite ``fixtures/site``, ``fixtures/mirror_expected.jsonl`` and the era_2017 pairs."""
    sections = legacy_sections(seed)
    site_root = fixtures / "site"
    shutil.rmtree(site_root / LEGACY.host, ignore_errors=True)
    write_legacy_site(site_root, sections)
    everything = [a for articles in sections.values() for a in articles]
    with (fixtures / "mirror_expected.jsonl").open("w", encoding="utf-8") as out:
        for article in sorted(everything, key=lambda a: a.article_id):
            out.write(json.dumps(article.expected_item(), ensure_ascii=False, sort_keys=True))
            out.write("\n")
    era = fixtures / "era_2017"
    write_fixture_pair(era, "seed-chinh-tri-859634", seed_article())
    for article in pick_fixture_cases(everything):
        name = f"{article.section.slug.lower()}-{article.article_id}"
        write_fixture_pair(era, name, article)
    return len(everything)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", type=Path, nargs="?", default=Path("fixtures"))
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args(argv)
    count = generate(args.fixtures, args.seed)
    print(f"wrote {count} articles under {args.fixtures}")


if __name__ == "__main__":
    main()
