"""Who the crawl says it is: a User-Agent naming reviewcrawl and where site owners reach its operator."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler

from reviewcrawl import __version__


class ContactUserAgentMiddleware:
    """A User-Agent naming reviewcrawl and where site owners can reach its operator."""

    def __init__(self, user_agent: str) -> None:
        self.user_agent = user_agent

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContactUserAgentMiddleware:
        contact = crawler.settings.get("REVIEWCRAWL_CONTACT_URL")
        custom = crawler.settings.get("USER_AGENT")
        if custom and not custom.startswith("Scrapy/"):
            return cls(custom)
        return cls(f"reviewcrawl/{__version__} (+{contact})" if contact else f"reviewcrawl/{__version__}")

    def process_request(self, request: Request) -> None:
        request.headers.setdefault(b"User-Agent", self.user_agent)
