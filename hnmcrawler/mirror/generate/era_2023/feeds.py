"""era_2023 (hanoimoi.vn) feeds: the RSS feed of a section and the sitemaps; called by ``site``.

RSS 2.0 (``templates/era_2023_rss.xml``), each ``description`` holding an ``img`` in CDATA,
``pubDate`` in RFC 822; sitemaps with ``loc`` and, when known, ``lastmod`` in +07:00.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

from hnmcrawler.mirror.generate.era_2023.model import BASE, Crumb, ListedItem
from hnmcrawler.mirror.generate.render import esc, template

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _cdata(text: str) -> str:
    return text.replace("]]>", "]]]]><![CDATA[>")


def _rss_item(item: ListedItem) -> str:
    url = esc(item.url)
    description = (
        f'<a href="{url}"><img src="{esc(item.thumb)}" alt="" /></a><br />{esc(item.sapo)}'
    )
    return (
        "    <item>\n"
        f"      <title>{esc(item.title)}</title>\n"
        f"      <link>{url}</link>\n"
        f'      <guid isPermaLink="true">{url}</guid>\n'
        f"      <description><![CDATA[{_cdata(description)}]]></description>\n"
        f"      <pubDate>{format_datetime(item.published)}</pubDate>\n"
        "    </item>"
    )


def render_rss(crumbs: tuple[Crumb, ...], items: list[ListedItem], built: datetime) -> str:
    """``/rss/{section}``: the feed of the section ``crumbs`` ends with."""
    return template("era_2023_rss.xml").substitute(
        title=esc(f"{crumbs[-1].name} - Báo Hànộimới"),
        link=esc(BASE + crumbs[-1].path),
        feed_url=esc(f"{BASE}/rss{crumbs[-1].path}"),
        built=format_datetime(built),
        items_html="\n".join(map(_rss_item, items)),
    )


def _sitemap(root: str, entry: str, rows: list[tuple[str, datetime | None]]) -> str:
    """``<root>`` of ``<entry><loc>..</loc>[<lastmod>..</lastmod>]</entry>`` rows."""
    lines = "\n".join(
        f"  <{entry}><loc>{esc(loc)}</loc>"
        + (f"<lastmod>{when.isoformat()}</lastmod>" if when else "")
        + f"</{entry}>"
        for loc, when in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} xmlns="{SITEMAP_NS}">\n'
        f"{lines}\n</{root}>\n"
    )


def render_urlset(urls: list[tuple[str, datetime | None]]) -> str:
    """A sitemap ``urlset``: ``loc`` and, when known, ``lastmod`` (+07:00)."""
    return _sitemap("urlset", "url", urls)


def render_sitemap_index(children: list[tuple[str, datetime | None]]) -> str:
    """The ``sitemapindex`` naming the child sitemaps."""
    return _sitemap("sitemapindex", "sitemap", children)
