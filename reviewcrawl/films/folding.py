"""Folding a whole page for matching against the catalogue: ``fold``'s answer, sooner.

Mention finding folds every body, so this is most of its cost; ``fold`` itself stays the one definition (a
property test holds the two equal).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from reviewcrawl.films.catalogue import fold

# Typographic characters that fold to a word break (no letter or digit), and ASCII's own word breaks.
_TYPOGRAPHIC_BREAKS = "\u00a0\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
_ASCII_BREAKS = {c: " " for c in range(128) if not chr(c).isalnum()}
_ASCII_BREAK_RUN = re.compile(r"[^0-9A-Za-z\u0080-\U0010ffff]+")


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
    return " ".join(_folded_words(_ASCII_BREAK_RUN.sub(" ", plain)))


def _folded_words(text: str) -> Iterator[str]:
    """``fold``'s words of a text whose ASCII word breaks are spaces already: an ASCII word is its lower
    case, a word that is letters and digits once case-folded and decomposed is that, and only the others
    (marks, symbols, other punctuation) take the full fold."""
    for word in text.split():
        if word.isascii():
            yield word.lower()
            continue
        letters = unicodedata.normalize("NFKD", word.casefold())
        folded = letters if letters.isalnum() else fold(word)
        if folded:
            yield folded
