"""An era_2019 section's lists: the section page and its "more" answers; called by ``site``.

The section page (``templates/era_2019_listing.html``) shows the first items and what the
"more" button needs; each "more" answer is JSON ``{"Content": "<li>...</li>..."}``.
"""

from __future__ import annotations

import json
from datetime import datetime

from hnmcrawler.mirror.generate.era_2019.frame import menu_html, side_list
from hnmcrawler.mirror.generate.era_2019.model import Story
from hnmcrawler.mirror.generate.render import esc, legacy_path, template
from hnmcrawler.sites import Section

NO_IMAGE = "/Content/images/no-image.jpg"


def list_date(when: datetime) -> str:
    """`` 07:12 - 01/01/2020``, as a listing item's ``div.period`` prints it."""
    return f" {when:%H:%M} - {when:%d/%m/%Y}"


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
