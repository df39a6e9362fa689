"""Other catalogued films a review names in passing (comparisons, a director's earlier work).

A bare title is weak evidence: "Drive" is also a verb and "Oldboy" has a remake.
A name counts when it is written as a title (capitalised as catalogued, and for
one-word titles quoted, dated or beside a director's or actor's name), and
same-name films are told apart by the people named near the title.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

from reviewcrawl.films.catalogue import Catalogue, Film, fold, fold_name
from reviewcrawl.films.index import WIDE_SCRIPT
from reviewcrawl.films.tagger import FilmTag
from reviewcrawl.films.written import (
    Stretches,
    folded_title_case_runs,
    in_longer_name,
    is_one_word_stretch,
    opens_sentence,
    title_case_stretches,
    word_positions_less_plain,
    written_positions,
)

NEARBY_CHARS = 120
_OPENING_QUOTES = "\"“‘'«「『《〈<‹"
_CLOSING_QUOTES = "\"”’'»」』》〉>›"
_YEAR_AFTER = re.compile(r"\s*[(\[]?\s*(?:18|19|20)\d\d\b")


@dataclass(frozen=True)
class Mention:
    film: Film
    position: int


def _occurrences(stretches: Stretches, name: str) -> list[int]:
    """Where ``name`` stands in the stretches' text; for a one-word Latin name, less some places where it is
    plainly the everyday word (``_plain_word`` judges the rest)."""
    kind = _search_kind(name)
    if kind == "stretch word":  # most of a page's names: asked of the stretches at once
        return stretches.word_positions_less_plain(name)
    if kind == "wide":
        return [m.start() for m in re.finditer(re.escape(name), stretches.text)]
    if kind == "one word":
        return word_positions_less_plain(stretches.text, name)
    return written_positions(stretches.text, name)


@lru_cache(maxsize=1 << 14)
def _search_kind(name: str) -> str:
    """How a name is searched, worked out once per name: every page asks again for its everyday words."""
    if WIDE_SCRIPT.search(name):
        return "wide"
    if not _one_latin_word(name):
        return "words"
    return "stretch word" if is_one_word_stretch(name) else "one word"


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return before in _OPENING_QUOTES and after in _CLOSING_QUOTES + ",.;:"


def _family_names(people: tuple[str, ...]) -> list[str]:
    """Full names and family names; a hyphenated given name ("Lee Chung-hyun") puts the family name first."""
    names = list(people)
    for person in people:
        parts = person.split()
        if len(parts) > 1:
            names.append(parts[0] if "-" in parts[-1] else parts[-1])
    return names


class _Body:
    """The review body, with what the check of every name asks of it worked out once."""

    def __init__(self, text: str, subject_directors: set[str]) -> None:
        self.text = text
        self.subject_directors = subject_directors

    @cached_property
    def words(self) -> frozenset[str]:
        """The folded words of the body's capitalised stretches, where people's names stand."""
        return frozenset(folded_title_case_runs(self.text).split())

    @cached_property
    def director_words(self) -> frozenset[str]:
        return frozenset(fold(" ".join(self.subject_directors)).split())


class _Films:
    """The films of one name, sorted on first need by what could speak for them on this page: the films of
    an everyday word are dozens, and most of their people are on no page."""

    def __init__(self, body: _Body, films: list[Film], people: dict[str, list[int]] | None) -> None:
        self.all = films
        self._body = body
        self._people = people  # ``Catalogue.people_index`` of the films

    def _with_words(self, words: frozenset[str]) -> list[Film]:
        """The films with a person whose name holds one of ``words`` (all, when words cannot tell)."""
        if self._people is None:
            return self.all
        places: set[int] = set()
        for word in words.intersection(self._people):  # looks up the index's words, fewer than the page's
            places.update(self._people[word])
        return [self.all[at] for at in sorted(places)]

    @cached_property
    def with_people(self) -> list[Film]:
        """Those with a word of one of their people in the body."""
        return self._with_words(self._body.words)

    @cached_property
    def their_people(self) -> tuple[str, ...]:
        """The directors and cast of ``with_people``, each once: every occurrence looks for them nearby."""
        return tuple(dict.fromkeys(itertools.chain.from_iterable(map(_people_of, self.with_people))))

    @cached_property
    def by_the_director(self) -> list[Film]:
        """Those by the reviewed film's director."""
        directors = self._body.subject_directors
        if not directors:
            return []
        return [f for f in self._with_words(self._body.director_words) if directors.intersection(f.directors)]

    @cached_property
    def _by_year(self) -> dict[str, list[Film]]:
        by_year: dict[str, list[Film]] = {}
        for film in self.all:
            if film.year is not None:
                by_year.setdefault(str(film.year), []).append(film)
        return by_year

    def dated(self, text: str) -> list[Film]:
        """The films whose year stands in ``text``."""
        years = {text[i : i + 4] for i in range(len(text) - 3)}
        return [film for year in years & self._by_year.keys() for film in self._by_year[year]]


def _people_of(film: Film) -> tuple[str, ...]:
    return film.directors + film.cast


