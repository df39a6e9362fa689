"""Is a sampled page a review? reviewcrawl's own extraction first, then the review signals in the page.

``extract_review`` says whether the page holds an article at all (a listing gives None). Whether that article
is a review is read from signals that hold across sites: Review / CriticReview JSON-LD, "review" in the
address, the headline or a breadcrumb, or a rating: the crawl's own signals
(reviewcrawl.reading.reviewsignals), so the probe's verdicts are the ones a crawl of the site will make.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from reviewcrawl import extract_review
from reviewcrawl.films.tagger import REVIEW_TYPES
from reviewcrawl.reading.reviewsignals import REVIEW_IN_PATH, REVIEW_WORD


@dataclass(frozen=True)
class Verdict:
    url: str
    article: bool  # extract_review gave a record
    signals: tuple[str, ...]
    body: str = ""  # the generic extractor's body text, for the selector comparison

    @property
    def review(self) -> bool:
        return self.article and bool(set(self.signals) - {"film tag"})  # a film tag alone: any article


def jsonld_nodes(soup: BeautifulSoup) -> Iterator[dict[str, object]]:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                yield node
                stack.extend(v for v in node.values() if isinstance(v, list | dict))


def node_types(node: dict[str, object]) -> set[str]:
    value = node.get("@type")
    names = value if isinstance(value, list) else [value]
    return {str(name).lower() for name in names if name}


def breadcrumb_text(soup: BeautifulSoup) -> str:
    trails = soup.find_all(
        lambda tag: (
            "breadcrumb" in " ".join(tag.get_attribute_list("class") or []).lower()
            or "breadcrumb" in str(tag.get("aria-label", "")).lower()
            or "breadcrumb" in str(tag.get("aria-labelledby", "")).lower()
        )
    )
    words = [trail.get_text(" ", strip=True) for trail in trails]
    for node in jsonld_nodes(soup):
        if "breadcrumblist" in node_types(node):
            words.append(json.dumps(node.get("itemListElement", [])))
    return " ".join(words)


def page_signals(soup: BeautifulSoup, url: str, headline: str) -> list[str]:
    signals = []
    if any(node_types(node) & REVIEW_TYPES for node in jsonld_nodes(soup)):
        signals.append("Review JSON-LD")
    if REVIEW_IN_PATH.search(urlsplit(url).path):
        signals.append("review in the address")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    og = soup.find("meta", property="og:title")
    if REVIEW_WORD.search(" ".join([headline, title, str(og.get("content", "")) if og else ""])):
        signals.append("review in the headline")
    if REVIEW_WORD.search(breadcrumb_text(soup)):
        signals.append("review breadcrumb")
    return signals


def judge(url: str, data: bytes, soup: BeautifulSoup) -> Verdict:
    record = extract_review(data, url=url)
    if record is None:
        return Verdict(url, False, ())
    signals = page_signals(soup, url, str(record.get("headline") or ""))
    if record.get("rating") is not None:
        signals.append("rating")
    if record.get("film_title"):
        signals.append("film tag")
    return Verdict(url, True, tuple(signals), str(record.get("body") or ""))
