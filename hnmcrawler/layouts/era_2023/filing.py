"""Where an ``era_2023`` article is filed: its section and subsection, from the breadcrumb
and the category link. The base of ``article.Era2023Article`` (and so of the detail-head
revision), which the registry picks; it reads nothing else.

    <ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">Trang chủ</a></li>
      <li class="breadcrumb-item"><a href="/do-thi">Đô thị</a></li></ol>
    <a class="block-sc-cate-name" href="/do-thi/giao-thong">Giao thông</a>
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlsplit

from hnmcrawler.layouts.base import ArticleLayout
from hnmcrawler.layouts.html import text_of
from hnmcrawler.sites import CURRENT
from hnmcrawler.urls import article_key

_HOME = "trang chủ"


class Era2023Filing(ArticleLayout):
    """``section`` and ``subsection``: the breadcrumb's items after "Trang chủ", the category
    naming a subsection the breadcrumb stops short of."""

    BREADCRUMB = "ol li.breadcrumb-item"  # after "Trang chủ": section, subsection; a or text
    CRUMB_MAX_LENGTH = 60  # a longer crumb is the article's title, not a section
    CATEGORY = "a.block-sc-cate-name"  # the most specific section (hnm-site.md)

    def title(self) -> str:
        """The headline (a last crumb may repeat it); the article layout reads it."""
        raise NotImplementedError

    def section(self) -> str:
        return next(iter(self._crumbs), "")

    def subsection(self) -> str | None:
        crumbs = self._crumbs
        return crumbs[1] if len(crumbs) > 1 else None

    @cached_property
    def _crumbs(self) -> list[str]:
        """The breadcrumb's items after "Trang chủ", linked or not, then the category when
        it names a subsection the breadcrumb stops short of."""
        names: list[str] = []
        for item in self.select(self.BREADCRUMB):
            link = self.first("a", item)
            name = text_of(link) or text_of(item)
            href = self.absolute(link.get("href")) if link is not None else ""
            if name.casefold() == _HOME or (href and urlsplit(href).path in ("", "/")):
                names.clear()  # what stands before "Trang chủ" is not a section
            elif self._is_section_name(name, href) and name not in names:
                names.append(name)
        category = self._category
        if not names:
            return [name for name in category if name]
        if len(names) == 1 and len(category) == 2 and category[0] in (names[0], ""):
            return [names[0], category[1]]
        return names

    def _is_section_name(self, name: str, href: str) -> bool:
        """Not empty, no link to an article, not the headline (a last crumb may repeat it)."""
        too_long = len(name) > self.CRUMB_MAX_LENGTH or name == self.title()
        return bool(name) and not article_key(href) and not too_long

    @cached_property
    def _category(self) -> list[str]:
        """``a.block-sc-cate-name``: ``[section, name]`` when its link shows a subsection
        (``""`` for a section we do not know), else ``[name]``."""
        link = self.first(self.CATEGORY)
        name = text_of(link)
        if not name:
            return []
        path = urlsplit(self.absolute(link.get("href"))).path.strip("/")
        found = CURRENT.section(path) if path else None
        slug = found.slug if found else path
        if "/" not in slug:
            return [name]
        parent = CURRENT.sections.get(slug.split("/")[0].casefold())
        parent_name = parent.name if parent else ""
        return [parent_name, name] if parent_name != name else [name]
