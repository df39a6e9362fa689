"""What ``reviewcrawl sources probe`` prints: one section a finding, plain text."""

from __future__ import annotations

from reviewcrawl.probe.run import Findings
from reviewcrawl.probe.sitemaps import Sitemap

EXAMPLES = 3


def sitemap_lines(sitemap: Sitemap, indent: str = "  ") -> list[str]:
    extra = f", {'/'.join(sitemap.extensions)} tags" if sitemap.extensions else ""
    cut = ", cut at the size cap" if sitemap.truncated else ""
    if sitemap.kind == "index":
        read = f"{len(sitemap.children)} read, {sitemap.page_count()} URLs in those"
        head = f"{indent}{sitemap.url}: index of {sitemap.entries} sitemaps ({read}){cut}"
        return [head] + [line for child in sitemap.children for line in sitemap_lines(child, indent + "  ")]
    lastmod = f"lastmod on {sitemap.with_lastmod}" if sitemap.with_lastmod else "no lastmod"
    return [f"{indent}{sitemap.url}: urlset, {sitemap.entries} URLs, {lastmod}{extra}{cut}"]


def robots_section(findings: Findings) -> list[str]:
    robots = findings.robots
    lines = [f"robots.txt: {robots.status}"]
    lines += [f"  {rule}" for rule in robots.rules] or (
        ["  (no rules for reviewcrawl)"] if robots.status == "found" else []
    )
    delay = f"{robots.crawl_delay:g} s" if robots.crawl_delay else "none"
    lines.append(f"  Crawl-delay: {delay} (the probe waited {findings.delay:g} s between requests)")
    lines += [f"  Sitemap: {url}" for url in robots.sitemaps]
    return lines


def discovery_section(findings: Findings) -> list[str]:
    lines = ["sitemaps:"] + (
        [line for s in findings.sitemaps for line in sitemap_lines(s)] or ["  none found"]
    )
    lines.append("feeds:")
    lines += [
        f"  {f.url}: {f.kind}, {f.items} items{'' if f.linked else ' (not linked from the home page)'}"
        for f in findings.feeds
    ] or ["  none found"]
    lines.append("search:")
    lines += [f"  {s.describe()}" for s in findings.search] or ["  none found"]
    return lines


def script_section(findings: Findings) -> list[str]:
    shells = {url: signs for url, signs in findings.shells.items() if signs}
    verdict = "yes" if findings.needs_js else "no"
    lines = [
        f"JavaScript needed: {verdict} ({len(shells)} of {len(findings.shells)} pages read are script shells)"
    ]
    lines += [f"  {url}: {', '.join(signs)}" for url, signs in list(shells.items())[:EXAMPLES]]
    return lines


def shape_section(findings: Findings) -> list[str]:
    articles = [v for v in findings.verdicts if v.article]
    counts = f"{len(findings.verdicts)} read, {len(articles)} articles, {len(findings.reviews)} reviews"
    lines = [f"sampled pages: {counts}"]
    for verdict in findings.verdicts:
        kind = "review" if verdict.review else "article" if verdict.article else "not an article"
        why = f" ({', '.join(verdict.signals)})" if verdict.signals else ""
        lines.append(f"  {kind:<14} {verdict.url}{why}")
    shape = findings.shape
    if shape is None:
        return [*lines, "review URL shape: none (no review among the sampled pages)"]
    lines.append(f"review URL shape: {shape.pattern}")
    lines += [f"  e.g. {url}" for url in shape.examples]
    if shape.separates:
        lines.append(
            f"  covers the {shape.covered_reviews} sampled reviews and none of the"
            f" {len(findings.verdicts) - len(findings.reviews)} other pages sampled"
        )
    elif shape.untested:
        lines.append(
            "  no non-review article was sampled: whether it also covers other articles is not known"
        )
    else:
        lines.append(
            f"  also covers {len(shape.mixed_with)} sampled non-review page(s) (e.g. {shape.mixed_with[0]}):"
            " the address does not tell reviews apart here, the page does"
        )
    return lines


def selector_section(findings: Findings) -> list[str]:
    found = findings.selector
    if found.selector and found.generic_coverage is not None:
        share = f"{found.generic_coverage:.0%}"
        return [
            f"content selector: {found.selector} (the generic extractor took only {share} of its words once)"
        ]
    if found.candidate and found.generic_coverage is not None:
        share = f"{found.generic_coverage:.0%}"
        return [
            "content selector: none, the generic extractor is used"
            f" (on every sampled review it took at least {share} of {found.candidate}'s words)"
        ]
    return ["content selector: none, the generic extractor is used"]


def budget_section(findings: Findings) -> list[str]:
    skipped: dict[str, str] = {}
    for refusal in findings.refused:
        skipped.setdefault(refusal.reason, refusal.url)
    lines = [f"requests: {len(findings.requests)}, one at a time"]
    lines += [f"  not fetched ({reason}): e.g. {url}" for reason, url in skipped.items()]
    return lines


def render(findings: Findings) -> str:
    sections = [
        [f"site: {findings.base}"],
        robots_section(findings),
        discovery_section(findings),
        script_section(findings),
        shape_section(findings),
        selector_section(findings),
        budget_section(findings),
    ]
    return "\n".join(line for section in sections for line in section) + "\n"
