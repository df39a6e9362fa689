"""Element lookups for the metadata and rating readers: selectors answered from one view per page.

The readers ask each page about dozens of selectors; compiled one by one, every selector walks the whole tree.
A ``PageView`` reads all class attribute values once (one XPath, no element objects) and fetches only the few
elements that carry a class some selector asks for. Tags and attributes are looked up by libxml2 directly, and
"is this element inside such a region" answers are remembered for the ancestors they pass through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TypeAlias

from lxml import etree

from reviewcrawl.extract.page.page import Page
from reviewcrawl.extract.page.simplecss import AttributeTest, Compound, Element, Selector
from reviewcrawl.extract.page.textrepair import clean_text

RegionTest: TypeAlias = Callable[[Element], bool]

_DOCUMENT_STRING = etree.XPath("string(/)", smart_strings=False)
_CLASS_VALUES = etree.XPath("descendant-or-self::*/@class", smart_strings=False)
# CSS splits class lists on XML whitespace only; a no-break space is part of a class name.
_CLASS_BREAKS = frozenset(" \t\n\r\0")
_VIEW_KEY = "page_view"
_FEW_PER_PAGE = frozenset({"h1", "time", "article", "main", "header"})


def class_positions(values: str, name: str) -> list[int]:
    """Document-order indices of the class attributes, joined by NUL in ``values``, that list ``name``."""
    end = len(name)
    # A whole name stands between two breaks, or at an end of the joined values.
    whole = (
        at
        for at in _occurrences(values, name)
        if (at == 0 or values[at - 1] in _CLASS_BREAKS)
        and (at + end == len(values) or values[at + end] in _CLASS_BREAKS)
    )
    return _attribute_indices(values, whole)


def _attribute_indices(values: str, starts: Iterable[int]) -> list[int]:
    """The indices of the NUL-joined attributes holding these ascending offsets of ``values``, once each."""
    found: list[int] = []
    index, counted = 0, 0  # attributes passed so far, counted up to this offset
    for at in starts:
        index += values.count("\0", counted, at)
        counted = at
        if not found or found[-1] != index:
            found.append(index)
    return found


# The view


class PageView:
    """Lookups over one parsed document; every answer is computed once."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self._class_values: str | None = None
        self._text: str | None = None
        self._selected: dict[Selector, list[Element]] = {}
        self._by_class: dict[str, list[Element]] = {}
        self._attribute_values: dict[str, list[str]] = {}
        self._by_attribute: dict[str, list[Element]] = {}
        self._by_tag: dict[str, list[Element]] = {}
        self._regions: dict[RegionTest, dict[Element, bool]] = {}

    @property
    def text(self) -> str:
        """All text of the document, script and style included, as one string."""
        if self._text is None:
            self._text = str(_DOCUMENT_STRING(self.root))
        return self._text

    def select(self, selector: Selector) -> list[Element]:
        """Elements matching the selector, in document order (the root itself included)."""
        found = self._selected.get(selector)
        if found is None:
            found = self._find(selector)
            self._selected[selector] = found
        return found

    def _find(self, selector: Selector) -> list[Element]:
        subject = selector.subject
        if len(selector.steps) > 1 and not subject.classes:
            # "article h1", ".td-post-author-name a": search inside the rare outer matches, not every h1 or a.
            scopes = _outermost(self.select(selector.scope))
            return [
                element
                for scope in scopes
                for element in scope.iter(subject.tag)
                if element is not scope and subject.matches(element)
            ]
        return [
            element
            for element in self._candidates(subject)
            if subject.matches(element) and selector.has_ancestors(element)
        ]

    def inside(self, element: Element, starts_region: RegionTest) -> bool:
        """Whether the element or one of its ancestors starts a region of the kind ``starts_region`` tells."""
        known = self._regions.setdefault(starts_region, {})
        path: list[Element] = []
        node: Element | None = element
        answer = False
        while node is not None:
            remembered = known.get(node)
            if remembered is not None:
                answer = remembered
                break
            if starts_region(node):
                known[node] = answer = True
                break
            path.append(node)
            node = node.getparent()
        for visited in path:
            known[visited] = answer
        return answer

    def _candidates(self, subject: Compound) -> list[Element]:
        # A page has few of these tags, and libxml2 finds them faster than a class can be looked up.
        if subject.tag in _FEW_PER_PAGE:
            return self._with_tag(subject.tag)
        if subject.classes:
            return self._with_class(subject.classes[0])
        if subject.attributes:
            return self._with_attribute(subject.attributes[0])
        assert subject.tag is not None
        return self._with_tag(subject.tag)

    def _with_class(self, name: str) -> list[Element]:
        found = self._by_class.get(name)
        if found is None:
            found = _class_owners(self.root, class_positions(self._read_class_values(), name))
            self._by_class[name] = found
        return found

    def with_class_part(self, parts: tuple[str, ...]) -> Iterator[Element]:
        """Elements whose class attribute holds one of ``parts`` anywhere (``uthor`` in "post-author__name"),
        in document order; found lazily, so a reader that stops at the first good one walks no further."""
        values = self._read_class_values()
        # A plain substring search per part is several times faster than one regex alternation.
        starts = sorted({at for part in parts for at in _occurrences(values, part)})
        return _iter_class_owners(self.root, _attribute_indices(values, starts))

    def _read_class_values(self) -> str:
        if self._class_values is None:
            # NUL cannot occur in an attribute, so it marks where one value ends and the next begins.
            self._class_values = "\0".join(_CLASS_VALUES(self.root))
        return self._class_values

    def attribute_values(self, name: str) -> list[str]:
        """Every value of the attribute ``name`` in the document, in document order."""
        values = self._attribute_values.get(name)
        if values is None:
            values = self._attribute_values[name] = _attribute_values(name)(self.root)
        return values

    def _with_attribute(self, test: AttributeTest) -> list[Element]:
        values = self.attribute_values(test.name)
        # Reading the values alone is cheap; the elements are fetched only when one of them can pass.
        if not any(test.passes_value(value) for value in values):
            return []
        found = self._by_attribute.get(test.name)
        if found is None:
            found = [value.getparent() for value in _attribute_owners(test.name)(self.root)]
            self._by_attribute[test.name] = found
        return found

    def _with_tag(self, tag: str) -> list[Element]:
        found = self._by_tag.get(tag)
        if found is None:
            found = list(self.root.iter(tag))
            self._by_tag[tag] = found
        return found


