"""Stage: strip the cruft. The located body laid out as record paragraphs, without what the rules remove.

Order of trust: the site profile's content selectors, then containers that publishing systems mark as the
article body, then the generic block scorer (all settled when the body was located); the rule groups' wording
rules run inside it. The page tree is only read: removals are exclusions the layout skips, so ``page.tree`` is
never changed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree

from reviewcrawl.extract.body.analyse import Analysis
from reviewcrawl.extract.body.audit import StripAudit
from reviewcrawl.extract.body.blocks import paragraphs
from reviewcrawl.extract.body.choose import Body, alternative_bodies
from reviewcrawl.extract.body.cleaner import BodyCleaner
from reviewcrawl.extract.body.locate import LocatedBody, locate_body
from reviewcrawl.extract.body.profile import ContentProfile
from reviewcrawl.extract.body.rules import CLOSING_GROUPS, EDGE_GROUPS
from reviewcrawl.extract.body.schemabody import as_paragraphs, best_agreeing, stands_in, structured_body
from reviewcrawl.extract.body.scriptbody import POOR_DOM_CHARS, script_markup
from reviewcrawl.extract.page.page import Page, parse_html

logger = logging.getLogger(__name__)

REPEAT_MIN_CHARS = 80  # shorter lines repeat legitimately (a refrain, a heading, a plan's items)
CLOSING = re.compile("|".join(f"(?:{p})" for g in CLOSING_GROUPS for p in g.closing_patterns))
CLOSING_LAST = 3  # a closing note sits among the body's last paragraphs
CLOSING_MAX_WORDS = 150  # longer is the article itself
CLOSING_AFTER_MAX_WORDS = 25  # what may follow a closing note: short lines (a link, a social handle)
CLOSING_KEEP_MIN = 2  # paragraphs that must remain before it
EDGE = re.compile("|".join(f"(?i:{p})" for g in EDGE_GROUPS for p in g.edge_patterns))
EDGE_LINES = 3  # edge patterns are checked on this many paragraphs at either end of the body
EDGE_MAX_CHARS = 300  # longer paragraphs are the article's: no edge pattern reaches that far


@dataclass(frozen=True)
class StrippedBody:
    text: str  # paragraphs separated by blank lines; empty when the page has no body


def extract_body(
    page: Page, profile: ContentProfile | None = None, audit: StripAudit | None = None
) -> str | None:
    """The page's body text in the record format, or None when there is none. Never raises."""
    try:
        located = locate_body(page, profile, audit)
        text = strip_body(page, located, audit).text if located is not None else ""
        if len(text) < POOR_DOM_CHARS and page.tree is not None:
            text = max(text, _script_body(page, profile), key=len)
    except Exception:  # a malformed page must not stop a crawl; it just has no body
        logger.debug("body extraction failed for %s", getattr(page, "url", None), exc_info=True)
        return None
    return text or None


def _script_body(page: Page, profile: ContentProfile | None) -> str:
    """The body laid out from the article markup the page's scripts carry (a script-built page)."""
    markup = script_markup(page.tree)
    tree = parse_html(f"<html><body>{markup}</body></html>") if markup else None
    if tree is None:
        return ""
    shell = Page(url=page.url, html=markup or "", tree=tree)
    located = locate_body(shell, profile)
    return strip_body(shell, located).text if located is not None else ""


def strip_body(page: Page, located: LocatedBody, audit: StripAudit | None = None) -> StrippedBody:
    analysis, excluded = located.analysis, set(located.excluded)
    body = located.body
    reference = None if located.profiled else structured_body(page.jsonld)
    if body is not None and reference is not None:
        body = _agreeing_body(body, analysis, excluded, reference)
    text = _layout(body, analysis, excluded, audit) if body is not None else ""
    if reference is not None and stands_in(text, reference, lambda: " ".join(located.root.itertext())):
        return StrippedBody("\n\n".join(as_paragraphs(reference)))
    return StrippedBody(text)


def _agreeing_body(body: Body, analysis: Analysis, excluded: set[etree._Element], reference: str) -> Body:
    """Among the plausible containers, the one whose text the page's structured body bears out."""
    candidates = [body, *alternative_bodies(analysis, excluded)]
    # the same container often comes back as several kinds of candidate: its text is laid out once
    laid_out: dict[tuple[etree._Element, ...], str] = {}
    for candidate in candidates:
        elements = tuple(candidate.elements)
        if elements not in laid_out:
            laid_out[elements] = " ".join(p for e in elements for p in paragraphs(e, excluded))
    texts = [laid_out[tuple(candidate.elements)] for candidate in candidates]
    return candidates[best_agreeing(texts, reference)]


def _layout(body: Body, analysis: Analysis, excluded: set[etree._Element], audit: StripAudit | None) -> str:
    found: list[str] = []
    for container in body.elements:
        excluded.update(heading for heading in container.iter("h1") if heading is not container)
        cleaner = BodyCleaner(container, analysis, excluded, audit)
        cleaner.strip_link_blocks()
        found.extend(paragraphs(container, excluded, cleaner))
    return "\n\n".join(_without_edge_lines(_without_closing_note(_without_repeats(found))))


def _without_closing_note(found: list[str]) -> list[str]:
    """Drop a closing note of a known kind (a third-person author bio) among the last paragraphs, with the
    short lines after it, when the article itself stands before it. The short lines closing the body ("End
    of Article", a social prompt) do not count among the last paragraphs."""
    last = len(found)
    trail = 0
    while trail < last and len(found[last - 1 - trail].split()) <= CLOSING_AFTER_MAX_WORDS:
        trail += 1
    for index in range(max(CLOSING_KEEP_MIN, last - trail - CLOSING_LAST), last):
        paragraph = found[index]
        if len(paragraph.split()) > CLOSING_MAX_WORDS or CLOSING.match(paragraph) is None:
            continue
        if all(len(after.split()) <= CLOSING_AFTER_MAX_WORDS for after in found[index + 1 :]):
            return found[:index]
    return found


def _without_edge_lines(found: list[str]) -> list[str]:
    """Drop lines of an edge pattern (a time stamp) among the first and last paragraphs of the body."""
    last = len(found)
    return [
        paragraph
        for index, paragraph in enumerate(found)
        if EDGE_LINES <= index < last - EDGE_LINES
        or len(paragraph) > EDGE_MAX_CHARS
        or EDGE.fullmatch(paragraph) is None
    ]


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
