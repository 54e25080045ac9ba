"""era_2023 (hanoimoi.vn) lists: section pages, ``getMoreArticle`` answers and the home page.

A section page (``templates/era_2023_listing.html``) shows its first items as ``li[pid]``
grid cards; the ``getMoreArticle`` JSON answers carry the rest, and ``[]`` ends the chain.
Called by ``site``, inside ``frame.render_page``.
"""

from __future__ import annotations

import json
from datetime import datetime

from hnmcrawler.mirror.generate.era_2023.frame import breadcrumb_html, render_page
from hnmcrawler.mirror.generate.era_2023.model import BASE, PLACEHOLDER, Crumb, ListedItem
from hnmcrawler.mirror.generate.render import esc, link, template


def listing_time(when: datetime) -> str:
    """``span.b-grid__time`` in section lists (assumed: the article page's form)."""
    return f"{when:%d/%m/%Y %H:%M}"


def _grid_item(item: ListedItem, cate: Crumb) -> str:
    url, title = esc(item.url), esc(item.title)
    return f"""        <li pid="{item.pid}">
          <div class="b-grid">
            <div class="b-grid__img"><a href="{url}" title="{title}"><img class="lazyload" \
src="{PLACEHOLDER}" data-src="{esc(item.thumb)}" alt="{title}"></a></div>
            <div class="b-grid__content">
              <div class="b-grid__row"><a class="b-grid__cate" href="{BASE}{cate.path}">\
{esc(cate.name)}</a><span class="b-grid__time">{listing_time(item.published)}</span></div>
              <h3 class="b-grid__title"><a href="{url}">{title}</a></h3>
              <div class="b-grid__desc"><a href="{url}">{esc(item.sapo)}</a></div>
            </div>
          </div>
        </li>"""


def render_section_page(
    crumbs: tuple[Crumb, ...],
    channel: int,
    items: list[ListedItem],
    top_read: list[ListedItem],
    today: str,
) -> str:
    """A section page: its first items as ``li[pid]``, a top-read box naming the channel."""
    name, url = crumbs[-1].name, BASE + crumbs[-1].path
    main_html = template("era_2023_listing.html").substitute(
        breadcrumb_html=breadcrumb_html(crumbs),
        section_name=esc(name),
        items_html="\n".join(_grid_item(i, crumbs[-1]) for i in items),
        channel=channel,
        top_read_html="\n".join(f"            <li>{link(i.url, i.title)}</li>" for i in top_read),
    )
    head_html = (
        f"<title>{esc(name)} - Báo Hànộimới</title>\n"
        f'<link rel="canonical" href="{esc(url)}">\n'
        f'<link rel="alternate" type="application/rss+xml" href="{BASE}/rss{crumbs[-1].path}">'
    )
    return render_page(head_html, main_html, "page-category", today, channel)


def render_more(items: list[ListedItem]) -> str:
    """A ``getMoreArticle`` answer: a JSON list (``[]`` ends the chain)."""
    return json.dumps(
        [
            {
                "PublisherId": i.pid,
                "LinktoMe2": i.url,
                "Title": i.title,
                "Headlines": i.sapo,
                "Thumbnail": i.thumb,
                "NameChannel": i.channel_name,
                "TimeX2": f"{i.published:%Y-%m-%d %H:%M:%S}",
            }
            for i in items
        ],
        ensure_ascii=False,
    )


def render_home(items: list[ListedItem], today: str) -> str:
    """The home page: the newest articles' titles in one grid."""
    grid = "\n".join(
        f'        <div class="b-grid"><h3 class="b-grid__title">{link(i.url, i.title)}</h3></div>'
        for i in items
    )
    main_html = (
        '<main class="l-main"><div class="container">\n'
        f'      <div class="c-template-list">\n{grid}\n      </div>\n'
        "</div></main>"
    )
    head_html = f'<title>Báo Hànộimới</title>\n<link rel="canonical" href="{BASE}/">'
    return render_page(head_html, main_html, "page-home", today, 0)
