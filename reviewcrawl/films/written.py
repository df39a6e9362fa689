"""How a page writes a name: a word that is also a film's title names the film only when written as one.

Shared by tagging (which headline words are candidates, which body titles explain the people beside them)
and mention finding (which body names are mentions).
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Sequence
from functools import cached_property, lru_cache

from reviewcrawl.films.catalogue import Film
from reviewcrawl.films.folding import folded_text
from reviewcrawl.films.statements import SENTENCE_START
from reviewcrawl.films.words import stands_alone, word_positions

# The word right before a name (not a possessive: "Refn's Drive") and right after it. The word is tried
# only where a run of word characters, dots and hyphens starts (the lookbehind): tried inside one too, the
# engine would run to its end and back from every character. Same match: the run's first word character on.
_WORD_BEFORE = re.compile(r"(?<![\w.-])[.-]*(\w[\w.-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+(\w[\w-]*)")
# A capitalised word (or digits, or a wide-script one), then more of them, the small words of titles
# allowed between two ("Decision to Leave", "From the World of John Wick: Ballerina").
_CAPITAL = "A-Z0-9À-ÖØ-Þ\u0400-\u042f" + "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af"
_OPENERS = "\"“‘'«(\\["
# Opening quotes, then a capital: written to start with one set of characters (quotes and capitals) so
# the regex engine skips ahead to them instead of trying every position ("[openers]*[capital]" does not).
_CAPITALISED = rf"[{_OPENERS}{_CAPITAL}](?:(?<=[{_CAPITAL}])|(?<=[{_OPENERS}])[{_OPENERS}]*[{_CAPITAL}])\S*+"
TITLE_WORDS = (
    "a|an|and|at|by|de|del|der|des|di|du|el|for|from|in|into|la|le|les|of|on|or|the|to|und|upon|von|vs|with"
)
# Possessive (``*+``, ``++``): a word runs to a space and a gap to a word, so giving back a character never
# leads to a match, and the engine is told not to try.
_TITLE_CASE_RUN = re.compile(rf"{_CAPITALISED}(?:\s++(?:(?:{TITLE_WORDS})\s++)*{_CAPITALISED})*")
# A name of one word as ``stands_alone(..., joiners="-")`` bounds one: word characters and hyphens.
_JOINED_WORD = re.compile(r"[\w-]+")
_LEADING_TITLE_WORDS = re.compile(rf"^(?:(?:{TITLE_WORDS}) )+")
# What may follow a headline's subject standing alone at its start: "Ballerina is ...", "Drive: ...".
_SUBJECT_END = re.compile(r"\s*(?:[:,|–—-]|(?:is|was|are|were|has|review|reviewed)\b)", re.I)
_CLAUSE_END = re.compile(r"\s*[:|]\s|\s[–—-]\s")
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w-]*(?:['’]\w+)*")
_YEAR_NEXT = re.compile(r"\s*[(\[]?\s*((?:18|19|20)\d\d)\b")
# What ends a headline's subject written whole: the headline's end, a colon or dash, "review".
_WHOLE_SUBJECT_END = re.compile(
    r"[\"”’'»]?\s*(?:$|[:|–—]|-\s|\((?:18|19|20)\d\d\)|(?:film |movie )?review\b)", re.I
)
# How far either side of a word a heading or list item may reach.
_SHORT_LINE = 200
_QUOTES = " \t\"“‘'«"
_LEADING_ARTICLE = re.compile(r"^(?:The|A|An) ")
# A folded address naming its film alone: "drive", "drive review", "review drive", "drive movie review";
# the words allowed before and after the name, as plain strings (a pattern per name would be compiled
# per page: addresses name different films).
_SLUG_BEFORE = tuple(
    f"{kind}{review}" for kind in ("", "film ", "movie ") for review in ("", "review ", "reviews ")
)
_SLUG_AFTER = frozenset(
    f"{kind}{review}" for kind in ("", " film", " movie") for review in ("", " review", " reviews")
)
_CENTURIES = ("18", "19", "20")


def opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start].rstrip(" \t\"“‘'«(")
    return not before or before[-1] in ".!?:;\n"


def in_longer_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word stands beside ``text[start:end]`` ("John Wick", "Len Wiseman")."""
    after = _WORD_AFTER.match(text, end)
    if after and after.group(1)[0].isupper():
        return True
    if start == 0 or text[start - 1] not in " \t":  # no word before it on its line, spaced
        return False
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    return bool(before and before.group(1)[0].isupper())


