"""Spider arguments as users type them (``-a site=... -a sections=Kinh-te,Xa-hoi``), read
into the values the spiders use; ``UsageError`` for what cannot be read.

Called by the spiders' constructors and by ``hnmcrawler crawl``, which checks the arguments
before any request.
"""

from __future__ import annotations

from typing import Any

from hnmcrawler.exceptions import UsageError
from hnmcrawler.sites import SITES, Site
from hnmcrawler.urls import is_site_url


def flag(value: Any) -> bool:
    """A yes/no spider argument: ``1``, ``true``, ``yes``, ``on`` (any case) are yes."""
    return str(value).strip().casefold() in ("1", "true", "yes", "on")


def site_named(site: str) -> Site:
    """The site of the ``site`` argument; ``UsageError`` for a host we do not know."""
    if site not in SITES:
        raise UsageError(f"unknown site {site!r}; known: {', '.join(SITES)}")
    return SITES[site]


def section_urls(site: Site, sections: str | None) -> dict[str, str | None]:
    """Listing URL -> section display name for the ``sections`` argument (all top-level
    sections without it); ``UsageError`` for a section the site table does not know."""
    if not sections:
        return {s.listing_url: s.name for s in site.top_sections()}
    urls: dict[str, str | None] = {}
    for name in filter(None, (s.strip() for s in sections.split(","))):
        if "://" in name and is_site_url(name):
            known = [s.name for s in site.sections.values() if s.listing_url == name]
            urls[name] = known[0] if known else None
        elif (section := site.section(name)) is not None:
            urls[section.listing_url] = section.name
        else:
            known_slugs = ", ".join(s.slug for s in site.sections.values())
            raise UsageError(f"unknown section {name!r} for {site.host}; known: {known_slugs}")
    return urls
