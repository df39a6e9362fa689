"""The article a script-built page carries in its inline script data, used when the DOM shows no body.

App shells (Next.js, Nuxt, a dehydrated query cache) may send an empty page and the article as an HTML string
inside a JSON blob that the browser renders later: the walk sees nothing of it. When the DOM body is (almost)
empty, the longest such string holding paragraph markup is laid out as the body instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml import etree

MIN_MARKUP_CHARS = 400  # shorter strings are teasers or labels, not an article
POOR_DOM_CHARS = 200  # a DOM body shorter than this gives nothing: look in the scripts
NESTING = 2  # a JSON text inside a JSON string (a framework's streamed payload) is opened once more
# A JSON string literal long enough to hold an article; escapes are taken whole so quotes inside don't end it.
STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.){' + str(MIN_MARKUP_CHARS) + ',}"')
PARAGRAPH_MARKUP = re.compile(r"<(?:p|br)\b[^>]*>", re.IGNORECASE)
ENCODED_PARAGRAPH = re.compile(r"(?:\\u003c|<)(?:p|br)\b", re.IGNORECASE)
DATA_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/json", "application/javascript", "module"})


def script_markup(tree: etree._Element) -> str | None:
    """The longest HTML string with paragraph markup held by the page's inline scripts, or None."""
    best = ""
    for script in tree.iter("script"):
        if script.get("src") or not script.text or script.get("type", "").lower() not in DATA_SCRIPT_TYPES:
            continue
        for markup in _markup_strings(script.text, NESTING):
            if len(markup) > len(best):
                best = markup
    return best or None


def _markup_strings(text: str, depth: int) -> Iterator[str]:
    for literal in STRING_LITERAL.finditer(text):
        if ENCODED_PARAGRAPH.search(literal.group()) is None:
            continue
        try:
            value = json.loads(literal.group())
        except ValueError:
            continue
        if '":' not in value and PARAGRAPH_MARKUP.search(value) is not None:
            yield value
        elif depth > 1:
            yield from _markup_strings(value, depth - 1)
