"""The small CSS subset the metadata and rating readers use, parsed once and matched in Python.

Supported: tag names, classes, ``[attr]``, ``[attr=value]``, ``[attr~=value]``, compounds of those, and the
descendant combinator. Matching follows lxml's CSS translation for HTML: tag names as parsed (lower case),
attribute values compared exactly, class and ``~=`` lists split on XML whitespace only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TypeAlias

from lxml import etree

Element: TypeAlias = etree._Element

# CSS splits class lists on XML whitespace only; a no-break space is part of a class name.
_XML_SPACE = str.maketrans("\t\n\r", "   ")
_COMPOUND_PART = re.compile(r"([a-z][a-z0-9]*)|\.([\w-]+)|\[([\w-]+)(?:(~?=)([\w-]+))?\]")


@dataclass(frozen=True)
class AttributeTest:
    name: str
    operator: str | None = None  # None: present; "=": equals; "~=": one of its space-separated words
    value: str | None = None

    def passes(self, element: Element) -> bool:
        actual = element.get(self.name)
        return actual is not None and self.passes_value(actual)

    def passes_value(self, actual: str) -> bool:
        if self.operator == "=":
            return actual == self.value
        if self.operator == "~=":
            return self.value in word_list(actual)
        return True


@dataclass(frozen=True)
class Compound:
    """One step of a selector: ``tag.class[attribute]``, every part optional but not all."""

    tag: str | None = None
    classes: tuple[str, ...] = ()
    attributes: tuple[AttributeTest, ...] = ()

    def matches(self, element: Element) -> bool:
        if self.tag is not None and element.tag != self.tag:
            return False
        if self.classes:
            value = element.get("class")
            if value is None:
                return False
            names = word_list(value)
            if any(name not in names for name in self.classes):
                return False
        return all(test.passes(element) for test in self.attributes)


@dataclass(frozen=True, eq=False)
class Selector:
    """Compounds joined by descendant combinators, the subject last.

    Made once per text by css(), so identity is equality; views key their answers by the selector object.
    """

    text: str
    steps: tuple[Compound, ...]

    @property
    def subject(self) -> Compound:
        return self.steps[-1]

    @property
    def scope(self) -> Selector:
        """The selector without its subject: what the subject must sit inside."""
        return css(" ".join(self.text.split()[:-1]))

    def has_ancestors(self, element: Element) -> bool:
        """Whether the element sits inside ancestors matching the steps before the subject, in order."""
        node = element
        for step in reversed(self.steps[:-1]):
            node = node.getparent()
            while node is not None and not step.matches(node):
                node = node.getparent()
            if node is None:
                return False
        return True


@cache
def css(text: str) -> Selector:
    """Parse a selector of the supported subset: tags, classes, [attr], [attr=v], [attr~=v], descendants."""
    return Selector(text, tuple(_parse_compound(part) for part in text.split()))


def _parse_compound(text: str) -> Compound:
    tag: str | None = None
    classes: list[str] = []
    attributes: list[AttributeTest] = []
    position = 0
    while position < len(text):
        found = _COMPOUND_PART.match(text, position)
        if found is None or (found.group(1) and position):
            raise ValueError(f"unsupported selector: {text!r}")
        element_name, class_name, attribute, operator, value = found.groups()
        if element_name:
            tag = element_name
        elif class_name:
            classes.append(class_name)
        else:
            attributes.append(AttributeTest(attribute, operator, value))
        position = found.end()
    if tag is None and not classes and not attributes:
        raise ValueError(f"empty selector: {text!r}")
    return Compound(tag, tuple(classes), tuple(attributes))


def word_list(value: str) -> list[str]:
    """Space-separated words of an attribute as CSS splits them (class names, rel values)."""
    return value.translate(_XML_SPACE).split(" ")