def _occurrences(text: str, part: str) -> Iterator[int]:
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


def _class_owners(root: Element, positions: list[int]) -> list[Element]:
    """The elements owning the class attributes at these document-order indices (ascending).

    Counted along one walk that stops at the last of them: an XPath asking for the n-th class attribute
    would gather all of the page's class attributes for every element it fetches.
    """
    return list(_iter_class_owners(root, positions))


def _iter_class_owners(root: Element, positions: list[int]) -> Iterator[Element]:
    """``_class_owners`` one at a time."""
    if not positions:
        return
    wanted = iter(positions)
    target = next(wanted)
    index = 0
    for element in root.iter(etree.Element):
        if element.get("class") is None:
            continue
        if index == target:
            yield element
            target = next(wanted, -1)
            if target < 0:
                return
        index += 1


def _outermost(elements: list[Element]) -> list[Element]:
    """The elements not inside another of them; their subtrees cover all the others'."""
    members = set(elements)
    outer = []
    for element in elements:
        node = element.getparent()
        while node is not None and node not in members:
            node = node.getparent()
        if node is None:
            outer.append(element)
    return outer


@cache
def _attribute_values(name: str) -> etree.XPath:
    return etree.XPath(f"descendant-or-self::*/@{name}", smart_strings=False)


@cache
def _attribute_owners(name: str) -> etree.XPath:
    return etree.XPath(f"descendant-or-self::*/@{name}")


def page_view(page: Page) -> PageView:
    """The page's view, made on first use and kept with the page."""
    view = page._cache.get(_VIEW_KEY)
    if not isinstance(view, PageView):
        view = PageView(page.tree)
        page._cache[_VIEW_KEY] = view
    return view


# Text


def raw_text(element: Element) -> str:
    """The element's text content as the document holds it: XPath string(), got several times faster."""
    return str(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


def element_text(element: Element) -> str:
    """The element's text content, cleaned and with whitespace collapsed."""
    return clean_text(raw_text(element))


def collapse(text: str | None) -> str:
    return clean_text(text or "")


@cache
def _text_node_query(words: tuple[str, ...]) -> etree.XPath:
    condition = " or ".join(f"contains(., '{word}')" for word in words)
    return etree.XPath(f"//text()[{condition}]")


def elements_with_text(view: PageView, words: tuple[str, ...]) -> list[Element]:
    """Elements holding a text node that contains one of ``words``, in document order.

    Walking text nodes keeps this linear; asking every element for its text_content() is quadratic. Words the
    document's text lacks are left out of the walk, and most pages hold none of them at all.
    """
    present = tuple(word for word in words if word in view.text)
    if not present:
        return []
    found: list[Element] = []
    seen: set[Element] = set()
    for node in _text_node_query(present)(view.root):
        element = node.getparent()
        if node.is_tail and element is not None:
            element = element.getparent()
        if element is not None and element not in seen:
            seen.add(element)
            found.append(element)
    return found
