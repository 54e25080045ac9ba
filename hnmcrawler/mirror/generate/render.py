"""What every era's page writer shares: templates, escaping, links and the weekday date line.

The era_2017 and era_2019 pages (hanoimoi.com.vn) also share the form of their site-relative
links (``legacy_path``) and tag boxes (``legacy_tags``). Called by the eras' page modules
(``article_page``, ``listing_pages``, ...) and models (the weekday date of expected items).
The templates are ``templates/`` beside this module, installed as package data
(``[tool.setuptools.package-data]`` in pyproject.toml).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from string import Template

from hnmcrawler.sites import LEGACY

TEMPLATES = Path(__file__).parent / "templates"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def template(name: str) -> Template:
    """``templates/<name>``: ``$name`` slots, ``$$`` for a literal dollar."""
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def esc(text: str) -> str:
    """Text made safe for element content and double-quoted attributes."""
    return html.escape(text, quote=True)


def link(href: str, text: str) -> str:
    """``<a href="href">text</a>``, both escaped."""
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def weekday_date(when: datetime) -> str:
    """``07:12 Chủ Nhật ngày 01/01/2017``: time, weekday and date as hanoimoi.com.vn prints them."""
    return f"{when:%H:%M} {WEEKDAYS[when.weekday()]} ngày {when:%d/%m/%Y}"


def legacy_path(url: str) -> str:
    """A hanoimoi.com.vn URL as the site's own links write it: ``/Danh-muc-tin/190/Kinh-te``."""
    return url.removeprefix(LEGACY.base_url)


def legacy_tags(tags: Iterable[str]) -> str:
    """The tag links of a hanoimoi.com.vn article, ``/Tag/<tag>`` each, comma-separated."""
    return ", ".join(link(f"/Tag/{tag}", tag) for tag in tags)
