"""An era_2019 (hanoimoi.com.vn) article page, from ``templates/era_2019_article.html``.

Every markup quirk a ``Story`` carries is written here: the sapo's tag, ``<p>`` or ``<br>``
paragraphs, the subhead, figures and asides (ads, related boxes) in the body, the byline's
alignment, ``&nbsp;`` sprinkled in, and the whole page in NFD. Called by ``site``.
"""

from __future__ import annotations

import unicodedata

from hnmcrawler.mirror.generate.era_2019.frame import menu_html, side_list
from hnmcrawler.mirror.generate.era_2019.model import Picture, Story, date_line
from hnmcrawler.mirror.generate.render import esc, legacy_path, legacy_tags, link, template

HOME = '<a href="/"><i class="fa fa-home"></i> Trang chủ</a>'


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


def render_article(story: Story, samecate: list[Story], mostread: list[Story]) -> str:
    """The article page; the whole page in NFD when the story says so."""
    title = _spaced(story.title, story.nbsp) + ("&nbsp;" if story.nbsp else "")
    og_image = story.lead.url if story.lead else ""
    page = template("era_2019_article.html").substitute(
        head_title=esc(story.title),
        head_description=esc(story.text.sapo),
        canonical_url=esc(story.url),
        og_image_html=f'<meta property="og:image" content="{esc(og_image)}">\n' if og_image else "",
        menu_html=menu_html(),
        breadcrumb_html=_breadcrumb(story),
        title_html=title,
        date_text=esc(date_line(story.published)),
        sapo_html=_sapo(story),
        thumbox_html=_thumbox(story),
        body_html=_body(story),
        tags_html=_tags(story),
        samecate_html=side_list(samecate),
        mostread_html=side_list(mostread),
    )
    return unicodedata.normalize("NFD", page) if story.nfd else page
