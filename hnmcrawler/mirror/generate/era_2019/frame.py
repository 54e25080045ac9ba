"""What every era_2019 page shows around its content: the top menu and the side-box lists.

Called by ``article_page`` and ``listing_pages``.
"""

from __future__ import annotations

from hnmcrawler.mirror.generate.era_2019.model import Story
from hnmcrawler.mirror.generate.render import legacy_path, link
from hnmcrawler.sites import LEGACY

MENU_SECTIONS = ("Chinh-tri", "Kinh-te", "Xa-hoi", "Giao-duc", "The-thao", "Phap-luat")


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
