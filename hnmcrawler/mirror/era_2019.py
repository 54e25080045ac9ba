"""era_2019 (hanoimoi.com.vn, 2019 - mid 2023) for the mirror: the model and the section lists.

``Story`` is one article as the generator decided it, markup quirks included; ``expected_item``
is the item a correct crawl must produce for it (ground truth, written before any parsing).
Here also the section page (``templates/era_2019_listing.html``) and its "more" answers, JSON
``{"Content": "<li>...</li>..."}`` (``render_more``); the article page is ``era_2019_article``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from hnmcrawler.mirror.corpus import ArticleText
from hnmcrawler.mirror.render import esc, legacy_path, link, template, weekday_date
from hnmcrawler.sites import LEGACY, Section

SPONSORED = "[TÀI TRỢ]"  # the mirror's form of the "TÀI TRỢ" title mark
MENU_SECTIONS = ("Chinh-tri", "Kinh-te", "Xa-hoi", "Giao-duc", "The-thao", "Phap-luat")
NO_IMAGE = "/Content/images/no-image.jpg"


def date_line(when: datetime) -> str:
    """`` 07:12 Thứ Tư ngày 01/01/2020``, as ``div.definfo div.period`` prints it."""
    return f" {weekday_date(when)}"


def list_date(when: datetime) -> str:
    """`` 07:12 - 01/01/2020``, as a listing item's ``div.period`` prints it."""
    return f" {when:%H:%M} - {when:%d/%m/%Y}"


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


def menu_html() -> str:
    """The top menu: home, then the sections in ``MENU_SECTIONS``."""
    items = ['<li><a href="/"><i class="fa fa-home"></i></a></li>']
    for slug in MENU_SECTIONS:
        section = LEGACY.sections[slug.casefold()]
        items.append(f"<li>{link(legacy_path(section.listing_url), section.name)}</li>")
    return '      <ul class="menufst nav">' + "".join(items) + "</ul>"


def side_list(stories: list[Story]) -> str:
    """The ``li`` links of a side box ("Tin cùng chuyên mục", "Đọc nhiều")."""
    return "\n".join(f"          <li>{link(s.path, s.title)}</li>" for s in stories)


def list_item(story: Story) -> str:
    """One ``li`` of a section list (page or "more" answer), links site-relative."""
    thumb = story.lead.path if story.lead else NO_IMAGE
    return (
        f'<li><a href="{esc(story.path)}" title="{esc(story.title)}">'
        f'<span class="img"><img src="{esc(thumb)}" alt=""></span><h4>{esc(story.title)}</h4></a>'
        f"<p>{esc(story.text.sapo)}</p>"
        f'<div class="period">{esc(list_date(story.published))}</div></li>'
    )


def render_section_page(
    section: Section, category_id: int, stories: list[Story], mostread: list[Story]
) -> str:
    """The section page: its first items and what the "more" button needs."""
    return template("era_2019_listing.html").substitute(
        section_name=esc(section.name),
        section_url=esc(legacy_path(section.listing_url)),
        menu_html=menu_html(),
        category_id=category_id,
        last_article_id=stories[-1].article_id if stories else "",
        items_html="\n".join(f"          {list_item(s)}" for s in stories),
        mostread_html=side_list(mostread),
    )


def render_more(stories: list[Story]) -> str:
    """A "more" answer, escaped like ASP.NET's serializer (<, >, &, ' as \\uXXXX)."""
    content = json.dumps({"Content": "".join(map(list_item, stories))}, ensure_ascii=False)
    for char in "<>&'":
        content = content.replace(char, f"\\u{ord(char):04x}")
    return content
