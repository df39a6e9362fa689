"""One score per candidate film: each piece of page evidence adds to it or takes from it.

Candidates are the catalogued films the page names where a subject is named: its structured data, its
headline, its address. Then everything else weighs in: people named near a title mention (a person beside
another film's title is that film's), years, country and platform words before a shared title ("the Korean
'Ballerina'"), a full title naming one film alone, and the review's date (a review cannot predate its film
by years).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable

from reviewcrawl.films.catalogue import Film, fold_name
from reviewcrawl.films.evidence import Occurrence, PageEvidence
from reviewcrawl.films.statements import StatedFilm
from reviewcrawl.films.written import (
    headline_names_long_title,
    headline_names_title,
    slug_names_title,
    written_as_title,
)

Scores = dict[Film, Counter[str]]

# Title evidence: where the page names a candidate.
STRUCTURED_TITLE = 12
HEADLINE_PATTERN_TITLE = 6
HEADLINE_QUOTED = 5
HEADLINE_WORDS = 3
HEADLINE_FIRST_WORD = 2
HEADLINE_WORD = 1
HEADLINE_COMPARED = 1  # "'John Wick' fans": named, but as the yardstick
SLUG_WORDS = 3
SLUG_WORD = 2
# Identity evidence: which of the films of a name the page means.
DIRECTOR_NEAR, ACTOR_NEAR = 3, 2
DIRECTOR_ANYWHERE, ACTOR_ANYWHERE = 2, 1
YEAR_AFTER_TITLE = YEAR_STATED = 4
YEAR_STATED_OFF = -6  # every year the page states for its film is years away from this one
YEAR_IN_SLUG = 2
YEAR_IN_TEXT = 1
COUNTRY = 2
HEADLINE_COUNTRY = 4  # "Netflix's Korean 'Ballerina'" in the headline qualifies the subject itself
CONTRAST = 2
FULL_TITLE = 2
PREDATES_FILM = -6
STRUCTURED_YEAR, STRUCTURED_YEAR_OFF = 4, -6
STRUCTURED_DIRECTOR, STRUCTURED_DIRECTOR_OFF = 4, -4
STRUCTURED_ACTOR, STRUCTURED_CAST_OFF = 2, -2
NEARBY_CHARS = 120
# A clear lead: the year is given only when no other film of the title comes this close.
MARGIN = 2

_ORIGIN_WORDS = {
    "korean": "korean",
    "k drama": "korean",
    "k movie": "korean",
    "한국": "korean",
    "japanese": "japanese",
    "chinese": "chinese",
    "russian": "russian",
    "thai": "thai",
}
_PLATFORM_WORDS = {
    "netflix",
    "hulu",
    "disney",
    "prime",
    "amazon",
    "apple",
    "hbo",
    "max",
    "mubi",
    "tving",
    "wavve",
}
_ORIGIN_SCRIPTS = (
    ("korean", re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")),
    ("japanese", re.compile(r"[\u3040-\u30ff]")),
    ("chinese", re.compile(r"[\u3400-\u9fff]")),
    ("russian", re.compile(r"[\u0400-\u04ff]")),
    ("thai", re.compile(r"[\u0e00-\u0e7f]")),
)


def origin(film: Film) -> str | None:
    """The country a film's original title (its first alias) is written for, from its script."""
    if not film.aliases:
        return None
    return next((country for country, script in _ORIGIN_SCRIPTS if script.search(film.aliases[0])), None)


def _headline_weight(page: PageEvidence, occurrence: Occurrence) -> int:
    name = occurrence.name
    pattern = page.headline_pattern
    if name in page.compared_in_headline:
        return HEADLINE_COMPARED
    if pattern and fold_name(pattern[0]) == name:
        return HEADLINE_PATTERN_TITLE
    if name in page.quoted_in_headline:
        return HEADLINE_QUOTED
    if " " in name or not name.isascii():
        return HEADLINE_WORDS
    return HEADLINE_FIRST_WORD if occurrence.start == 0 else HEADLINE_WORD


def title_evidence(page: PageEvidence) -> Scores:
    """The candidates, each with what names it where a subject is named."""
    scores: Scores = {}

    def add(films: Iterable[Film], kind: str, points: int) -> None:
        for film in films:
            counter = scores.setdefault(film, Counter())
            counter[kind] = max(counter[kind], points)

    if page.structured:
        add(page.catalogue.by_name(page.structured.title), "structured_data", STRUCTURED_TITLE)
    for occurrence in page.headline_mentions:
        weight = _headline_weight(page, occurrence)
        if weight > HEADLINE_WORDS or _headline_titles(page, occurrence):
            add(occurrence.films, "title", weight)
    for occurrence in page.slug_mentions:
        # An address is most often its headline's words: a Latin name in it counts when the page names it as
        # a title elsewhere, or the address names it alone or dated ("drive-2011-review", "the-world-review").
        named = not occurrence.name.isascii() or occurrence.films[0] in scores
        if named or slug_names_title(page.slug, occurrence.films, occurrence.name):
            add(occurrence.films, "slug", SLUG_WORD if _one_word(occurrence) else SLUG_WORDS)
    return scores


