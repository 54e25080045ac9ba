"""Where an ``era_2023`` article stands on its page, for ``article.Era2023Article`` (its base):
the container that holds its text, the stretch from its header to the container's end, the
boxes that are not the article's, and the paragraphs of a candidate. The selectors are the
article layout's (declared here, set there); the search itself is ``container``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from lxml.html import HtmlElement

from hnmcrawler.layouts.base import memoized
from hnmcrawler.layouts.era_2023.container import (
    Order,
    Stretch,
    article_container,
    document_order,
    nearest_ancestor,
)
from hnmcrawler.layouts.era_2023.filing import Era2023Filing
from hnmcrawler.layouts.html import has_class_word, paragraphs, pruned


class Era2023Scope(Era2023Filing):
    """The article's container and stretch; the layout's fields read inside them."""

    HEADER: str
    TITLE: str
    SAPO: tuple[str, ...]
    AUTHORS: tuple[str, ...]
    DATE: str
    BODY: tuple[str, ...]
    CHROME_CLASSES: frozenset[str]
    NOT_CONTENT: tuple[str, ...]
    RELATED: tuple[str, ...]
    SHARE_WORDS: tuple[str, ...]
    SHARE_KEEPS: str
    NOT_TEXT: tuple[str, ...]

    def __init__(self, response: Any) -> None:
        super().__init__(response)
        self._read: dict[HtmlElement, list[str]] = {}  # the paragraphs of each candidate

    @cached_property
    def _order(self) -> Order:
        return document_order(self.page)

    @cached_property
    def _related_boxes(self) -> set[HtmlElement]:
        return set(self.select(", ".join(self.RELATED)))

    @cached_property
    def _not_content_boxes(self) -> set[HtmlElement]:
        return set(self.select(", ".join(self.NOT_CONTENT)))

    @memoized
    def _container(self) -> HtmlElement | None:
        """The ``BODY`` candidate that holds the title or follows it; with no title on the
        page, the one with the most text."""
        tiers = [self.select(css) for css in self.BODY]
        weight = self._weight
        return article_container(self._title_node(), tiers, self._order, self._has_text, weight)

    @memoized
    def _title_node(self) -> HtmlElement | None:
        return self.first(self.TITLE)

    @memoized
    def _stretch(self) -> Stretch:
        """From the header holding the title (or the title) to the container's end."""
        title = self._title_node()
        header = nearest_ancestor(title, self.select(self.HEADER)) if title is not None else None
        return Stretch.of(self._order, header if header is not None else title, self._container())

    def _in_article(
        self, elements: list[HtmlElement], boxed: Callable[[HtmlElement], bool]
    ) -> list[HtmlElement]:
        """Those of ``elements`` in the article's stretch and in no box ``boxed`` tells (of
        their ancestors, only those inside the stretch are asked)."""
        stretch, order = self._stretch(), self._order
        return [
            element
            for element in elements
            if stretch.holds(element, order)
            and not any(
                boxed(parent)
                for parent in element.iterancestors()
                if order[parent] >= stretch.first
            )
        ]

    def _related(self, element: HtmlElement) -> bool:
        """A box of other articles (``RELATED``)."""
        return element in self._related_boxes

    def _paragraphs(self, node: HtmlElement) -> list[str]:
        """The paragraphs of a copy of ``node`` without boxes, figures and header fields."""
        if node not in self._read:
            header = (self.HEADER, self.TITLE, *self.SAPO, *self.AUTHORS, self.DATE)
            drop = (*self.NOT_CONTENT, *self.NOT_TEXT, *header)
            self._read[node] = paragraphs(self._content(node, drop))
        return self._read[node]

    def _has_text(self, node: HtmlElement) -> bool:
        return bool(self._paragraphs(node))

    def _weight(self, node: HtmlElement) -> int:
        return sum(map(len, self._paragraphs(node)))

    def _content(self, node: HtmlElement, drop: tuple[str, ...]) -> HtmlElement:
        """A copy of ``node`` without what ``drop`` matches, chrome and share boxes."""
        return pruned(node, css=drop, test=self._is_box)

    def _not_content(self, element: HtmlElement) -> bool:
        return element in self._not_content_boxes or self._is_box(element)

    def _is_box(self, element: HtmlElement) -> bool:
        """Chrome (``CHROME_CLASSES``), or a share, social or sticky box that holds no
        content."""
        names = element.get("class") if isinstance(element.tag, str) else None
        if names and not self.CHROME_CLASSES.isdisjoint(names.split()):
            return True
        return has_class_word(element, self.SHARE_WORDS) and not self.xpath(
            self.SHARE_KEEPS, element
        )
