"""The articles of one generated site shape: reviews, news, interviews, listicles and static pages.

Every article is made on request from its number and the site's seed, so a site of any size costs nothing
until a page is asked for. Paragraphs are random walks through the sample web's review prose (sitegen's
word chain), so no two pages read as copies of each other. Only reviews carry a review signal (a rating,
Review JSON-LD, a "review" headline or breadcrumb, as each shape's templates choose); the other kinds carry
none, in their headline, address or markup.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from devtools.sitegen import WordChain, load_material

REVIEW = "review"
NEWS = "news"
INTERVIEW = "interview"
LISTICLE = "listicle"
PAGE = "page"  # about, contact: short, not articles

FIRST_WORDS = (
    "Silent",
    "Crimson",
    "Hollow",
    "Last",
    "Paper",
    "Northern",
    "Glass",
    "Burning",
    "Quiet",
    "Iron",
)
SECOND_WORDS = (
    "Harbor",
    "Orchard",
    "Signal",
    "Winter",
    "Garden",
    "Frontier",
    "Lantern",
    "Tide",
    "Mirror",
    "Road",
)
NAMES = ("Ada Brennan", "Tomas Reyes", "Mina Okafor", "Jules Varga", "Priya Nair", "Oskar Lind")
NEWS_HEADS = ("{film} sets a festival attendance record", "Studio dates the release of {film}")
INTERVIEW_HEADS = ("In conversation with {person}", "{person} on making {film}")
LISTICLE_HEADS = ("Ten films to see this spring", "Seven overlooked debuts of the decade")
FIRST_DAY = date(2023, 1, 2)
# The review prose the walks come from holds score lines ("Rating: 4/5"): a news item must not carry one,
# and a review carries its score where its shape's template puts it.
_SCORE = re.compile(r"\b(?:Rating|Verdict|Score|Grade)\s*:?\s*[\d.]+\s*(?:/\s*\d+|out of \d+)?", re.I)


@dataclass(frozen=True)
class Article:
    number: int
    kind: str
    title: str
    film: str
    author: str
    day: date
    paragraphs: tuple[str, ...]
    rating: int | None = None  # out of 5, reviews only

    @property
    def slug(self) -> str:
        words = "".join(c if c.isalnum() else "-" for c in self.title.lower()).split("-")
        return "-".join(w for w in words if w)[:60] + f"-{self.number}"


@cache
def word_chain() -> WordChain:
    return load_material().chain


def film_name(pick: random.Random) -> str:
    return f"The {pick.choice(FIRST_WORDS)} {pick.choice(SECOND_WORDS)}"


def make_article(seed: int, number: int, kind: str) -> Article:
    pick = random.Random(seed * 100_003 + number)
    film, person = film_name(pick), pick.choice(NAMES)
    heads = {NEWS: NEWS_HEADS, INTERVIEW: INTERVIEW_HEADS, LISTICLE: LISTICLE_HEADS}
    title = pick.choice(heads[kind]).format(film=film, person=person) if kind in heads else film
    count = 1 if kind == PAGE else 5
    walks = (word_chain().paragraph(pick, 25 if kind == PAGE else 70) for _ in range(count))
    paragraphs = tuple(" ".join(_SCORE.sub("", text).split()) for text in walks)
    rating = pick.randint(2, 5) if kind == REVIEW else None
    day = FIRST_DAY + timedelta(days=number * 3)
    return Article(number, kind, title, film, person, day, paragraphs, rating)


@dataclass(frozen=True)
class SiteContent:
    """How many articles of each kind a site has; article ``n`` is made from ``seed`` and ``n``."""

    seed: int
    reviews: int = 60
    news: int = 6
    interviews: int = 3
    listicles: int = 0
    pages: int = 2

    def kinds(self) -> list[str]:
        kinds = [REVIEW] * self.reviews + [NEWS] * self.news + [INTERVIEW] * self.interviews
        kinds += [LISTICLE] * self.listicles
        random.Random(self.seed).shuffle(kinds)  # posts of every kind appear over time, mixed
        return kinds + [PAGE] * self.pages

    @property
    def articles(self) -> list[Article]:
        return _articles(self)

    def of_kind(self, *kinds: str) -> list[Article]:
        return [a for a in self.articles if a.kind in kinds]

    def posts(self) -> list[Article]:
        """Dated articles, newest first, as listings and feeds show them."""
        return sorted(self.of_kind(REVIEW, NEWS, INTERVIEW, LISTICLE), key=lambda a: a.day, reverse=True)


@cache
def _articles(content: SiteContent) -> list[Article]:
    return [make_article(content.seed, n, kind) for n, kind in enumerate(content.kinds(), 1)]
