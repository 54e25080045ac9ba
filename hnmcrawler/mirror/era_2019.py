"""Render era_2019 (hanoimoi.com.vn, 2019 - mid 2023) pages for the mirror.

``Story`` is one article as the generator decided it, markup quirks included; ``expected_item``
is the item a correct crawl must produce for it (ground truth, written before any parsing).
Templates: ``templates/era_2019_article.html`` and ``templates/era_2019_listing.html``; the
"more" answers are JSON ``{"Content": "<li>...</li>..."}`` (``render_more``).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from hnmcrawler.mirror.corpus import ArticleText
from hnmcrawler.mirror.render import esc, legacy_path, legacy_tags, link, template, weekday_date
from hnmcrawler.sites import LEGACY, Section

HOME = '<a href="/"><i class="fa fa-home"></i> Trang chủ</a>'
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


def _spaced(text: str, on: bool) -> str:
    """Escaped text; with ``on``, two spaces as the CMS writes them (&nbsp;, U+00A0)."""
    words = esc(text).split(" ")
    if not on or len(words) < 6:
        return " ".join(words)
    return " ".join(words[:2]) + "&nbsp;" + " ".join(words[2:4]) + "\u00a0 " + " ".join(words[4:])


def _figure(p: Picture) -> str:
    caption = f"<figcaption>{esc(p.caption)}</figcaption>" if p.caption else ""
    return f'<figure class="image"><img src="{esc(p.src)}" alt="">{caption}</figure>'


def _aside(kind: str, story: Story) -> str:
    links = "".join(f"<li>{link(u, t)}</li>" for u, t in story.related)
    return {
        "ad": '<div class="ads-inarticle"><script>googletag.cmd.push(function () '
        "{ googletag.display('div-gpt-ad-inread'); });</script>"
        '<a href="/Home/Ads?id=27"><img src="/Uploads/banner/2021/qc-inread.jpg" alt="">'
        "</a><span>Quảng cáo</span></div>",
        "ins": '<ins class="adsbygoogle" data-ad-client="ca-pub-0" data-ad-slot="1">'
        "Quảng cáo</ins>",
        "related": f'<div class="related-news"><h4>Tin liên quan</h4><ul>{links}</ul></div>',
        "table": f'<table class="tinlienquan"><tr><td><b>Đọc thêm</b><ul>{links}</ul></td></tr>'
        "</table>",
    }[kind]


def _byline(story: Story) -> str:
    if not story.text.authors:
        return ""
    align = 'style="text-align: right;"' if story.byline_form == "style" else 'align="right"'
    return f"<p {align}><strong>{esc(' - '.join(story.text.authors))}</strong></p>"


def _body(story: Story) -> str:
    """#abody: paragraphs (or <br> runs), figures, asides, then the byline."""
    texts = [_spaced(p, story.nbsp) for p in story.paragraphs]
    if story.subhead:
        texts[story.subhead[0]] = f"<strong>{esc(story.subhead[1])}</strong>"
    blocks = [f"<p>{t}</p>" for t in texts] if story.body_form == "p" else [*texts]
    inserts = [(story.figure_at, "\n".join(map(_figure, story.figures)))]
    inserts += [(at, _aside(kind, story)) for at, kind in story.asides]
    for at, html in sorted(inserts, key=lambda i: -i[0]):
        blocks.insert(at, html)
    if story.nbsp:
        blocks.insert(1, "<p>&nbsp;</p>")
    blocks = [b for b in blocks if b]
    if story.body_form == "p":
        html = "\n            ".join(blocks)
    else:  # one or two <br> between runs, as pasted text has them
        html = "".join(b + ("<br>\n<br>\n" if n % 2 else "<br>\n") for n, b in enumerate(blocks))
    return f"            {html}\n            {_byline(story)}"


def _menu() -> str:
    items = ['<li><a href="/"><i class="fa fa-home"></i></a></li>']
    for slug in MENU_SECTIONS:
        section = LEGACY.sections[slug.casefold()]
        items.append(f"<li>{link(legacy_path(section.listing_url), section.name)}</li>")
    return '      <ul class="menufst nav">' + "".join(items) + "</ul>"


def _breadcrumb(story: Story) -> str:
    links = [HOME, link(legacy_path(story.section.listing_url), story.section.name)]
    if story.subsection:
        links.append(link(story.subsection.listing_path, story.subsection.name))
    return " <span>›</span> ".join(links)


def _sapo(story: Story) -> str:
    sapo = _spaced(story.text.sapo, story.nbsp)
    opening = {"div": '<div class="sapo">', "p": "<p>", "h2": '<h2 class="sapo">'}[story.sapo_tag]
    return f"{opening}<strong>{sapo}</strong></{story.sapo_tag}>"


def _thumbox(story: Story) -> str:
    if story.lead is None:
        return ""
    caption = f'<p class="desc">{esc(story.lead.caption)}</p>' if story.lead.caption else ""
    img = f'<img src="{esc(story.lead.src)}" alt="{esc(story.title)}">'
    return f'          <div class="thumbox">{img}{caption}</div>\n'


def _tags(story: Story) -> str:
    if not story.text.tags:
        return ""
    links = legacy_tags(story.text.tags)
    return f'          <div class="tags"><span>Từ khóa:</span> {links}</div>\n'


def _side_list(stories: list[Story]) -> str:
    return "\n".join(f"          <li>{link(s.path, s.title)}</li>" for s in stories)


def render_article(story: Story, samecate: list[Story], mostread: list[Story]) -> str:
    """The article page; the whole page in NFD when the story says so."""
    title = _spaced(story.title, story.nbsp) + ("&nbsp;" if story.nbsp else "")
    og_image = story.lead.url if story.lead else ""
    page = template("era_2019_article.html").substitute(
        head_title=esc(story.title),
        head_description=esc(story.text.sapo),
        canonical_url=esc(story.url),
        og_image_html=f'<meta property="og:image" content="{esc(og_image)}">\n' if og_image else "",
        menu_html=_menu(),
        breadcrumb_html=_breadcrumb(story),
        title_html=title,
        date_text=esc(date_line(story.published)),
        sapo_html=_sapo(story),
        thumbox_html=_thumbox(story),
        body_html=_body(story),
        tags_html=_tags(story),
        samecate_html=_side_list(samecate),
        mostread_html=_side_list(mostread),
    )
    return unicodedata.normalize("NFD", page) if story.nfd else page


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
        menu_html=_menu(),
        category_id=category_id,
        last_article_id=stories[-1].article_id if stories else "",
        items_html="\n".join(f"          {list_item(s)}" for s in stories),
        mostread_html=_side_list(mostread),
    )


def render_more(stories: list[Story]) -> str:
    """A "more" answer, escaped like ASP.NET's serializer (<, >, &, ' as \\uXXXX)."""
    content = json.dumps({"Content": "".join(map(list_item, stories))}, ensure_ascii=False)
    for char in "<>&'":
        content = content.replace(char, f"\\u{ord(char):04x}")
    return content
