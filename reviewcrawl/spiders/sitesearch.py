"""How a title crawl (``-a site=… -a title=…``) searches a site given with ``-a site=`` and no registry entry.

Instead of its sitemaps, the site's own search for each name of the film: WordPress's REST API when the home
page advertises it, else the search an OpenSearch description names, else WordPress's /?s= results page when
the home page is WordPress's. Result pages are listings: their links go through the learned URL shapes, and
the next page of results is followed once. A search that does not answer sends the crawl to the sitemaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from reviewcrawl.planning.sitediscovery import (
    looks_like_wordpress,
    opensearch_description_url,
    opensearch_search_url,
    opensearch_template,
    site_links,
    wordpress_api_root,
    wordpress_page_search_url,
    wordpress_search_links,
    wordpress_search_url,
)
from reviewcrawl.planning.sources import Source

LISTING_PRIORITY = 50  # listings (search results, pagination) after discovery, ahead of pages
RESULT_PAGE = "reviewcrawl_result_page"  # request meta: which page of a site's search results
MAX_RESULT_PAGES = 2  # a film's reviews are on the first page or two of a site's search results


class SiteSearch:
    """Mixed into SiteNavigation: the search requests and callbacks of a title crawl."""

    wanted: Any
    site_by_key: dict[Any, Source]  # looked up with keys read from request meta
    searched: set[str]
    home_pages: dict[str, str]

    def site_searches(self, site: Source) -> Iterator[scrapy.Request]:
        """A title crawl's search of a site, for each name of the film: WordPress's REST API, else the
        site's OpenSearch description, else WordPress's /?s= results when the home page is WordPress's."""
        home = self.home_pages.get(site.key, "")
        api = wordpress_api_root(home, site)
        description = opensearch_description_url(home, site) if api is None else None
        if api is not None:
            for name in self.wanted.search_names:  # a site may list the film under any of its names
                yield self.probe(wordpress_search_url(api, name), site, self.parse_site_search)
        elif description is not None:
            yield self.probe(description, site, self.parse_site_opensearch)
        elif looks_like_wordpress(home):
            for name in self.wanted.search_names:
                yield self.search_results(wordpress_page_search_url(site, name), site)

    def search_unusable(self, site: Source) -> Iterator[scrapy.Request]:
        """A search that does not answer: the site's sitemaps after all, as for a site with no search."""
        self.searched.discard(site.key)
        yield self.robots_probe(site)

    def search_results(self, url: str, site: Source, page: int = 1) -> scrapy.Request:
        request = self.probe(url, site, self.parse_site_results, **{RESULT_PAGE: page})
        request.priority = LISTING_PRIORITY
        return request

    def parse_site_opensearch(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_by_key[response.meta["source_key"]]
        template = opensearch_template(response.body, site) if response.status == 200 else None
        if template is None:
            yield from self.search_unusable(site)
            return
        for name in self.wanted.search_names:
            yield self.search_results(opensearch_search_url(template, name), site)

    def parse_site_results(self, response: Response) -> Iterator[scrapy.Request]:
        """A page of search results is a listing: its links within the learned shapes, its next page once."""
        site = self.site_by_key[response.meta["source_key"]]
        page = response.meta.get(RESULT_PAGE, 1)
        if response.status != 200 or not isinstance(response, TextResponse):
            if page == 1:
                yield from self.search_unusable(site)
            return
        pagination, others = site_links(response.text, response.url, site)
        if page < MAX_RESULT_PAGES:
            yield from (self.search_results(link, site, page + 1) for link in pagination[:1])
        yield from self.site_pages(others, site)

    def parse_site_search(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of_response(response)
        if site is not None:
            for url in wordpress_search_links(response.body, site):
                yield self.site_page(url, site)

    # provided by SiteNavigation
    def probe(self, url: str, site: Source, callback: Any, **meta: Any) -> scrapy.Request:
        raise NotImplementedError

    def robots_probe(self, site: Source) -> scrapy.Request:
        raise NotImplementedError

    def site_page(self, url: str, site: Source) -> scrapy.Request:
        raise NotImplementedError

    def site_pages(self, urls: list[str], site: Source) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    def site_of_response(self, response: Response) -> Source | None:
        raise NotImplementedError
