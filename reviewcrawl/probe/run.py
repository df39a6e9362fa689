"""The probe: robots.txt, home page, sitemaps, feeds, search, then a handful of sampled pages judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from reviewcrawl.probe.feeds import Feed, find_feeds
from reviewcrawl.probe.fetch import Fetcher, ProbeError, Refusal
from reviewcrawl.probe.robots import RobotsRules, read_robots
from reviewcrawl.probe.sampling import listings_to_open, page_links, pick
from reviewcrawl.probe.script import shell_signs
from reviewcrawl.probe.search import Search, find_search, looks_like_wordpress
from reviewcrawl.probe.selector import SelectorFinding, choose_selector
from reviewcrawl.probe.shape import UrlShape, learn_shape
from reviewcrawl.probe.sitemaps import Sitemap, find_sitemaps
from reviewcrawl.probe.verdict import Verdict, judge
from reviewcrawl.probe.xmldoc import html_soup

LISTINGS_PER_ROUND = 2


@dataclass(frozen=True)
class ProbeOptions:
    budget: int = 40  # requests in all, robots.txt included
    samples: int = 10  # article pages to judge
    min_delay: float = 0.5  # seconds between requests even without a Crawl-delay
    max_delay: float = 10.0  # the most of a Crawl-delay the probe waits
    timeout: float = 10.0
    max_bytes: int = 5 * 2**20


@dataclass
class Findings:
    base: str
    robots: RobotsRules
    sitemaps: list[Sitemap] = field(default_factory=list)
    feeds: list[Feed] = field(default_factory=list)
    search: list[Search] = field(default_factory=list)
    shells: dict[str, list[str]] = field(default_factory=dict)  # page read -> why it is a script shell
    verdicts: list[Verdict] = field(default_factory=list)
    listings: dict[str, list[str]] = field(default_factory=dict)  # non-article page read -> its links
    shape: UrlShape | None = None
    selector: SelectorFinding = field(default_factory=lambda: SelectorFinding(None, None, None))
    requests: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    delay: float = 0.0

    @property
    def reviews(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.review]

    def review_listings(self) -> list[str]:
        """Listing pages read that link to at least one review judged so: where the crawl can page."""
        reviews = {v.url for v in self.reviews}
        return [url for url, links in self.listings.items() if reviews.intersection(links)]

    @property
    def needs_js(self) -> bool:
        """Most pages read are script shells."""
        return bool(self.shells) and 2 * sum(1 for s in self.shells.values() if s) > len(self.shells)


def site_base(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or " " in url.strip():
        raise ProbeError(f"not an http(s) URL: {url!r}")
    try:
        parts.port  # noqa: B018 - a port out of range raises here, not deep in a fetch
    except ValueError as exc:
        raise ProbeError(f"not a valid URL: {url!r} ({exc})") from exc
    return f"{parts.scheme}://{parts.netloc.lower()}"


def unreachable(fetcher: Fetcher, what: str) -> ProbeError:
    last = fetcher.refused[-1] if fetcher.refused else None
    if last is not None and last.reason == "off-site":
        return ProbeError(f"{what} redirects to another host ({last.url}): probe that address instead")
    return ProbeError(f"cannot reach {what}: {last.reason if last else 'no answer'}")


def open_site(base: str, options: ProbeOptions) -> tuple[Fetcher, RobotsRules]:
    """A fetcher for the site, bound by its robots.txt (read first, as the crawl does)."""
    fetcher = Fetcher(
        base, options.budget, options.timeout, options.max_bytes, options.min_delay, options.max_delay
    )
    answer = fetcher.get(base + "/robots.txt", obey_robots=False)
    if answer is None:
        raise unreachable(fetcher, base)
    robots = read_robots(answer)
    fetcher.allowed, fetcher.crawl_delay = robots.allows, robots.crawl_delay or 0.0
    return fetcher, robots


def probe_site(url: str, options: ProbeOptions = ProbeOptions()) -> Findings:
    base = site_base(url)
    fetcher, robots = open_site(base, options)
    findings = Findings(base, robots, delay=fetcher.delay)
    start = url.strip() if urlsplit(url.strip()).path not in {"", "/"} else base + "/"
    home = fetcher.get(start)
    if home is None and fetcher.refused and fetcher.refused[-1].reason == "off-site":
        raise unreachable(fetcher, start)
    home_url = home.url if home is not None else start
    home_soup = html_soup(home.body) if home is not None and home.ok else None
    if home_soup is not None:
        findings.shells[home_url] = shell_signs(home_soup)
    findings.sitemaps = find_sitemaps(fetcher, robots.sitemaps)
    findings.feeds = find_feeds(fetcher, home_soup, home_url)
    wordpress = looks_like_wordpress(home.text() if home else "", [s.url for s in findings.sitemaps])
    findings.search = find_search(fetcher, home_soup, home_url, wordpress)
    candidates = [u for s in findings.sitemaps for u in s.all_pages()]
    candidates += [u for f in findings.feeds for u in f.links]
    candidates += page_links(home_soup, home_url, base) if home_soup is not None else []
    sample_pages(fetcher, findings, candidates, {home_url, start}, options.samples)
    conclude(findings)
    findings.requests, findings.refused = fetcher.log, fetcher.refused
    return findings


def sample_pages(
    fetcher: Fetcher, findings: Findings, candidates: list[str], seen: set[str], count: int
) -> None:
    """Read and judge pages until ``count`` articles are judged, the addresses run out or the budget does."""
    soups: dict[str, BeautifulSoup] = {}
    while len([v for v in findings.verdicts if v.article]) < count and fetcher.spent < fetcher.budget:
        wanted = count - len([v for v in findings.verdicts if v.article])
        batch = pick(candidates, seen, wanted) or listings_to_open(candidates, seen, LISTINGS_PER_ROUND)
        if not batch:
            break
        for url in batch:
            seen.add(url)
            answer = fetcher.get(url)
            if answer is None or not answer.ok or not answer.is_html or answer.url in soups:
                continue
            soup = html_soup(answer.body)
            soups[answer.url] = soup
            findings.shells[answer.url] = shell_signs(soup)
            verdict = judge(answer.url, answer.body, soup)
            findings.verdicts.append(verdict)
            if not verdict.article:  # a listing: its links are more addresses to sample
                findings.listings[answer.url] = page_links(soup, answer.url, fetcher.base)
                candidates.extend(findings.listings[answer.url])
    findings.selector = choose_selector([(soups[v.url], v.body) for v in findings.reviews])


def conclude(findings: Findings) -> None:
    reviews = [v.url for v in findings.reviews]
    others = [v.url for v in findings.verdicts if not v.review]
    other_articles = [v.url for v in findings.verdicts if v.article and not v.review]
    findings.shape = learn_shape(reviews, others, other_articles)
