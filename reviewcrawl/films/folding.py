"""Folding a whole page for matching against the catalogue: ``fold``'s answer, sooner.

Mention finding folds every body, so this is most of its cost; ``fold`` itself stays the one definition (a
property test holds the two equal).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from reviewcrawl.films.catalogue import without_marks

# Typographic characters that fold to a word break (no letter or digit), and ASCII's own word breaks.
_TYPOGRAPHIC_BREAKS = "\u00a0\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
_ASCII_BREAKS = {c: " " for c in range(128) if not chr(c).isalnum()}
# The same as bytes of UTF-8, where every byte of a non-ASCII character is 0x80 or more: one C pass.
_ASCII_BREAK_BYTES = bytes(c if c > 127 or chr(c).isalnum() else 32 for c in range(256))
# What is left to break words at once ASCII's breaks are spaces: a character neither a word's nor a space
# (few on a page, where every space would be a match of ``fold``'s pattern).
_OTHER_BREAK = re.compile(r"[^\w\s]")


@lru_cache(maxsize=4)
def folded_text(text: str) -> str:
    """``fold(text)``, the same string, sooner for the pages most reviews are: ASCII but for curly quotes and
    dashes, where folding is lower-casing and breaking words at everything else. Kept for the callers that
    read the same page in turn (tagging, mentions)."""
    plain = text
    for char in _TYPOGRAPHIC_BREAKS:
        if char in plain:
            plain = plain.replace(char, " ")
    if plain.isascii():
        return " ".join(plain.lower().translate(_ASCII_BREAKS).split())
    spaced = (
        plain.encode("utf-8", "surrogatepass").translate(_ASCII_BREAK_BYTES).decode("utf-8", "surrogatepass")
    )
    letters = without_marks(unicodedata.normalize("NFKD", spaced.casefold()))
    broken = _OTHER_BREAK.sub(" ", letters)
    return " ".join((broken.replace("_", " ") if "_" in broken else broken).split())