def _one_word(occurrence: Occurrence) -> bool:
    """A one-word Latin name: most often the everyday word ("Why", "Night", "Fans"), naming dozens of
    films in a large catalogue; a candidate only when written as a title."""
    return " " not in occurrence.name and occurrence.name.isascii()


def _headline_titles(page: PageEvidence, occurrence: Occurrence) -> bool:
    """Whether the page writes a headline name as a title. A name of several words in a large catalogue is
    as often everyday words ("The World", "The Best", "Music of the Band" in a Headline Case listicle), so it
    needs evidence too, such as the address naming it alone or dated; a name in a wide script is a title as
    written."""
    if _one_word(occurrence):
        written = page.catalogue.spellings(occurrence.name)
        return headline_names_title(page.headline, written, occurrence.films, page.body)
    if not occurrence.name.isascii() or occurrence.name in page.quoted_in_headline:
        return True
    if slug_names_title(page.slug, occurrence.films, occurrence.name):
        return True
    written = page.catalogue.spellings(occurrence.name)
    return headline_names_long_title(page.headline, written, occurrence.films, page.body)


class _Nearest:
    """The title mention nearest to a place in the body, within ``NEARBY_CHARS``."""

    def __init__(self, mentions: list[Occurrence]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]

    def __call__(self, start: int, end: int) -> Occurrence | None:
        at = bisect.bisect_left(self.starts, start)
        around = self.mentions[max(0, at - 1) : at + 1]
        distances = [(max(m.start - end, start - m.end, 0), m) for m in around]
        near = [(d, m) for d, m in distances if d <= NEARBY_CHARS]
        return min(near, key=lambda pair: pair[0])[1] if near else None


def _person_credit(page: PageEvidence, nearest: _Nearest, film: Film, person: str, director: bool) -> int:
    """A person speaks for the film whose title is named beside them; beside another film's title they are
    that film's and say nothing for this one; far from any title, they speak a little for every film they
    are in."""
    best = 0
    for start in page.person_positions(person):
        near = nearest(start, start + len(fold_name(person)))
        if near is None:
            best = max(best, DIRECTOR_ANYWHERE if director else ACTOR_ANYWHERE)
        elif film in near.films:
            best = max(best, DIRECTOR_NEAR if director else ACTOR_NEAR)
    return best


def candidate_names(scores: Scores) -> set[str]:
    """Every folded title and alias of the candidates: a mention names a candidate exactly when its name is
    one of these (one set lookup per mention instead of a look at each of its films)."""
    return {fold_name(name) for film in scores for name in film.names}


def _explaining(page: PageEvidence, mention: Occurrence, named: set[str]) -> bool:
    """Whether a title mention can explain the people beside it: a candidate's title, a title in a wide
    script, or a title of several words written as one ("The Night Before", not "the night before"); a
    one-word title of another film is most often just the word ("it", "up", "her")."""
    if mention.name in named or not mention.name.isascii():
        return True
    return " " in mention.name and written_as_title(page.body, mention.name)


def add_people(page: PageEvidence, scores: Scores) -> None:
    named = page.candidate_names or set()
    explaining: dict[str, bool] = {}  # per name: a name recurs, and the answer is the name's
    for mention in page.body_mentions:
        if mention.name not in explaining:
            explaining[mention.name] = _explaining(page, mention, named)
    nearest = _Nearest([m for m in page.body_mentions if explaining[m.name]])
    for film, counter in scores.items():
        credit = 0
        for people, director in ((film.directors, True), (film.cast, False)):
            for person in people:
                if page.person_positions(person):  # most candidates' people are not on the page at all
                    credit += _person_credit(page, nearest, film, person, director)
        counter["people"] += credit


def _dated_right_after(text: str, mentions: list[Occurrence]) -> set[Film]:
    """Films whose year is written right after a mention of their title ("drive 1997"), in one pass."""
    dated: set[Film] = set()
    for mention in mentions:
        after = text[mention.end : mention.end + 6].strip()
        if after.isdigit():
            dated.update(f for f in mention.films if str(f.year) == after)
    return dated


