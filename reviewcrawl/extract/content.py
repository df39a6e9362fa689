"""Main-content extraction: the review (or article) body of a page as record paragraphs.

Order of trust: the site profile's content selectors, then containers that publishing systems mark as the
article body, then the generic block scorer. The rule groups' markup matches are settled before the body is
located (so widgets cannot attract the scorer), their wording rules run inside it. The page tree is only read:
removals are exclusions the layout skips, so ``page.tree`` is never changed.
"""

from __future__ import annotations

import logging

from lxml import etree

from reviewcrawl.extract.analyse import Analysis, NodeStats, analyse
from reviewcrawl.extract.audit import StripAudit
from reviewcrawl.extract.blocks import paragraphs
from reviewcrawl.extract.page import Page
from reviewcrawl.extract.profile import ContentProfile
from reviewcrawl.extract.selectors import compile_css
from reviewcrawl.extract.strip import BodyCleaner, guard_page_removals

logger = logging.getLogger(__name__)

KNOWN_SHARE = 0.7  # a marked container wins when it scores at least this share of the generic best


def extract_body(page: Page, profile: ContentProfile | None = None, audit: StripAudit | None = None) -> str | None:
    """The page's body text in the record format, or None when there is none. Never raises."""
    try:
        text = _extract(page, profile, audit)
    except Exception:  # a malformed page must not stop a crawl; it just has no body
        logger.debug("body extraction failed for %s", getattr(page, "url", None), exc_info=True)
        return None
    return text or None


def _extract(page: Page, profile: ContentProfile | None, audit: StripAudit | None) -> str:
    root = _body_of(page.tree)
    if root is None:
        return ""
    forced = _profile_cruft(root, profile)
    analysis = analyse(root, forced)
    guard_page_removals(analysis, audit)
    excluded = {removal.element for removal in analysis.removals if removal.active}
    container = _choose_container(analysis, _profile_containers(root, profile), excluded)
    if container is None:
        return ""
    excluded.update(heading for heading in container.iter("h1") if heading is not container)
    BodyCleaner(container, analysis, excluded, audit).strip_wording()
    return "\n\n".join(paragraphs(container, excluded))


def _body_of(tree: etree._Element | None) -> etree._Element | None:
    if tree is None or not isinstance(tree.tag, str):
        return None
    body = tree.find("body")
    return body if body is not None else tree


def _profile_cruft(root: etree._Element, profile: ContentProfile | None) -> dict[etree._Element, str]:
    forced: dict[etree._Element, str] = {}
    for selector in profile.cruft_selectors if profile else ():
        xpath = compile_css(selector)
        if xpath is not None:
            forced.update((element, "profile_cruft") for element in xpath(root))
    return forced


def _profile_containers(root: etree._Element, profile: ContentProfile | None) -> list[etree._Element]:
    for selector in profile.content_selectors if profile else ():
        xpath = compile_css(selector)
        found = xpath(root) if xpath is not None else []
        if found:
            return list(found)
    return []


def _candidates(analysis: Analysis, elements: list[etree._Element]) -> list[NodeStats]:
    stats = analysis.stats
    return [stats[e] for e in elements if e in stats]


def _choose_container(analysis: Analysis, profiled: list[etree._Element],
                      excluded: set[etree._Element]) -> etree._Element | None:
    chosen = _candidates(analysis, profiled)
    if chosen:
        return max(chosen, key=lambda node: node.score).element
    best: NodeStats | None = None
    for node in analysis.stats.values():  # bottom-up order: among equal scores the deepest wins
        if (best is None or node.score > best.score) and not _inside(node.element, excluded):
            best = node
    if best is None:
        return None
    marked = [node for node in _candidates(analysis, analysis.marked) if not _inside(node.element, excluded)]
    if marked:
        top = max(marked, key=lambda node: node.score)
        if top.score >= KNOWN_SHARE * best.score:
            return top.element
    return best.element


def _inside(element: etree._Element, excluded: set[etree._Element]) -> bool:
    """Whether the element or an ancestor is excluded (only walked removals leave stats inside them)."""
    if not excluded:
        return False
    node: etree._Element | None = element
    while node is not None:
        if node in excluded:
            return True
        node = node.getparent()
    return False