def _people_near(text: str, start: int, end: int, film: Film) -> int:
    window = text[max(0, start - NEARBY_CHARS) : end + NEARBY_CHARS]
    names = set(_family_names(film.directors)) | set(_family_names(film.cast))
    return sum(1 for name in names if len(name) > 2 and name in window)


def _written_as_title(text: str, start: int, name: str, films: _Films) -> bool:
    """Quoted; or several words as catalogued (matched as written, capitals and all); or one word
    ("Drive", "Her", "But") dated right after it or beside the full name of one of its films' people,
    and then neither opening a sentence nor part of a longer capitalised name ("John Wick", "Len Wiseman")."""
    end = start + len(name)
    if _quoted(text, start, end):
        return True
    if WIDE_SCRIPT.search(name):
        return False
    if len(name.split()) > 1:
        return True
    if opens_sentence(text, start) or in_longer_name(text, start, end):
        return False
    if _YEAR_AFTER.match(text, end) and films.dated(text[end : end + 8]):
        return True
    window = text[max(0, start - NEARBY_CHARS) : end + NEARBY_CHARS]
    return any(map(window.__contains__, films.their_people))  # in C: a page asks dozens per name


def _one_word_title(text: str, start: int, name: str, films: _Films) -> bool:
    """Written as a title, or a capitalised word standing alone in the sentence that names a film by the
    reviewed film's director ("a quieter film than Oldboy")."""
    if _written_as_title(text, start, name, films):
        return True
    end = start + len(name)
    return (
        bool(films.by_the_director)
        and not opens_sentence(text, start)
        and not in_longer_name(text, start, end)
    )


def _subject_names(subject: FilmTag, catalogue: Catalogue) -> set[str]:
    if not subject.title:
        return set()
    names = {fold_name(subject.title)}
    for film in catalogue.by_name(subject.title):
        if subject.year is None or film.year == subject.year:
            names |= {fold_name(n) for n in film.names}
    return names


def _is_subject(film: Film, subject: FilmTag) -> bool:
    if subject.title is None or film.year != subject.year:
        return False
    return fold_name(film.title) == fold_name(subject.title)


def _subject_directors(subject: FilmTag, catalogue: Catalogue) -> set[str]:
    if not subject.title:
        return set()
    films = [f for f in catalogue.by_name(subject.title) if f.year == subject.year]
    return {d for f in films for d in f.directors}


@lru_cache(maxsize=1 << 14)
def _one_latin_word(name: str) -> bool:
    return len(name.split()) == 1 and not WIDE_SCRIPT.search(name)


def _plain_word(text: str, start: int, end: int) -> bool:
    """A one-word name unquoted and opening a sentence or inside a longer capitalised name ("It was",
    "John Wick"): the everyday word, whatever else the page says (``_one_word_title`` is false). Most
    occurrences of everyday words are this, so they are set aside before anything is asked of their films."""
    return not _quoted(text, start, end) and (opens_sentence(text, start) or in_longer_name(text, start, end))


def _resolve(text: str, start: int, name: str, films: _Films) -> Film | None:
    """The one film meant by ``name`` at ``start``, or None when the text does not say.

    People named nearby and a year right after the title decide; a film by the
    reviewed film's director is the likelier one when nothing nearby tells.
    """
    if _one_latin_word(name) and not _one_word_title(text, start, name, films):
        return None  # a one-word title not written as one is the everyday word ("Drive", "But", "Her")
    end = start + len(name)
    evidence: Counter[Film] = Counter()
    for film in films.with_people:
        evidence[film] += 2 * _people_near(text, start, end, film)
    for film in films.dated(text[end : end + 12]):
        evidence[film] += 4
    for film in films.by_the_director:
        evidence[film] += 1
    best = max(evidence.values(), default=0)
    leaders = [f for f, score in evidence.items() if score == best]
    if best > 0 and len(leaders) == 1:
        return leaders[0]
    if len(films.all) == 1 and _written_as_title(text, start, name, films):
        return films.all[0]
    return None


def mentioned_films(body: str, subject: FilmTag, catalogue: Catalogue) -> list[dict[str, object]]:
    """Catalogued films named in ``body`` other than the subject, in order of first mention."""
    if not len(catalogue):
        return []
    subject_names = _subject_names(subject, catalogue)
    directors = _subject_directors(subject, catalogue)
    mentions: dict[Film, int] = {}
    page = _Body(body, directors)
    stretches = title_case_stretches(body)
    for folded, films in catalogue.names_in(folded_title_case_runs(body)).items():
        if folded in subject_names or (len(folded) < 2 and not WIDE_SCRIPT.search(folded)):
            continue
        named: _Films | None = None  # made at the first place that is not plainly the everyday word
        for name in catalogue.spellings(folded):
            one_word = _one_latin_word(name)
            for start in _occurrences(stretches, name):
                if one_word and _plain_word(body, start, start + len(name)):
                    continue
                named = named or _Films(page, films, catalogue.people_index(folded))
                meant = _resolve(body, start, name, named)
                if meant is not None and not _is_subject(meant, subject):
                    mentions[meant] = min(start, mentions.get(meant, start))
    ordered = sorted(mentions.items(), key=lambda pair: pair[1])
    return [{"title": film.title, "year": film.year} for film, _ in ordered]