def add_years(page: PageEvidence, scores: Scores) -> None:
    stated = page.stated_years(page.structured.title if page.structured else None)
    dated = _dated_right_after(page.folded_body, page.body_mentions)
    dated |= _dated_right_after(page.folded_headline, page.headline_mentions)
    for film, counter in scores.items():
        if film.year is None:
            continue
        after = film in dated
        points = [
            YEAR_AFTER_TITLE * after,
            YEAR_STATED * (film.year in stated),
            YEAR_IN_SLUG * (film.year in page.slug_years),
            YEAR_IN_TEXT * (film.year in page.years_in_text),
        ]
        counter["year"] += max(points)
        if stated and all(abs(year - film.year) > 1 for year in stated):
            counter["stated_year"] += YEAR_STATED_OFF
        if page.published_year and film.year > page.published_year + 1:
            counter["release_date"] += PREDATES_FILM


def _words_before(text: str, start: int) -> list[str]:
    words = text[max(0, start - 40) : start].split()[-3:]
    return words + [" ".join(pair) for pair in itertools.pairwise(words)]


def _fully_named(mentions: list[Occurrence]) -> dict[Film, str]:
    """Films named by a title no other film has ("From the World of John Wick: Ballerina")."""
    return {m.films[0]: m.name for m in mentions if len(m.films) == 1}


def add_qualifiers(page: PageEvidence, scores: Scores) -> None:
    """Country and platform words before a title several candidates share, and full titles."""
    mentions = [(page.folded_headline, m, HEADLINE_COUNTRY) for m in page.headline_mentions]
    mentions += [(page.folded_body, m, COUNTRY) for m in page.body_mentions]
    named = page.candidate_names or set()
    mentions = [(text, m, points) for text, m, points in mentions if m.name in named]
    fully_named = _fully_named([m for _, m, _ in mentions])
    for film in fully_named:
        if film in scores:
            scores[film]["full_title"] = FULL_TITLE
    shared_by: dict[str, list[Film]] = {}  # a name's films are the same at each of its mentions
    for text, mention, points in mentions:
        shared = shared_by.get(mention.name)
        if shared is None:
            shared = shared_by[mention.name] = [f for f in mention.films if f in scores]
        if len(shared) < 2:
            continue
        words = _words_before(text, mention.start)
        countries = {_ORIGIN_WORDS[w] for w in words if w in _ORIGIN_WORDS}
        for film in shared if countries else ():
            if origin(film) in countries:
                scores[film]["country"] = max(scores[film]["country"], points)
        if countries or _PLATFORM_WORDS & set(words):
            _contrast(mention.name, shared, fully_named, scores)


def _contrast(name: str, shared: list[Film], fully_named: dict[Film, str], scores: Scores) -> None:
    """A qualified short title ("the Korean 'Ballerina'") on a page that names another film by a longer title
    holding it ("From the World of John Wick: Ballerina") means a film the longer title was written to set
    apart from."""
    longer = [f for f in shared if f in fully_named and name in fully_named[f] and name != fully_named[f]]
    if longer:
        for film in shared:
            if film not in longer:
                scores[film]["contrast"] = CONTRAST


def structured_fit(stated: StatedFilm, film: Film) -> Counter[str]:
    """How a catalogued film agrees with the page's structured data: year, directors, cast."""
    fit: Counter[str] = Counter()
    if stated.year and film.year:
        gap = abs(stated.year - film.year)
        fit["structured_year"] = STRUCTURED_YEAR if gap == 0 else STRUCTURED_YEAR_OFF if gap > 1 else 0
    if stated.directors and film.directors:
        shared = {fold_name(d) for d in stated.directors} & {fold_name(d) for d in film.directors}
        fit["structured_people"] += STRUCTURED_DIRECTOR if shared else STRUCTURED_DIRECTOR_OFF
    if stated.cast and film.cast:
        shared = {fold_name(c) for c in stated.cast} & {fold_name(c) for c in film.cast}
        fit["structured_people"] += min(2, len(shared)) * STRUCTURED_ACTOR if shared else STRUCTURED_CAST_OFF
    return fit


def contradicts(stated: StatedFilm, film: Film) -> bool:
    """The page's structured data says it is another film of that name: years apart, or other people."""
    fit = structured_fit(stated, film)
    return fit["structured_year"] < 0 or fit["structured_people"] < 0


def score(page: PageEvidence) -> Scores:
    """Every candidate film with its evidence, kind by kind."""
    scores = title_evidence(page)
    if not scores:
        return scores
    stated = page.structured
    if stated:
        for film in page.catalogue.by_name(stated.title):
            scores[film].update(structured_fit(stated, film))
    page.candidate_names = candidate_names(scores)
    add_people(page, scores)
    add_years(page, scores)
    add_qualifiers(page, scores)
    return scores


def total(counter: Counter[str]) -> int:
    return sum(counter.values())
