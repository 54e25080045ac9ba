"""Where an ``era_2023`` article stands on its page: the element that holds its text (the
container) and the stretch of the page from its header to the container's end. Pure
functions over lxml elements; ``article.Era2023Article`` calls them.

``.entry`` is a generic class: a page may hold other entries than the article's, a
highlight box above the breadcrumb or a "Đọc nhiều" list in the sidebar after it::

    <div class="entry">(highlight box)</div>
    <ol class="breadcrumb">...</ol>
    <div class="entry"><h1 class="sc-longform-header-title">...</h1><p>...</p></div>
    <aside><article class="entry"><h3>Đọc nhiều</h3><p>...</p></article></aside>

So the container is found from the title: the candidate that holds the title (the nearest),
else the first after it; a box before the title never is. A page with no title falls back to
the candidate with the most text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from lxml.html import HtmlElement

Order = dict[HtmlElement, int]  # an element's place in document order


def document_order(root: HtmlElement) -> Order:
    """Each element under ``root`` (itself included) by its place in document order."""
    return {element: place for place, element in enumerate(root.iter())}


def last_place(element: HtmlElement, order: Order) -> int:
    """The place of the last element inside ``element`` (its own when it holds none)."""
    *_, last = element.iter()
    return order[last]


def article_container(
    title: HtmlElement | None,
    tiers: Sequence[Sequence[HtmlElement]],
    order: Order,
    has_text: Callable[[HtmlElement], bool],
    weight: Callable[[HtmlElement], int],
) -> HtmlElement | None:
    """The candidate that holds the article's text, or None.

    ``tiers`` are the candidates each body selector finds, in page order, the preferred
    selector first. With a ``title``: the first tier that has a candidate holding text,
    candidates taken in turn (``_in_turn``): first inside the title's nearest candidate
    ancestor of any tier (its region), then anywhere after the title. Without: the first tier
    with text, its candidate of the largest ``weight`` (the first of equals).
    """
    if title is None:
        for tier in tiers:
            weighed = [(weight(node), -order[node], node) for node in tier]
            best = max(weighed, default=None, key=lambda entry: entry[:2])
            if best is not None and best[0] > 0:
                return best[2]
        return None
    region = nearest_ancestor(title, (node for tier in tiers for node in tier))
    for scope in (region, None) if region is not None else (None,):
        for tier in tiers:
            found = next(filter(has_text, _in_turn(title, tier, order, scope)), None)
            if found is not None:
                return found
    return None


def nearest_ancestor(element: HtmlElement, among: Iterable[HtmlElement]) -> HtmlElement | None:
    """The nearest ancestor of ``element`` that is one of ``among``, or None."""
    wanted = set(among)
    return next((parent for parent in element.iterancestors() if parent in wanted), None)


def _in_turn(
    title: HtmlElement, tier: Sequence[HtmlElement], order: Order, scope: HtmlElement | None
) -> list[HtmlElement]:
    """The candidates of ``tier`` that hold ``title``, nearest first, then those after it in
    page order; only those inside ``scope`` (or ``scope`` itself) when one is given."""
    wanted = set(tier)
    holding = [parent for parent in title.iterancestors() if parent in wanted]
    after = [node for node in tier if order[node] > order[title]]
    if scope is None:
        return [*holding, *after]
    first, last = order[scope], last_place(scope, order)
    return [node for node in (*holding, *after) if first <= order[node] <= last]


class Stretch(NamedTuple):
    """The article's part of the page in document order: from its header (or title) to the
    end of its container. Bylines, the header's picture and the body's figures stand in it;
    a sidebar or a box before the breadcrumb does not."""

    first: int
    last: int

    @classmethod
    def of(cls, order: Order, *parts: HtmlElement | None) -> Stretch:
        """From the first to the end of the last of ``parts`` (None skipped); empty for none."""
        found = [part for part in parts if part is not None]
        if not found:
            return cls(0, -1)
        return cls(min(order[p] for p in found), max(last_place(p, order) for p in found))

    def holds(self, element: HtmlElement, order: Order) -> bool:
        return self.first <= order.get(element, -1) <= self.last
