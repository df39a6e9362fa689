"""Which URL shapes of a site hold its reviews, learnt during the crawl, so requests go where reviews are.

A URL's shape is its path's first segment (when the path has more than one), its number of segments, with
every segment holding a digit counted as a number, and whether it has a query: ``/2024/05/a-film/`` and
``/2023/11/another/`` share a shape, ``/category/news/`` and ``/tag/festivals/`` do not. The first
``SAMPLE_PER_SHAPE`` URLs of each shape are fetched at once; the rest wait. When the crawl runs out of work,
the waiting URLs of shapes that gave reviews are released (those with the best share of reviews first), then
those of shapes that gave other articles (a sample may miss the reviews among news); those of shapes whose
whole sample gave no article at all (tag, author, category pages) are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

SAMPLE_PER_SHAPE = 8  # enough to meet a review on a site where one post in three or four is one

Shape = tuple[str, str, int, bool]  # host, first segment (or "*" / "#"), segment count, has a query


def url_shape(url: str) -> Shape:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    first = "*"
    if len(segments) > 1:
        first = "#" if any(c.isdigit() for c in segments[0]) else segments[0].lower()
    return parts.netloc.lower(), first, len(segments), bool(parts.query)


@dataclass(frozen=True)
class Waiting:
    url: str
    source_key: str


class ReviewShapes:
    """Requests and reviews per URL shape, and the URLs waiting for their shape to prove itself."""

    def __init__(self, sample: int = SAMPLE_PER_SHAPE) -> None:
        self.sample = sample
        self.requested: Counter[Shape] = Counter()
        self.reviews: Counter[Shape] = Counter()
        self.articles: Counter[Shape] = Counter()  # pages that gave a record, review or not
        self.waiting: defaultdict[Shape, list[Waiting]] = defaultdict(list)
        self.left_out = 0
        self._offered: set[str] = set()

    def offer(self, url: str, source_key: str) -> bool:
        """Whether ``url`` should be fetched now; False when it waits, or was offered before."""
        if url in self._offered:
            return False
        self._offered.add(url)
        shape = url_shape(url)
        if self.requested[shape] < self.sample or self.articles[shape]:
            self.requested[shape] += 1
            return True
        self.waiting[shape].append(Waiting(url, source_key))
        return False

    def found_article(self, url: str, review: bool) -> None:
        shape = url_shape(url)
        self.articles[shape] += 1
        self.reviews[shape] += review

    def share(self, shape: Shape) -> float:
        """Reviews per request of a shape so far."""
        return self.reviews[shape] / self.requested[shape] if self.requested[shape] else 0.0

    def priority(self, url: str) -> int:
        """A request priority: higher for shapes that gave more reviews per request."""
        return round(100 * self.share(url_shape(url)))

    def release(self) -> list[Waiting]:
        """Waiting URLs of shapes that gave articles, best shares of reviews first; those of shapes that gave
        none are dropped (counted in ``left_out``). Called with nothing in flight: every sample is read."""
        released: list[Waiting] = []
        for shape in sorted(self.waiting, key=self.share, reverse=True):
            waiting = self.waiting.pop(shape)
            if self.articles[shape]:
                self.requested[shape] += len(waiting)
                released += waiting
            else:
                self.left_out += len(waiting)
        return released

    def reviews_on(self, host: str) -> int:
        return sum(count for shape, count in self.reviews.items() if shape[0] == host)
