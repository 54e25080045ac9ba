"""The sites hnmcrawler knows: hosts, sections and their listing URLs.

Every fact here comes from ``hnm-site.md``; the ones marked *assumed* there are marked
here too, so that a correction is one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEGACY_HOST = "hanoimoi.com.vn"
CURRENT_HOST = "hanoimoi.vn"


@dataclass(frozen=True)
class Section:
    slug: str  # as the site spells it in URLs, e.g. "Kinh-te"
    name: str  # display name, e.g. "Kinh tế"
    listing_url: str  # first listing page


@dataclass(frozen=True)
class Site:
    host: str
    base_url: str
    aliases: tuple[str, ...]  # other host names serving the same site
    sections: dict[str, Section] = field(default_factory=dict)

    def section(self, slug: str) -> Section | None:
        """The section for a slug, any case (``kinh-te`` finds ``Kinh-te``)."""
        return self.sections.get(slug.strip("/").casefold())


def _legacy_sections(table: list[tuple[int, str, str]]) -> dict[str, Section]:
    return {
        slug.casefold(): Section(slug, name, f"http://{LEGACY_HOST}/Danh-muc-tin/{cid}/{slug}")
        for cid, slug, name in table
    }


LEGACY = Site(
    host=LEGACY_HOST,
    base_url=f"http://{LEGACY_HOST}",
    aliases=(f"www.{LEGACY_HOST}",),
    sections=_legacy_sections(
        [
            (101, "Chinh-tri", "Chính trị"),  # category id assumed: unknown on the real site
            (190, "Kinh-te", "Kinh tế"),
            (163, "Xa-hoi", "Xã hội"),
            (164, "Giao-duc", "Giáo dục"),
            (166, "Du-lich", "Du lịch"),
            (170, "The-thao", "Thể thao"),
            (175, "Phap-luat", "Pháp luật"),
            (181, "Bat-dong-san", "Bất động sản"),
            (188, "Tai-chinh", "Tài chính"),
            (189, "The-gioi", "Thế giới"),
            (100, "Khoa-hoc", "Khoa học"),
        ]
    ),
)

SITES: dict[str, Site] = {LEGACY.host: LEGACY}

SITE_HOSTS: frozenset[str] = frozenset(
    host for site in SITES.values() for host in (site.host, *site.aliases)
)


def site_for_host(host: str) -> Site | None:
    """The site a host name belongs to (``www.`` and case ignored), or None."""
    host = host.casefold().split(":")[0]
    for site in SITES.values():
        if host == site.host or host in site.aliases:
            return site
    return None
