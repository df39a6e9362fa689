"""Site search for title crawls: an OpenSearch description, WordPress's REST API and WordPress's /?s=."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from reviewcrawl.planning.sitediscovery import OPENSEARCH_TYPE
from reviewcrawl.probe.fetch import Fetcher, same_host
from reviewcrawl.probe.xmldoc import xml_soup

REST_SEARCH = "/wp-json/wp/v2/posts?search={query}"
WP_SEARCH = "/?s={query}"
WORDPRESS_MARKS = ("/wp-content/", "/wp-includes/", "https://api.w.org/", "wp-block-", "WordPress")
TRIAL_WORD = "review"


@dataclass(frozen=True)
class Search:
    kind: str  # "opensearch", "wordpress-rest" or "wordpress"
    template: str  # a path with {query}, as the registry's search key takes it

    def describe(self) -> str:
        names = {
            "opensearch": "OpenSearch description",
            "wordpress-rest": "WordPress REST API (JSON)",
            "wordpress": "WordPress search page",
        }
        return f"{names[self.kind]}: {self.template}"


def looks_like_wordpress(home_html: str, sitemap_urls: list[str]) -> bool:
    return any(mark in home_html for mark in WORDPRESS_MARKS) or any("wp-sitemap" in u for u in sitemap_urls)


def opensearch_template(fetcher: Fetcher, home: BeautifulSoup, home_url: str) -> str | None:
    link = home.find("link", attrs={"type": OPENSEARCH_TYPE, "href": True})
    if link is None:
        return None
    answer = fetcher.get(urljoin(home_url, str(link["href"])))
    if answer is None or not answer.ok:
        return None
    url = xml_soup(answer.body).find(
        lambda tag: tag.name == "Url" and tag.get("type", "text/html") == "text/html"
    )
    template = str(url.get("template", "")) if url is not None else ""
    if "{searchTerms}" not in template or not same_host(urljoin(home_url, template), fetcher.base):
        return None
    parts = urlsplit(urljoin(home_url, template.replace("{searchTerms}", "{query}")))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def rest_api_answers(fetcher: Fetcher) -> bool:
    answer = fetcher.get(fetcher.base + REST_SEARCH.replace("{query}", TRIAL_WORD))
    if answer is None or not answer.ok:
        return False
    try:
        return isinstance(json.loads(answer.body), list)
    except ValueError:
        return False


def find_search(fetcher: Fetcher, home: BeautifulSoup | None, home_url: str, wordpress: bool) -> list[Search]:
    found = []
    template = opensearch_template(fetcher, home, home_url) if home is not None else None
    if template:
        found.append(Search("opensearch", template))
    if wordpress:
        if rest_api_answers(fetcher):
            found.append(Search("wordpress-rest", REST_SEARCH))
        found.append(Search("wordpress", WP_SEARCH))
    return found


def registry_search(found: list[Search]) -> str | None:
    """The one the crawl's title mode can read: a search page of links (not the JSON API)."""
    pages = [s.template for s in found if s.kind != "wordpress-rest"]
    return pages[0] if pages else None
