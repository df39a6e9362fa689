"""Scoring functions for main-text extraction, as the two benchmark sets define them.

ScrapingHub: multisets of 4-token shingles (tokens are ``\\w+`` matches, case kept); per page tp/fp/fn;
precision and recall are means over pages, F1 is computed from the two means.
WCXB: lower-cased ``\\w+`` bag of words; per-page precision, recall and F1, each averaged over pages;
an empty reference with an empty output scores 1.0, one empty side scores 0.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

TOKEN_RE = re.compile(r"\w+")
SHINGLE_SIZE = 4


@dataclass(frozen=True)
class PageScore:
    precision: float | None  # None: undefined for this page (no output and no overlap)
    recall: float | None
    f1: float
    exact: bool = False


@dataclass(frozen=True)
class SetScore:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    tokens = TOKEN_RE.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def shingle_page_score(reference: str, output: str) -> PageScore:
    """ScrapingHub per-page score from 4-gram shingle multisets."""
    truth, pred = shingles(reference), shingles(output)
    tp = sum((truth & pred).values())
    fp = sum((pred - truth).values())
    fn = sum((truth - pred).values())
    exact = TOKEN_RE.findall(reference) == TOKEN_RE.findall(output)
    if fp == 0 and fn == 0:
        return PageScore(1.0, 1.0, 1.0, exact)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return PageScore(precision, recall, _f1(precision or 0.0, recall or 0.0), exact)


def shingle_set_score(pages: Iterable[PageScore]) -> SetScore:
    """Means of per-page precision and recall over the pages where each is defined; F1 of the means."""
    scored = list(pages)
    precisions = [p.precision for p in scored if p.precision is not None]
    recalls = [p.recall for p in scored if p.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    accuracy = sum(p.exact for p in scored) / len(scored) if scored else 0.0
    return SetScore(precision, recall, _f1(precision, recall), accuracy, len(scored))


def words(text: str) -> Counter[str]:
    return Counter(TOKEN_RE.findall(text.lower()))


def word_page_score(reference: str, output: str) -> PageScore:
    """WCXB per-page bag-of-words precision, recall and F1."""
    truth, pred = words(reference), words(output)
    if not truth and not pred:
        return PageScore(1.0, 1.0, 1.0, True)
    if not truth or not pred:
        return PageScore(0.0, 0.0, 0.0, False)
    overlap = sum((truth & pred).values())
    precision = overlap / sum(pred.values())
    recall = overlap / sum(truth.values())
    return PageScore(precision, recall, _f1(precision, recall), truth == pred)


def word_set_score(pages: Iterable[PageScore]) -> SetScore:
    """Plain means over pages of each per-page figure."""
    scored = list(pages)
    if not scored:
        return SetScore(0.0, 0.0, 0.0, 0.0, 0)
    count = len(scored)
    return SetScore(
        precision=sum(p.precision or 0.0 for p in scored) / count,
        recall=sum(p.recall or 0.0 for p in scored) / count,
        f1=sum(p.f1 for p in scored) / count,
        accuracy=sum(p.exact for p in scored) / count,
        pages=count,
    )