class Stretches:
    """A text's capitalised stretches, all of them one a line, and (worked out when first asked) where each
    starts in the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = list(_TITLE_CASE_RUN.finditer(text))
        self.parts: list[str] = list(map(re.Match.group, found))  # in C, as the starts
        # The matches are not kept: kept with the last pages' stretches, they would outlive the garbage
        # collector's young generations and bring its full collections sooner.
        self._text_starts = list(map(re.Match.start, found))
        self.lines = "\n".join(self.parts)

    @cached_property
    def _starts(self) -> tuple[list[int], list[int]]:
        """Where each stretch starts in the text and in ``lines`` (then where ``lines`` ends, plus one)."""
        ends = itertools.accumulate(map(len, self.parts))
        return self._text_starts, [0, *map(operator.add, ends, itertools.count(1))]

    def positions(self, name: str) -> list[int]:
        """``word_positions(text, name, joiners="-")`` for a name that is itself a capitalised stretch:
        each of its occurrences lies inside one stretch, so only the stretches (a fifth of a page) are
        searched; whether a word stands beside it is read in the text."""
        found: list[int] = []
        text, lines, size = self.text, self.lines, len(name)
        at = lines.find(name)
        while at >= 0:
            if not stands_alone(lines, at, at + size, "-"):  # a word beside it inside a stretch ("Their")
                at = lines.find(name, at + 1)
                continue
            start = self._text_start(at)
            if stands_alone(text, start, start + size, "-"):  # and at a stretch's ends, in the text
                found.append(start)
                at = lines.find(name, at + size)
            else:
                at = lines.find(name, at + 1)
        return found

    def word_positions_less_plain(self, name: str) -> list[int]:
        """``positions`` of a capitalised name of one word (hyphens joining) less some places where it is
        plainly the everyday word: after another sentence's end on its line ("in Paris. It was"), before
        another capitalised word ("Art Basel"), or first on its line in the text (a paragraph's or
        heading's first word). Those are most of a page's occurrences of everyday words; the pattern passes
        over the first two without a step of Python each."""
        found: list[int] = []
        text, size = self.text, len(name)
        starts, line_starts = self._starts
        for at in map(re.Match.start, _standing_word(name).finditer(self.lines)):
            line = bisect.bisect_right(line_starts, at) - 1  # ``_text_start``, inline: a page has dozens
            start = starts[line] + at - line_starts[line]
            before = text[start - 1] if start else ""
            if before == "\n" or (before in _SPACES and start > 1 and text[start - 2] in _SENTENCE_ENDS):
                continue  # first on its line, or after a sentence's end: most places the pattern leaves
            if stands_alone(text, start, start + size, "-"):  # and at a stretch's ends, in the text
                found.append(start)
        return found

    def _text_start(self, at: int) -> int:
        """Where offset ``at`` of ``lines`` stands in the text."""
        starts, line_starts = self._starts
        line = bisect.bisect_right(line_starts, at) - 1
        return starts[line] + at - line_starts[line]


_SPACES = frozenset(" \t")
_SENTENCE_ENDS = frozenset(".!?:;")


@lru_cache(maxsize=1 << 14)
def _standing_word(name: str) -> re.Pattern[str]:
    """A name of one word standing alone (no word character or hyphen beside it), not after a sentence's
    end and a space nor before a space and a capital. Its assertions follow the name so the pattern starts
    with a literal, which the regex engine skips ahead to. (In a text of stretches, one a line, what it
    reads beside a name is the text's own, or a line break, which it does not read.)"""
    size = len(name)
    return re.compile(
        rf"{re.escape(name)}(?![\w-])(?<![\w-].{{{size}}})(?<![.!?:;][ \t].{{{size}}})(?![ \t]+[A-Z])"
    )


@lru_cache(maxsize=4)
def title_case_stretches(text: str) -> Stretches:
    """The stretches of ``text`` a title written as catalogued can stand in ("Anatomy of a Fall",
    "'Drive'", "발레리나는"): a title is capitalised, so the rest need not be looked up. Kept for the
    callers that read the same page in turn."""
    return Stretches(text)


def title_case_runs(text: str) -> str:
    """The capitalised stretches of ``text``, one a line."""
    return title_case_stretches(text).lines


@lru_cache(maxsize=4)
def folded_title_case_runs(text: str) -> str:
    """``title_case_runs`` folded, kept for the callers that read the same page in turn."""
    return folded_text(title_case_runs(text))


@lru_cache(maxsize=1 << 14)
def is_stretch(name: str) -> bool:
    """Whether a name is one capitalised stretch as written ("Drive", "From the World of John Wick:
    Ballerina"; not "Mission: Impossible - Fallout", whose dash ends one)."""
    return "\n" not in name and bool(_TITLE_CASE_RUN.fullmatch(name))


def written_positions(text: str, name: str) -> list[int]:
    """Where a name stands as written in ``text``, as whole words (a hyphen joins words):
    ``word_positions(text, name, joiners="-")``, searched in the capitalised stretches when it is one."""
    if is_stretch(name):
        return title_case_stretches(text).positions(name)
    return word_positions(text, name, joiners="-")


def word_positions_less_plain(text: str, name: str) -> list[int]:
    """``written_positions`` of a one-word name, less some places where it plainly opens a sentence or
    heads a longer capitalised name (``Stretches.word_positions_less_plain``); the others are the caller's
    to judge."""
    if is_one_word_stretch(name):
        return title_case_stretches(text).word_positions_less_plain(name)
    return written_positions(text, name)


@lru_cache(maxsize=1 << 14)
def is_one_word_stretch(name: str) -> bool:
    """Whether a name is one word (hyphens joining) that is a capitalised stretch: searched in the
    stretches (``Stretches.word_positions_less_plain``)."""
    return bool(_JOINED_WORD.fullmatch(name)) and is_stretch(name)


def written_as_title(text: str, folded_name: str) -> bool:
    """Whether a folded name of several words stands in ``text`` capitalised as a title ("The Night Before",
    "the Night Before"), not as everyday words ("the night before")."""
    runs = folded_title_case_runs(text)
    significant = _LEADING_TITLE_WORDS.sub("", folded_name) or folded_name
    return bool(word_positions(runs, significant))


def _title_cased(headline: str) -> bool:
    """Headline Case ("Why The Night Fans Love It"): a capital there is style, not a title."""
    words = [w for w in _HEADLINE_WORD.findall(headline)[1:] if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 >= len(words)


def headline_names_title(headline: str, written: set[str], films: Sequence[Film], body: str = "") -> bool:
    """Whether a page writes a one-word title of its headline (``written``: its spellings, naming ``films``)
    as a title: the headline's whole subject ("Ballerina is a neon-soaked revenge tale", "Drive"), dated
    with one of its films' years right after ("Drive 2011"), or capitalised as catalogued and alone in
    running words, in a headline not in Headline Case or in the ``body`` ("Besson's Nikita"). (Quoted and
    headline-pattern titles are the scorer's own evidence.)"""
    for word in _HEADLINE_WORD.finditer(headline):
        if word.group() not in written:
            continue
        start, end = word.span()
        year = _YEAR_NEXT.match(headline, end)
        if (start == 0 and _headline_subject(headline, end)) or (year and _has_year(films, year.group(1))):
            return True
        if not _title_cased(headline) and _alone_mid_sentence(headline, start, end):
            return True
        return any(
            _alone_mid_sentence(body, at, at + len(name)) and _in_running_prose(body, at)
            for name in written
            for at in word_positions(body, name)
        )
    return False


def headline_names_long_title(
    headline: str, written: set[str], films: Sequence[Film], body: str = ""
) -> bool:
    """Whether a page writes a title of several words from its headline (``written``: its spellings, naming
    ``films``) as a title, not as everyday words a Headline Case headline capitalises ("The World", "The
    Best"): the headline's subject (all of it, or all before a colon, dash or "review"), dated with one of
    its films' years right after, capitalised as catalogued in a headline not in Headline Case, or written
    again in the ``body`` capitalised mid-sentence. (Quoted, headline-pattern and address titles are the
    scorer's own evidence.)"""
    for spelling in written:
        for match in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", headline, re.I):
            start, end = match.span()
            year = _YEAR_NEXT.match(headline, end)
            if _whole_subject(headline, start, end) or (year and _has_year(films, year.group(1))):
                return True
            if (
                match.group() == spelling
                and not _title_cased(headline)
                and (start > 0 or _inner_capital(spelling))
            ):
                return True
    return any(
        _alone_mid_sentence(body, at, at + len(form))
        for spelling in written
        for form in _body_forms(spelling)
        for at in written_positions(body, form)
    )


def _whole_subject(headline: str, start: int, end: int) -> bool:
    """Whether ``headline[start:end]`` is all the headline, or all of it before a colon, dash or "review"."""
    return not headline[:start].strip(_QUOTES) and bool(_WHOLE_SUBJECT_END.match(headline, end))


def _inner_capital(name: str) -> bool:
    """Whether a word after a name's first is capitalised ("The Night Before", not "The night")."""
    return any(word[0].isupper() for word in name.split()[1:])


def _body_forms(spelling: str) -> list[str]:
    """A title as running text writes it: as catalogued, and without its leading article when more words
    remain ("the Night Before")."""
    rest = _LEADING_ARTICLE.sub("", spelling)
    return [spelling, rest] if rest != spelling and " " in rest else [spelling]


def _has_year(films: Sequence[Film], year: str) -> bool:
    return any(str(film.year) == year for film in films)


def _headline_subject(headline: str, end: int) -> bool:
    """Whether the headline's first word stands as its subject: alone, before "is" or a colon ("Ballerina
    is ...", "Drive: ..."), or heading a short first clause ("Nikita revisited: ...") that is not a question
    or a statement ("Why it matters: ...", "What is ...")."""
    rest = headline[end:]
    if not rest.strip():
        return True
    if SENTENCE_START.match(headline):
        return False
    if _SUBJECT_END.match(rest):
        return True
    clause = _CLAUSE_END.split(headline, maxsplit=1)
    words = clause[0].split()
    return len(clause) > 1 and len(words) == 2 and words[1][0].islower()


def _in_running_prose(text: str, at: int) -> bool:
    """Whether the line holding ``text[at]`` is running words, not a heading or list item in Headline Case
    ("Which App is Best for Me"), where a capital is style; in running words, people's names are some
    of the capitalised ones ("Seen again, Luc Besson's Nikita holds up."). Headings and list items are
    short: a line reaching further than ``_SHORT_LINE`` either side is running words."""
    window = max(0, at - _SHORT_LINE)
    start = text.rfind("\n", window, at) + 1
    end = text.find("\n", at, at + _SHORT_LINE)
    if (start == 0 and window > 0) or (end < 0 and at + _SHORT_LINE < len(text)):
        return True
    words = [
        w for w in _HEADLINE_WORD.findall(text[start : end if end >= 0 else len(text)])[1:] if len(w) > 3
    ]
    return sum(w[0].isupper() for w in words) * 2 <= len(words)  # a heading's are mostly capitalised


def _alone_mid_sentence(text: str, start: int, end: int) -> bool:
    """Capitalised where running words are not: after a lower-case word (or a sentence's first) on its
    line, with no capitalised word after it ("there was Luc Besson's Nikita", "Watching Drive again", not
    "The Night Market" or a heading's "The")."""
    window = max(0, start - 40)
    before = _WORD_BEFORE.search(text[window:start])
    if not before or opens_sentence(text, start):
        return False
    if not before.group(1)[0].islower() and not opens_sentence(text, window + before.start(1)):
        return False
    after = _WORD_AFTER.match(text, end)
    return not (after and after.group(1)[0].isupper())


def slug_names_title(slug: str, films: Sequence[Film], folded: str) -> bool:
    """Whether a folded address names a one-word title as its film: alone, or dated with one of its films'
    years ("drive 2011 review")."""
    year = _first_year_after(slug, folded)
    if year is not None and any(str(film.year) == year for film in films):
        return True
    return any(
        slug.startswith(before)
        and slug.startswith(folded, len(before))
        and slug[len(before) + len(folded) :] in _SLUG_AFTER
        for before in _SLUG_BEFORE
    )


def _first_year_after(slug: str, folded: str) -> str | None:
    """The year right after the first place ``folded`` starts a word of ``slug`` with a year after it
    ("drive 2011 review" -> "2011"): what a search for the name, a space and a year of 18xx-20xx as a word
    finds first."""
    size = len(folded)
    at = slug.find(folded)
    while at >= 0:
        year_end = at + size + 5
        year = slug[at + size + 1 : year_end]
        if (
            slug[at + size : at + size + 1] == " "
            and stands_alone(slug, at, at + size)  # a space after it: so only the word before is read
            and year[:2] in _CENTURIES
            and len(year) == 4
            and year[2:].isdecimal()
            and stands_alone(slug, year_end - 4, year_end)  # a space before the year: only after is read
        ):
            return year
        at = slug.find(folded, at + 1)
    return None
