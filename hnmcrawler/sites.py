"""The sites hnmcrawler knows: hosts, sections and their listing URLs, and the images
(logos, placeholders) that are never an article's picture.

Every fact here comes from ``hnm-site.md``; the ones marked *assumed* there are marked
here too, so that a correction is one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, quote, urlsplit

LEGACY_HOST = "hanoimoi.com.vn"
CURRENT_HOST = "hanoimoi.vn"


_SUBSECTION = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")
_TOP_SECTION = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Section:
    slug: str  # as the site spells it in URLs, e.g. "Kinh-te"
    name: str  # display name, e.g. "Kinh tế"
    listing_url: str  # first listing page

    @property
    def is_top(self) -> bool:
        """A top-level section (not a subsection, not the latest-news stream)."""
        return "/" not in self.slug and self.slug != "tin-moi-nhat"


@dataclass(frozen=True)
class Site:
    host: str
    base_url: str
    aliases: tuple[str, ...]  # other host names serving the same site
    sections: dict[str, Section] = field(default_factory=dict)
    # Sections as URL paths (hanoimoi.vn/do-thi/giao-thong): any subsection of a known
    # section is accepted without being listed.
    path_sections: bool = False
    # Other names of a section: "the-thao" is "van-hoa/the-thao" (hnm-site.md).
    aliases_of_sections: dict[str, str] = field(default_factory=dict)

    def section(self, slug: str) -> Section | None:
        """The section for a slug, any case (``kinh-te`` finds ``Kinh-te``)."""
        key = slug.strip().strip("/").casefold()
        key = self.aliases_of_sections.get(key, key)
        found = self.sections.get(key)
        if found is None and self.path_sections and _TOP_SECTION.match(key):
            # The URL form is known (hnm-site.md, seen): a section we have not listed is tried.
            return Section(key, key, f"{self.base_url}/{key}")
        known_top = key.split("/")[0] in self.sections
        if found is None and self.path_sections and _SUBSECTION.match(key) and known_top:
            found = Section(key, key.split("/")[1], f"{self.base_url}/{key}")
        return found

    def top_sections(self) -> list[Section]:
        return [s for s in self.sections.values() if s.is_top]


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


def _current_sections(table: list[tuple[str, str]]) -> dict[str, Section]:
    return {slug: Section(slug, name, f"https://{CURRENT_HOST}/{slug}") for slug, name in table}


CURRENT = Site(
    host=CURRENT_HOST,
    base_url=f"https://{CURRENT_HOST}",
    aliases=(f"www.{CURRENT_HOST}",),
    path_sections=True,
    aliases_of_sections={"the-thao": "van-hoa/the-thao", "giao-thong": "do-thi/giao-thong"},
    sections=_current_sections(
        [
            ("chinh-tri", "Chính trị"),
            ("kinh-te", "Kinh tế"),
            ("do-thi", "Đô thị"),
            ("do-thi/giao-thong", "Giao thông"),
            ("do-thi/quy-hoach", "Quy hoạch"),
            ("van-hoa", "Văn hóa"),
            ("van-hoa/the-thao", "Thể thao"),
            ("xa-hoi", "Xã hội"),
            ("giao-duc", "Giáo dục"),
            ("y-te", "Y tế"),
            ("the-gioi", "Thế giới"),
            ("du-lich", "Du lịch"),
            ("nong-nghiep-nong-thon", "Nông nghiệp - Nông thôn"),
            ("khoa-hoc-cong-nghe", "Khoa học - Công nghệ"),
            ("doi-song", "Đời sống"),
            ("ha-noi-ket-noi", "Hà Nội kết nối"),
            ("phap-luat", "Pháp luật"),
            ("ban-doc", "Bạn đọc"),
            ("goc-nhin", "Góc nhìn"),
            ("doanh-nghiep", "Doanh nghiệp"),
            ("tin-moi-nhat", "Tin mới nhất"),  # the latest-news stream of every section
        ]
    ),
)

SITES: dict[str, Site] = {LEGACY.host: LEGACY, CURRENT.host: CURRENT}

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


# --- Images that are no article's picture ---------------------------------------------------
# The site's share logo, which og:image and the JSON-LD image give when an article has no
# picture (hnm-site.md "More evidence": assumed, as on other OneCMS sites). Host and path.
SITE_LOGOS: frozenset[str] = frozenset({"hnm.1cdn.vn/assets/images/logo-hnm-share.png"})
LOGO_FOLDERS: tuple[str, ...] = ("/assets/images/logo",)  # assumed: the CMS's logo files
# File names (without extension) of the usual placeholders: "no-image.png", "grey.gif"...
PLACEHOLDER_NAMES: frozenset[str] = frozenset(
    {"default", "blank", "grey", "gray", "spacer", "transparent", "pixel", "1x1", "loading"}
)
PLACEHOLDER_PREFIXES: tuple[str, ...] = ("no-image", "noimage", "no_image", "placeholder")


def is_placeholder_image(url: str) -> bool:
    """True for an image address that is a site logo or a placeholder, never an article's
    picture: ``SITE_LOGOS``, anything under ``LOGO_FOLDERS``, a ``data:`` URI, a file named
    like a placeholder (``no-image.jpg``, ``default.png``, ``grey.gif``)."""
    address = url.strip()
    if not address or address[:5].lower() == "data:":
        return bool(address)
    parts = urlsplit(address if "//" in address else f"//{address}")
    path = parts.path.lower()
    if f"{parts.netloc.lower()}{path}" in SITE_LOGOS or path.startswith(LOGO_FOLDERS):
        return True
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem in PLACEHOLDER_NAMES or stem.startswith(PLACEHOLDER_PREFIXES)


# --- hanoimoi.com.vn, 2019 template: the "more" button of a section page -------------------
# (The layout reads these answers; the mirror generator writes them: both import them here.)
MORE_PATH = "/Home/ArticleCategoryListMore"  # seen
MORE_URL = MORE_PATH + "?categoryId={category}&day={day}&currentPage={page}&lastArticleId={last}"
# How the site's one public client (seen) pages: it asks ``currentPage=1&lastArticleId={aid}``
# first, ``aid`` being the value of the input in ``div.lst-category`` (the last article the
# section page shows), then keeps ``aid`` and raises only currentPage, one per answer
# (2, 3, ...). The section page is not counted: page 1 is the first batch after it.
FIRST_MORE_PAGE = 1


@dataclass(frozen=True)
class MoreRequest:
    """One "more" request of a section (``MORE_URL``): its category, day filter, page and the
    fixed ``lastArticleId`` of its chain."""

    category: str
    day: str
    page: int
    last: int

    def url(self) -> str:
        """The site-relative URL of this request."""
        return MORE_URL.format(
            category=quote(self.category, safe=""),
            day=quote(self.day, safe=""),
            page=self.page,
            last=self.last,
        )

    def following(self) -> MoreRequest:
        """The request for the next batch, as the site's client asks it: same
        ``lastArticleId``, ``currentPage`` + 1."""
        return replace(self, page=self.page + 1)


def more_request(url: str) -> MoreRequest | None:
    """The "more" request a URL makes (absolute or site-relative); None for any other URL,
    or one whose ``currentPage`` or ``lastArticleId`` is not a number.

    >>> more_request("http://hanoimoi.com.vn" + MoreRequest("164", "", 2, 1066582).url())
    MoreRequest(category='164', day='', page=2, last=1066582)
    """
    parts = urlsplit(url)
    if parts.path.casefold() != MORE_PATH.casefold():
        return None
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    page, last = query.get("currentPage", ""), query.get("lastArticleId", "")
    if not (page.isdigit() and last.isdigit() and page.isascii() and last.isascii()):
        return None
    return MoreRequest(query.get("categoryId", ""), query.get("day", ""), int(page), int(last))
