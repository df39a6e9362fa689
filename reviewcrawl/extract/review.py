"""A review page: extraction as one pass through named stages, and one method per record field.

decode → parse (``extract.page``) → locate the body → page type → strip the cruft (``extract.body``) →
metadata (``extract.meta``) → film (``films``). Each stage is a module that uses only earlier ones and returns
one small result; this object runs them in that order, each once, and answers each field on its own, so a
field can be asked for (and tested) without building the record.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.pagetype import PageKind, page_kind
from reviewcrawl.extract.body.profile import ContentProfile
from reviewcrawl.extract.body.strip import extract_body
from reviewcrawl.extract.meta.metadata import Metadata, read_metadata
from reviewcrawl.extract.meta.rating import read_rating
from reviewcrawl.extract.page.cleantext import clean_text
from reviewcrawl.extract.page.decode import decode_page
from reviewcrawl.extract.page.page import Page, parse_page
from reviewcrawl.films.catalogue import Catalogue
from reviewcrawl.films.mentions import mentioned_films
from reviewcrawl.films.tagger import FilmTag, tag_film


class MetadataField:
    """A record field the metadata stage reads, as a method of ReviewPage (``review.headline()``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, review: ReviewPage, owner: type | None = None) -> Callable[[], str | None]:
        return lambda: getattr(review.metadata, self.name)


class ReviewPage:
    """The fields of one parsed page; ``read`` decodes and parses, None when there is nothing to parse."""

    def __init__(self, page: Page, profile: ContentProfile | None = None, audit: StripAudit | None = None):
        self.page = page
        self.profile = profile
        self.audit = audit  # told what the rule groups removed while the body is stripped

    @classmethod
    def read(
        cls,
        data: str | bytes,
        url: str | None = None,
        encoding: str | None = None,
        profile: ContentProfile | None = None,
        audit: StripAudit | None = None,
    ) -> ReviewPage | None:
        page = parse_page(decode_page(data, url, encoding))
        return cls(page, profile, audit) if page is not None else None

    # --- stage results, each computed once ----------------------------------------------------

    @cached_property
    def kind(self) -> PageKind:
        return page_kind(self.page)

    @cached_property
    def _body(self) -> str:
        # Cleaned as the record exports it, before anything (the rating, the film) reads it.
        return clean_text(extract_body(self.page, self.profile, self.audit) or "")

    @cached_property
    def metadata(self) -> Metadata:
        return read_metadata(self.page)

    @cached_property
    def _rating(self) -> tuple[float | None, float | None]:
        return read_rating(self.page, self._body)

    # --- fields ---------------------------------------------------------------------------------

    def is_listing(self) -> bool:
        """Whether the page lists others (home, category, tag, search …) rather than holds a review."""
        return self.kind.is_listing

    def page_type(self) -> str | None:
        """Why the page holds no review: "listing", "product", "forum"; None for a page that may hold one."""
        return self.kind.name

    def body(self) -> str:
        """The review text as record paragraphs (blank-line separated); empty when the page has none."""
        return self._body

    def url(self) -> str | None:
        """The address the page was fetched from, as given."""
        return self.page.url

    # Read by the metadata stage, one method each: review.headline(), review.author(), …
    canonical_url = MetadataField()  # the page's own statement of its address when trusted, else its URL
    source = MetadataField()  # the publication's name
    source_domain = MetadataField()  # host of the canonical address, without "www." and port
    headline = MetadataField()  # the review's title, without the site's name after it
    author = MetadataField()  # the critic, never the publication
    published = MetadataField()  # when the review first appeared, ISO 8601
    language = MetadataField()  # the body's language code

    def rating(self) -> float | None:
        """The critic's score, or None (``meta.rating``; read from the body when the markup has none)."""
        return self._rating[0]

    def rating_scale(self) -> float | None:
        """The best possible score on the review's scale, or None."""
        return self._rating[1]

    def film(self, catalogue: Catalogue) -> FilmTag:
        """The reviewed film, from the structured data, the headline, the body, the address and the date."""
        return tag_film(
            self.page.jsonld, self.headline(), self.body(), catalogue, self.url(), self.published()
        )

    def mentioned_films(self, catalogue: Catalogue, film: FilmTag | None = None) -> list[dict[str, object]]:
        """Other films the review names; ``film`` is the reviewed one, when already tagged."""
        return mentioned_films(self.body(), film or self.film(catalogue), catalogue)
