"""What an era_2017 article is decided into: ``LegacyArticle`` and its expected item.

``articles`` builds them, ``article_page`` and ``listing_pages`` render them; ``expected_item``
is the item a correct crawl must produce for one (ground truth, written before any parsing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hnmcrawler.mirror.generate.corpus import ArticleText
from hnmcrawler.mirror.generate.render import weekday_date
from hnmcrawler.sites import LEGACY, Section


@dataclass(frozen=True)
class LegacyArticle:
    section: Section
    article_id: int
    slug: str
    text: ArticleText
    published: datetime
    image_user: str
    image_files: list[str]
    figure_at: int  # the paragraph the figures stand before
    body_container: str = "NewsGallery"  # or "summ" (older pages)

    @property
    def path(self) -> str:
        return f"/Tin-tuc/{self.section.slug}/{self.article_id}/{self.slug}"

    @property
    def url(self) -> str:
        return LEGACY.base_url + self.path

    def image_path(self, name: str) -> str:
        d = self.published
        return f"/Uploads/{self.image_user}/{d.year}/{d.month}/{d.day}/{name}"

    def expected_item(self) -> dict[str, object]:
        t = self.text
        return {
            "url": self.url,
            "site": LEGACY.host,
            "article_id": self.article_id,
            "layout": "era_2017",
            "section": self.section.name,
            "subsection": None,
            "title": f"{t.kicker} {t.title}".strip(),
            "sapo": t.sapo,
            "body": "\n\n".join(t.paragraphs),
            "authors": t.authors,
            "tags": t.tags,
            "images": [
                {"url": LEGACY.base_url + self.image_path(f), "caption": c}
                for f, c in zip(self.image_files, t.captions, strict=True)
            ],
            "published_text": weekday_date(self.published),
            "published_at": self.published.isoformat(),
            "updated_at": None,
        }
