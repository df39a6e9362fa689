"""Small text helpers shared by the extraction modules."""

from __future__ import annotations

# Elements that start a new paragraph when text is laid out; everything else is inline.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
LABEL_STRIP = " \t\n:-\u2013\u2014|\u00bb\u203a>\u2022\u00b7*#\u00a0"  # edge punctuation of a label line


def collapse(text: str) -> str:
    """Whitespace runs to single spaces, ends trimmed."""
    return " ".join(text.split())


def label_key(line: str) -> str:
    """A short line reduced to how labels are compared: lower case, no edge punctuation."""
    return collapse(line).strip(LABEL_STRIP).lower()
