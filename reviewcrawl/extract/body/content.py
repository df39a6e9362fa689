"""Main-content extraction: the review (or article) body of a page as record paragraphs.

Order of trust: the site profile's content selectors, then containers that publishing systems mark as the
article body, then the generic block scorer. The rule groups' markup matches are settled before the body is
located (so widgets cannot attract the scorer), their wording rules run inside it. The page tree is only read:
removals are exclusions the layout skips, so ``page.tree`` is never changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml import etree

from reviewcrawl.extract.body.analyse import Analysis, analyse
from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.blocks import paragraphs
from reviewcrawl.extract.body.locate import Body, alternative_bodies, choose_body
from reviewcrawl.extract.body.profile import ContentProfile
from reviewcrawl.extract.body.schemabody import as_paragraphs, best_agreeing, stands_in, structured_body
from reviewcrawl.extract.body.strip import BodyCleaner, Settlement, settle_removals
from reviewcrawl.extract.page.page import Page
from reviewcrawl.extract.page.selectors import select_css

logger = logging.getLogger(__name__)

SETTLED_KEY = "content.settled"
WALKED_KEY = "content.walked"
REPEAT_MIN_CHARS = 80  # shorter lines repeat legitimately (a refrain, a heading, a plan's items)


def extract_body(
    page: Page, profile: ContentProfile | None = None, audit: StripAudit | None = None
) -> str | None:
    """The page's body text in the record format, or None when there is none. Never raises."""
    try:
        text = _extract(page, profile, audit)
    except Exception:  # a malformed page must not stop a crawl; it just has no body
        logger.debug("body extraction failed for %s", getattr(page, "url", None), exc_info=True)
        return None
    return text or None


@dataclass(frozen=True)
class Settled:
    """A page walked and its rule removals settled: what both the body and the listing check start from."""

    root: etree._Element
    analysis: Analysis
    settlement: Settlement
    profiled: list[etree._Element]

    @property
    def excluded(self) -> frozenset[etree._Element]:
        return self.settlement.excluded


def settle_page(
    page: Page, profile: ContentProfile | None = None, audit: StripAudit | None = None
) -> Settled | None:
    """The settled analysis of a page (None without a tree). Kept on the page, so that the listing check
    and the body extraction walk it once; ``audit`` is told the rule groups' removals either way.

    What settles depends only on the profile's cruft removals and the containers it names on this page, so
    a profile naming nothing here shares the unprofiled result, and one naming a container starts from the
    same walk."""
    root = _body_of(page.tree)
    if root is None:
        return None
    profiled = _profile_containers(page, root, profile)
    cruft = profile.cruft_selectors if profile else ()
    known: dict[tuple[tuple[str, ...], tuple[etree._Element, ...]], Settled] = page._cache.setdefault(
        SETTLED_KEY, {}
    )
    settled = known.get((cruft, tuple(profiled)))
    if settled is None:
        analysis = _walked(page, root, profile).copy()
        settlement = settle_removals(analysis, lambda removed: choose_body(analysis, profiled, removed))
        analysis.release()
        settled = known[(cruft, tuple(profiled))] = Settled(root, analysis, settlement, profiled)
    if audit is not None:
        settled.settlement.tell(audit)
    return settled


def _walked(page: Page, root: etree._Element, profile: ContentProfile | None) -> Analysis:
    """The page's walk before any settling, one per set of cruft selectors; settling works on copies."""
    cruft = profile.cruft_selectors if profile else ()
    walks: dict[tuple[str, ...], Analysis] = page._cache.setdefault(WALKED_KEY, {})
    walk = walks.get(cruft)
    if walk is None:
        walk = walks[cruft] = analyse(root, _profile_cruft(page, root, profile))
        walk.release()
    return walk


def _extract(page: Page, profile: ContentProfile | None, audit: StripAudit | None) -> str:
    settled = settle_page(page, profile, audit)
    if settled is None:
        return ""
    root, analysis, profiled = settled.root, settled.analysis, settled.profiled
    excluded = set(settled.excluded)
    body = choose_body(analysis, profiled, excluded)
    reference = None if profiled else structured_body(page.jsonld)
    if body is not None and reference is not None:
        body = _agreeing_body(body, analysis, excluded, reference)
    text = _layout(body, analysis, excluded, audit) if body is not None else ""
    if reference is not None and stands_in(text, reference, " ".join(root.itertext())):
        return "\n\n".join(as_paragraphs(reference))
    return text


def _agreeing_body(body: Body, analysis: Analysis, excluded: set[etree._Element], reference: str) -> Body:
    """Among the plausible containers, the one whose text the page's structured body bears out."""
    candidates = [body, *alternative_bodies(analysis, excluded)]
    texts = [" ".join(p for e in c.elements for p in paragraphs(e, excluded)) for c in candidates]
    return candidates[best_agreeing(texts, reference)]


def _layout(body: Body, analysis: Analysis, excluded: set[etree._Element], audit: StripAudit | None) -> str:
    found: list[str] = []
    for container in body.elements:
        excluded.update(heading for heading in container.iter("h1") if heading is not container)
        cleaner = BodyCleaner(container, analysis, excluded, audit)
        cleaner.strip_link_blocks()
        found.extend(paragraphs(container, excluded, cleaner))
    return "\n\n".join(_without_repeats(found))


def _body_of(tree: etree._Element | None) -> etree._Element | None:
    if tree is None or not isinstance(tree.tag, str):
        return None
    body = tree.find("body")
    return body if body is not None else tree


def _profile_cruft(
    page: Page, root: etree._Element, profile: ContentProfile | None
) -> dict[etree._Element, str]:
    forced: dict[etree._Element, str] = {}
    for selector in profile.cruft_selectors if profile else ():
        forced.update((element, "profile_cruft") for element in select_css(page, root, selector))
    return forced


def _profile_containers(
    page: Page, root: etree._Element, profile: ContentProfile | None
) -> list[etree._Element]:
    for selector in profile.content_selectors if profile else ():
        found = select_css(page, root, selector)
        if found:
            return found
    return []


def _without_repeats(found: list[str]) -> list[str]:
    """Drop repeated runs: two or more long paragraphs that already appeared (a duplicated widget or copy).

    A single repeated line is kept: interviews repeat their questions, plans repeat their headings.
    """
    seen: set[str] = set()
    repeat = []
    for paragraph in found:
        repeat.append(len(paragraph) >= REPEAT_MIN_CHARS and paragraph in seen)
        seen.add(paragraph)
    last = len(found) - 1
    return [
        paragraph
        for i, paragraph in enumerate(found)
        if not (repeat[i] and ((i > 0 and repeat[i - 1]) or (i < last and repeat[i + 1])))
    ]
