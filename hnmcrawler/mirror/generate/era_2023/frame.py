"""The frame every era_2023 page shares: header, menu and footer, and the breadcrumb.

``render_page`` puts a page's head and main content into ``templates/era_2023_page.html``;
called by ``article_page`` and ``listing_pages``.
"""

from __future__ import annotations

from collections.abc import Callable

from hnmcrawler.mirror.generate.era_2023.model import BASE, Crumb
from hnmcrawler.mirror.generate.render import esc, link, template
from hnmcrawler.sites import CURRENT


def breadcrumb_html(crumbs: tuple[Crumb, ...], text: Callable[[str], str] = esc) -> str:
    """The ``ol.breadcrumb`` items: "Trang chủ", then ``crumbs``, names written by ``text``."""
    items = [Crumb("Trang chủ", "/"), *crumbs]
    return "\n".join(
        f'      <li class="breadcrumb-item"><a href="{BASE}{c.path}">{text(c.name)}</a></li>'
        for c in items
    )


def render_page(head_html: str, main_html: str, body_class: str, today: str, channel: int) -> str:
    """A whole page: ``head_html`` and ``main_html`` in the site's header, menu and footer."""
    menu = "\n".join(
        f'      <li class="c-menu__item">{link(s.listing_url, s.name)}</li>'
        for s in CURRENT.top_sections()
    )
    return template("era_2023_page.html").substitute(
        head_html=head_html,
        body_class=body_class,
        today=esc(today),
        menu_html=menu,
        main_html=main_html,
        channel=channel,
    )
