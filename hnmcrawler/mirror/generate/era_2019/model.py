"""What an era_2019 story is decided into: ``Story`` (markup quirks included) and its pictures.

``articles`` builds them, ``article_page`` and ``listing_pages`` render them; ``expected_item``
is the item a correct crawl must produce for one (ground truth, written before any parsing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from hnmcrawler.mirror.generate.corpus import ArticleText
from hnmcrawler.mirror.generate.render import weekday_date
from hnmcrawler.sites import LEGACY, Section

SPONSORED = "[TÀI TRỢ]"  # the mirror's form of the "TÀI TRỢ" title mark


def date_line(when: datetime) -> str:
    """`` 07:12 Thứ Tư ngày 01/01/2020``, as ``div.definfo div.period`` prints it."""
    return f" {weekday_date(when)}"


@dataclass(frozen=True)
class Subsection:
    slug: str
    name: str
    category_id: int  # the mirror's own choice: subsection ids are unknown

    @property
    def listing_path(self) -> str:
        return f"/Danh-muc-tin/{self.category_id}/{self.slug}"


@dataclass(frozen=True)
class Picture:
    path: str  # /Uploads/...
    caption: str = ""  # "" when the page prints none
    src_form: str = "relative"  # "relative", "protocol" (//host/...) or "absolute"

    @property
    def url(self) -> str:
        return LEGACY.base_url + self.path

    @property
    def src(self) -> str:
        forms = {"relative": "", "protocol": f"//{LEGACY.host}", "absolute": LEGACY.base_url}
        return forms[self.src_form] + self.path


@dataclass(frozen=True)
class Story:
    section: Section
    subsection: Subsection | None
    article_id: int
    slug: str
    text: ArticleText
    published: datetime
    lead: Picture | None = None
    figures: list[Picture] = field(default_factory=list)
    figure_at: int = 0  # the paragraph the figures stand before
    sponsored: bool = False
    subhead: tuple[int, str] | None = None  # a bold left-aligned line before paragraph n
    sapo_tag: str = "div"  # the first child of div.article: div.sapo, p or h2.sapo
    body_form: str = "p"  # "p": one <p> each; "br": text runs split by <br>
    byline_form: str = "style"  # style="text-align: right;" or align="right"
    asides: tuple[tuple[int, str], ...] = ()  # (paragraph, "ad"/"ins"/"related"/"table")
    related: tuple[tuple[str, str], ...] = ()  # (path, title) of the related-links box
    nbsp: bool = False  # &nbsp; and U+00A0 sprinkled in, empty <p>&nbsp;</p>
    nfd: bool = False  # the whole page in Unicode NFD

    @property
    def path(self) -> str:
        segment = (self.subsection or self.section).slug
        return f"/Tin-tuc/{segment}/{self.article_id}/{self.slug}"

    @property
    def url(self) -> str:
        return LEGACY.base_url + self.path

    @property
    def title(self) -> str:
        return f"{SPONSORED} {self.text.title}" if self.sponsored else self.text.title

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs as a reader reads them, the subhead included."""
        paragraphs = list(self.text.paragraphs)
        if self.subhead:
            paragraphs.insert(*self.subhead)
        return paragraphs

    @property
    def pictures(self) -> list[Picture]:
        return ([self.lead] if self.lead else []) + self.figures

    def expected_item(self) -> dict[str, object]:
        t = self.text
        return {
            "url": self.url,
            "site": LEGACY.host,
            "article_id": self.article_id,
            "layout": "era_2019",
            "section": self.section.name,
            "subsection": self.subsection.name if self.subsection else None,
            "title": self.title,
            "sapo": t.sapo,
            "body": "\n\n".join(self.paragraphs),
            "authors": t.authors,
            "tags": t.tags,
            "images": [{"url": p.url, "caption": p.caption} for p in self.pictures],
            "published_text": date_line(self.published).strip(),
            "published_at": self.published.isoformat(),
            "updated_at": None,
        }
