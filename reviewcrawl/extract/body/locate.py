"""Stage: locate the body. The page walked once, the rule groups' markup removals settled, the body chosen.

The walk scores every block and matches the rule groups' markup; the guard settles which matches stay removed
(so widgets cannot attract the scorer); then the container is chosen. What settles depends only on the
profile's cruft removals and the containers it names on this page, so a profile naming nothing here shares
the unprofiled result, and one naming a container starts from the same walk. Both are kept on the page: the
page type and the stripping read the same location.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from reviewcrawl.extract.body.analyse import Analysis, analyse
from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.choose import Body, choose_body
from reviewcrawl.extract.body.profile import ContentProfile
from reviewcrawl.extract.body.settle import Settlement, settle_removals
from reviewcrawl.extract.page.page import Page
from reviewcrawl.extract.page.selectors import select_css

LOCATED_KEY = "locate.located"
WALKED_KEY = "locate.walked"


@dataclass(frozen=True)
class LocatedBody:
    """The walked page with its rule removals settled, and the container chosen as its body."""

    root: etree._Element
    analysis: Analysis
    settlement: Settlement
    profiled: list[etree._Element]  # the containers the site profile names on this page
    body: Body | None

    @property
    def excluded(self) -> frozenset[etree._Element]:
        return self.settlement.excluded


def locate_body(
    page: Page, profile: ContentProfile | None = None, audit: StripAudit | None = None
) -> LocatedBody | None:
    """The located body of a page (None without a tree); ``audit`` is told the rule groups' removals."""
    root = _body_of(page.tree)
    if root is None:
        return None
    profiled = _profile_containers(page, root, profile)
    cruft = profile.cruft_selectors if profile else ()
    known: dict[tuple[tuple[str, ...], tuple[etree._Element, ...]], LocatedBody] = page._cache.setdefault(
        LOCATED_KEY, {}
    )
    located = known.get((cruft, tuple(profiled)))
    if located is None:
        analysis = _walked(page, root, profile).copy()
        settlement = settle_removals(analysis, lambda removed: choose_body(analysis, profiled, removed))
        analysis.release()
        body = choose_body(analysis, profiled, settlement.excluded)
        located = known[(cruft, tuple(profiled))] = LocatedBody(root, analysis, settlement, profiled, body)
    if audit is not None:
        located.settlement.tell(audit)
    return located


def _walked(page: Page, root: etree._Element, profile: ContentProfile | None) -> Analysis:
    """The page's walk before any settling, one per set of cruft selectors; settling works on copies."""
    cruft = profile.cruft_selectors if profile else ()
    walks: dict[tuple[str, ...], Analysis] = page._cache.setdefault(WALKED_KEY, {})
    walk = walks.get(cruft)
    if walk is None:
        walk = walks[cruft] = analyse(root, _profile_cruft(page, root, profile))
        walk.release()
    return walk


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
