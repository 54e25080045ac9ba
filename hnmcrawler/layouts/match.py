"""CSS compound selectors (``div.c-box``, ``.ads``, ``#abody``, ``[class*="related"]``)
matched against one lxml element in Python.

The layouts drop a dozen kinds of box from a body while walking it. As XPath, each selector
is one more walk of the body (a few microseconds each, even on a small one); here the walk is
done once and every element is asked about all selectors at once, by tag and class first.

The answers are those of parsel's CSS dialect (cssselect's ``HTMLTranslator``): element and
attribute names in lower case, values compared as written, class words split on XML white
space. Only tags, classes, ids and the ``[a]``, ``[a="v"]`` and ``[a*="v"]`` attribute tests
are read here; ``simple_selectors`` leaves every other selector (combinators, pseudo-classes)
to XPath.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from cssselect import parse
from cssselect.parser import Attrib, Class, Element, Hash, Tree
from lxml import etree

_XML_SPACE = re.compile(r"[ \t\n\r]+")  # what normalize-space() splits @class on
_ATTRIBUTE_TESTS = ("exists", "=", "*=")


@dataclass(frozen=True)
class Compound:
    """One compound selector: all of its parts must hold."""

    tag: str | None = None  # None: any element
    classes: frozenset[str] = frozenset()
    attributes: tuple[tuple[str, str, str], ...] = ()  # (name, operator, value)


def _compound(tree: Tree) -> Compound | None:
    """The compound selector ``tree`` is, or None when it has more than we read here."""
    if isinstance(tree, Element):
        if tree.namespace is not None:
            return None
        return Compound(tag=tree.element.lower() if tree.element else None)
    if isinstance(tree, Class):
        inner = _compound(tree.selector)
        return inner and Compound(inner.tag, inner.classes | {tree.class_name}, inner.attributes)
    if isinstance(tree, Hash):
        inner = _compound(tree.selector)
        test = ("id", "=", tree.id)
        return inner and Compound(inner.tag, inner.classes, (*inner.attributes, test))
    if isinstance(tree, Attrib):
        inner = _compound(tree.selector)
        if tree.namespace is not None or tree.flag is not None:
            return None
        if tree.operator not in _ATTRIBUTE_TESTS:
            return None
        value = (tree.value.value if tree.value is not None else "") or ""
        asked = (tree.attrib.lower(), tree.operator, value)
        return inner and Compound(inner.tag, inner.classes, (*inner.attributes, asked))
    return None


@lru_cache(maxsize=256)
def _parsed(css: str) -> tuple[Compound, ...] | None:
    """The compound selectors of a (comma-separated) CSS selector, or None."""
    found: list[Compound] = []
    for selector in parse(css):
        compound = None if selector.pseudo_element else _compound(selector.parsed_tree)
        if compound is None:
            return None
        found.append(compound)
    return tuple(found)


@lru_cache(maxsize=256)
def simple_selectors(selectors: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``selectors`` split into those read here and the others, each in order."""
    simple: list[str] = []
    other: list[str] = []
    for css in selectors:
        (simple if _parsed(css) is not None else other).append(css)
    return tuple(simple), tuple(other)


@lru_cache(maxsize=4096)
def _words(value: str) -> frozenset[str]:
    return frozenset(_XML_SPACE.split(value))


def _attributes_hold(element: etree._Element, tests: tuple[tuple[str, str, str], ...]) -> bool:
    for name, operator, value in tests:
        found = element.get(name)
        if found is None:
            return False
        if operator == "=" and found != value:
            return False
        if operator == "*=" and not (value and value in found):
            return False
    return True


class Matcher:
    """Tells whether an element matches any of some CSS compound selectors."""

    def __init__(self, selectors: Iterable[str]) -> None:
        compounds = [c for css in selectors for c in _parsed(css) or ()]
        self.anything = Compound() in compounds  # ``*``
        # The usual cases answered by one set look-up: a bare tag, a bare class.
        self.tags = frozenset(c.tag for c in compounds if c.tag and not (c.classes or c.attributes))
        self.classes = frozenset(
            next(iter(c.classes))
            for c in compounds
            if c.tag is None and len(c.classes) == 1 and not c.attributes
        )
        rest = [c for c in compounds if c.classes or c.attributes]
        rest = [c for c in rest if not (c.tag is None and len(c.classes) == 1 and not c.attributes)]
        self.by_tag: dict[str | None, tuple[Compound, ...]] = {}
        for compound in rest:
            self.by_tag[compound.tag] = (*self.by_tag.get(compound.tag, ()), compound)

    def __call__(self, element: etree._Element) -> bool:
        tag = element.tag
        if not isinstance(tag, str):
            return False  # comments and processing instructions
        if self.anything or tag in self.tags:
            return True
        value = element.get("class")
        words = _words(value) if value else frozenset()
        if not words.isdisjoint(self.classes):
            return True
        for compound in (*self.by_tag.get(tag, ()), *self.by_tag.get(None, ())):
            if compound.classes <= words and _attributes_hold(element, compound.attributes):
                return True
        return False


@lru_cache(maxsize=256)
def matcher(selectors: tuple[str, ...]) -> Matcher:
    """A ``Matcher`` for the simple ones among ``selectors``, built once."""
    return Matcher(selectors)
