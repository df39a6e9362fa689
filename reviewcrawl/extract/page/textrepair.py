"""Text as pages write it, read back: character references decoded and UTF-8 read as cp1252 repaired."""

from __future__ import annotations

import html
import re

# UTF-8 read as cp1252 or latin-1: "â€" / "â\x80" start quotes and dashes, "Ã©" / "Â " accents and spaces.
_MOJIBAKE = re.compile("\u00e2\u20ac|\u00e2\u0080|[\u00c2\u00c3][\u00a0-\u00bf]")
_MOJIBAKE_LEADS = ("\u00e2", "\u00c2", "\u00c3")
# Numeric references to the characters mojibake starts with (Â Ã â), in any spelling html.unescape reads.
_LEAD_REFERENCE = re.compile(r"#0*(?:194|195|226)(?!\d)|#[xX]0*(?:c2|c3|e2)(?![0-9a-fA-F])", re.IGNORECASE)
# Entity names of the same characters (html.unescape also reads them without the semicolon).
_LEAD_NAMES = ("Acirc", "acirc", "Atilde")
_LEAD_BEFORE_REFERENCE = re.compile("[\u00e2\u00c2\u00c3]&")
# What html.unescape changes: "&#..." and named references, all of whose names start with a letter.
_REFERENCE = re.compile("&[#A-Za-z]")


def clean_text(text: str) -> str:
    """Whitespace collapsed, entities decoded (themes often escape twice: "Critics&amp;#039; Ledger") and
    UTF-8 read as cp1252 repaired ("Investorâ€™s")."""
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    if _has_mojibake(text):
        text = _repair_mojibake(text)
    return " ".join(text.split())


def needs_cleaning(text: str) -> bool:
    """Whether clean_text would do more to ``text`` than collapse its whitespace."""
    return ("&" in text and _REFERENCE.search(text) is not None) or _has_mojibake(text)


def cleaning_spans(text: str) -> list[tuple[int, int]]:
    """Where clean_text might change ``text`` beyond whitespace: character references and mojibake."""
    spans = [found.span() for found in _REFERENCE.finditer(text)] if "&" in text else []
    if _may_have_mojibake(text):
        spans += [found.span() for found in _MOJIBAKE.finditer(text)]
    return spans


def collapsed_head(text: str, size: int) -> str:
    """``clean_text(text)[:size]``, reading only as much of a long text as that takes.

    Character references never contain a space, so unescaping the text up to a space gives the start of the
    unescaped whole; whitespace collapsing is just as local. Mojibake repair is not (it succeeds or fails for
    the whole text), so a text that could hold mojibake, even through its references, is cleaned whole.
    """
    if len(text) <= 2 * size or _may_repair_mojibake(text):
        return clean_text(text)[:size]
    end = 2 * size
    while True:
        # A cut at a space: no reference runs over it, and the words before it are whole.
        end = text.find(" ", end)
        if end < 0:
            return clean_text(text)[:size]
        head = clean_text(text[:end])
        if len(head) >= size:
            return head[:size]
        end *= 4


def _may_repair_mojibake(text: str) -> bool:
    """Whether clean_text could find mojibake in ``text`` once its references are unescaped.

    A mojibake pair there has its lead from the text or from a reference, and its second character right
    after: in the text too, or from a reference that starts there.
    """
    if "&" in text and _may_reference_a_lead(text):
        return True
    if not _may_have_mojibake(text):
        return False
    return _MOJIBAKE.search(text) is not None or _LEAD_BEFORE_REFERENCE.search(text) is not None


def _may_reference_a_lead(text: str) -> bool:
    return any(name in text for name in _LEAD_NAMES) or _LEAD_REFERENCE.search(text) is not None


def _has_mojibake(text: str) -> bool:
    return _may_have_mojibake(text) and _MOJIBAKE.search(text) is not None


def _may_have_mojibake(text: str) -> bool:
    # One pass per lead character in C beats the pattern's own scan many times over.
    return not text.isascii() and any(lead in text for lead in _MOJIBAKE_LEADS)


def _repair_mojibake(text: str) -> str:
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text
