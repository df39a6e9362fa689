"""robots.txt as the probe reads it: the rules that apply to reviewcrawl, its Crawl-delay and Sitemap lines.

Decisions use Protego (the parser the crawl's Scrapy uses); the rule lines are kept as written, for the
report. As in the crawl, a robots.txt that cannot be read (5xx, 429, no answer) disallows everything; 4xx
means no rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

from reviewcrawl.probe.fetch import ROBOTS_AGENT, Fetched

RULE_FIELDS = ("allow", "disallow", "crawl-delay")


@dataclass(frozen=True)
class RobotsRules:
    status: str  # "found", "none" (4xx) or "unreadable"
    rules: tuple[str, ...] = ()  # lines of the groups that apply to reviewcrawl
    crawl_delay: float | None = None
    sitemaps: tuple[str, ...] = ()
    parser: Protego | None = field(default=None, compare=False)

    def allows(self, url: str) -> bool:
        if self.status == "unreadable":
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, ROBOTS_AGENT))


def read_robots(answer: Fetched | None) -> RobotsRules:
    if answer is None or answer.status == 429 or answer.status >= 500:
        return RobotsRules("unreadable")
    if not answer.ok:
        return RobotsRules("none")
    text = answer.text()
    parser = Protego.parse(text)
    delay = parser.crawl_delay(ROBOTS_AGENT)
    return RobotsRules(
        "found",
        tuple(applying_lines(text)),
        float(delay) if delay else None,
        tuple(parser.sitemaps),
        parser,
    )


def applying_lines(text: str) -> list[str]:
    """The rule lines of the groups naming reviewcrawl, else of the ``*`` group (RFC 9309's choice)."""
    groups: dict[str, list[str]] = {}
    agents: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        elif name in RULE_FIELDS and agents:
            in_rules = True
            for agent in agents:
                groups.setdefault(agent, []).append(line)
    return groups.get(ROBOTS_AGENT) or groups.get("*") or []
