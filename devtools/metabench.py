"""Metadata benchmark: reviewcrawl's headline, author and date against trafilatura's, side by side.

    python -m devtools.metabench [--shared PATH] [--set NAME] [--details FILE]
    python -m devtools.bench --meta          (the same tables after the body tables)

Sets: fundus-publishers-dev (title, authors, publishing_date per page) and wcxb-dev-articles (title, author,
publish_date in the ground truth). Metric, as /work/shared/bench/README.md defines it for fundus:

- headline: equal after Unicode NFKC, case folding, quote folding and whitespace collapsing;
- author: found when the extracted author equals or contains one of the listed person names (same folding).
  Counted on pages whose byline names a person: the listed authors minus the site's own name (the publisher,
  its og:site_name or its domain label, compared with spaces and punctuation removed) leave at least one
  name, and a desk, team or account ("News Desk", "EDB Team", "admin") is no person either. A wire agency
  ("Associated Press") is kept as a name: it is not the site. A WCXB author string
  is split on commas and "and" into its parts of two words or more ("Dylan Bailey, MS, RD" lists
  "Dylan Bailey");
- wrong author: an extracted author that is none of the listed names, on any page; "site" when it is the
  site's own name (a personal blog named after its author lists that name: then it is not wrong), "other"
  otherwise (photo credits, related-story bylines, navigation text);
- date: the extracted date's day equals the listed date's day (as the listed value states it).

Halves split by site (publisher for fundus) with ``devtools.bench.domain_half``, as the body bench does.
Timing is of the metadata call alone (parse included) for both tools.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from devtools.bench import HALVES, _host, _read_gz, domain_half, find_shared, fundus_pages

# (headline, author, date) as the tool gives them
Extracted = tuple[str | None, str | None, str | None]
MetaExtractor = Callable[[bytes, str], Extracted]

_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a", '"'),
    }
)
_SQUASH = re.compile(r"[\W_]+")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
# Desks, teams and accounts: a credit, not a person's byline.
_NO_PERSON = re.compile(
    r"\b(?:team|desk|staff|editors?|editorial|newsroom|admin\w*|redaktion|redacci[oó]n|r[ée]daction)\b",
    re.IGNORECASE,
)
_SITE_META = re.compile(
    rb"<meta[^>]+(?:property|name)=[\"'](?:og:site_name|application-name)[\"'][^>]*content=[\"']([^\"']+)",
    re.IGNORECASE,
)
_PAGE_URL = re.compile(
    rb"<(?:link[^>]+rel=[\"']canonical[\"']|meta[^>]+property=[\"']og:url[\"'])[^>]*"
    rb"(?:href|content)=[\"']https?://(?:www\.)?([^/\"']+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MetaPage:
    page_id: str
    domain: str  # the unit of the dev / held-out split
    html: bytes
    url: str
    title: str
    authors: tuple[str, ...]  # every listed name
    persons: tuple[str, ...]  # the listed names that are not the site's own
    day: str  # YYYY-MM-DD, or "" when none is listed
    site_names: frozenset[str]  # squashed


@dataclass(frozen=True)
class MetaSet:
    name: str
    pages: list[MetaPage]


@dataclass
class PageOutcome:
    headline: bool
    author: bool | None  # None: no person named on the page
    wrong_site: bool
    wrong_other: bool
    date: bool | None  # None: no date listed
    extracted: Extracted = (None, None, None)


@dataclass
class MetaRun:
    tool: str
    set_name: str
    outcomes: dict[str, PageOutcome] = field(default_factory=dict)
    millis: list[float] = field(default_factory=list)


def fold(text: str | None) -> str:
    """NFKC, case and quote folding, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).casefold()
    return " ".join(text.split())


def squash(text: str) -> str:
    return _SQUASH.sub("", fold(text))


def is_site_name(name: str, site_names: Iterable[str]) -> bool:
    """The site's own name: equal to, or contained in / containing, a squashed site name."""
    squashed = squash(name)
    return bool(squashed) and any(
        squashed == site or (len(site) >= 4 and (site in squashed or squashed in site)) for site in site_names
    )


def page_site_names(html: bytes, *known: str) -> frozenset[str]:
    """The site's names as the page states them (og:site_name, application-name, the canonical host's
    label) plus the ones the data set knows (publisher, domain)."""
    head = html[:200_000]
    names = [match.decode("utf-8", "replace") for match in _SITE_META.findall(head)]
    hosts = [match.decode("ascii", "replace") for match in _PAGE_URL.findall(head)]
    names += [host.split(".")[-2] if host.count(".") else host for host in hosts]
    names += [name.split(".")[0] if "." in name else name for name in known if name]
    return frozenset(squash(name) for name in names if squash(name))


def listed_persons(authors: Iterable[str], site_names: frozenset[str]) -> tuple[str, ...]:
    return tuple(
        name
        for name in authors
        if name.strip() and not is_site_name(name, site_names) and not _NO_PERSON.search(name)
    )


def load_fundus_meta(root: Path) -> MetaSet:
    pages = []
    for page in fundus_pages(root):
        version = page.expected
        html = _read_gz(page.path)
        sites = page_site_names(html, page.publisher)
        authors = tuple(str(name) for name in version.get("authors") or [])
        pages.append(
            MetaPage(
                page_id=page.page_id,
                domain=page.domain,
                html=html,
                url="",
                title=str(version.get("title") or ""),
                authors=authors,
                persons=listed_persons(authors, sites),
                day=str(version.get("publishing_date") or "")[:10],
                site_names=sites,
            )
        )
    return MetaSet("fundus-publishers-dev", pages)


def wcxb_names(author: str) -> tuple[str, ...]:
    """The author string and its parts of two words or more ("A B, MS, RD" -> "A B, MS, RD", "A B")."""
    parts = [part for part in _NAME_SPLIT.split(author) if len(part.split()) >= 2]
    return tuple(dict.fromkeys([author, *parts])) if author.strip() else ()


def load_wcxb_meta(root: Path) -> MetaSet:
    meta_path = root / "pages.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    pages = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        truth = record.get("ground_truth") or {}
        url = record.get("url") or ""
        domain = (meta.get(path.stem) or {}).get("domain") or _host(url) or path.stem
        html = _read_gz(root / "html" / f"{path.stem}.html.gz")
        sites = page_site_names(html, domain.removeprefix("www."))
        authors = wcxb_names(str(truth.get("author") or ""))
        pages.append(
            MetaPage(
                page_id=path.stem,
                domain=domain,
                html=html,
                url=url,
                title=str(truth.get("title") or ""),
                authors=authors,
                persons=listed_persons(authors, sites),
                day=str(truth.get("publish_date") or "")[:10],
                site_names=sites,
            )
        )
    return MetaSet("wcxb-dev-articles", pages)


def load_meta_sets(shared: Path) -> list[MetaSet]:
    bench = shared / "bench"
    sets = []
    if (bench / "fundus-publishers-dev").is_dir():
        sets.append(load_fundus_meta(bench / "fundus-publishers-dev"))
    if (bench / "wcxb-dev-articles").is_dir():
        sets.append(load_wcxb_meta(bench / "wcxb-dev-articles"))
    return sets


def reviewcrawl_meta() -> MetaExtractor:
    from reviewcrawl.extract.meta.metadata import read_metadata
    from reviewcrawl.extract.page.page import load_page

    def run(html: bytes, url: str) -> Extracted:
        page = load_page(html, url or None)
        if page is None:
            return None, None, None
        found = read_metadata(page)
        return found.headline, found.author, found.published

    return run


def trafilatura_meta() -> MetaExtractor:
    from trafilatura import extract_metadata

    def run(html: bytes, url: str) -> Extracted:
        found = extract_metadata(html, default_url=url or None)
        return found.title, found.author, found.date

    return run


META_TOOLS: dict[str, Callable[[], MetaExtractor]] = {
    "reviewcrawl": reviewcrawl_meta,
    "trafilatura": trafilatura_meta,
}


def score_page(page: MetaPage, extracted: Extracted) -> PageOutcome:
    headline, author, published = extracted
    folded_author = fold(author)
    listed = any(fold(name) and fold(name) in folded_author for name in page.authors)
    person = any(fold(name) and fold(name) in folded_author for name in page.persons)
    site = bool(author) and not listed and is_site_name(author or "", page.site_names)
    return PageOutcome(
        headline=bool(headline) and fold(headline) == fold(page.title),
        author=person if page.persons else None,
        wrong_site=site,
        wrong_other=bool(author) and not listed and not site,
        date=(str(published or "")[:10] == page.day) if page.day else None,
        extracted=extracted,
    )


def run_meta(tools: dict[str, MetaExtractor], meta_set: MetaSet) -> list[MetaRun]:
    """Every tool over one set, page by page, each page timed for all tools back to back."""
    runs = {tool: MetaRun(tool, meta_set.name) for tool in tools}
    for page in meta_set.pages:
        for tool, extractor in tools.items():
            start = time.perf_counter()
            try:
                extracted = extractor(page.html, page.url)
            except Exception:  # a tool failing on a page scores as finding nothing
                extracted = (None, None, None)
            runs[tool].millis.append((time.perf_counter() - start) * 1000)
            runs[tool].outcomes[page.page_id] = score_page(page, extracted)
    return list(runs.values())


@dataclass(frozen=True)
class MetaCounts:
    pages: int
    headline: int
    author_pages: int
    author: int
    wrong_site: int
    wrong_other: int
    date_pages: int
    date: int


def count(outcomes: Iterable[PageOutcome]) -> MetaCounts:
    items = list(outcomes)
    return MetaCounts(
        pages=len(items),
        headline=sum(o.headline for o in items),
        author_pages=sum(o.author is not None for o in items),
        author=sum(bool(o.author) for o in items),
        wrong_site=sum(o.wrong_site for o in items),
        wrong_other=sum(o.wrong_other for o in items),
        date_pages=sum(o.date is not None for o in items),
        date=sum(bool(o.date) for o in items),
    )


def half_ids(meta_set: MetaSet, half: str) -> list[str]:
    return [p.page_id for p in meta_set.pages if half == "all" or domain_half(p.domain) == half]


def half_counts(run: MetaRun, meta_set: MetaSet, half: str) -> MetaCounts:
    return count(run.outcomes[pid] for pid in half_ids(meta_set, half) if pid in run.outcomes)


def half_millis(run: MetaRun, meta_set: MetaSet, half: str) -> float:
    wanted = set(half_ids(meta_set, half))
    millis = [ms for pid, ms in zip(run.outcomes, run.millis, strict=True) if pid in wanted]
    return sum(millis) / len(millis) if millis else 0.0


def format_meta(runs: list[MetaRun], meta_sets: list[MetaSet]) -> str:
    """Per set and half: headline / author / date found, wrong authors, each as reviewcrawl vs trafilatura."""
    tools = list(dict.fromkeys(run.tool for run in runs))
    header = (
        f"{'set':<22} {'half':<9} {'tool':<12} {'pages':>5} {'headline':>9} {'author':>9} "
        f"{'wrong site':>10} {'wrong other':>11} {'date':>9} {'ms/page':>8}"
    )
    lines = [header, "-" * len(header)]
    for meta_set in meta_sets:
        for half in (*HALVES, "all"):
            for tool in tools:
                run = next((r for r in runs if r.set_name == meta_set.name and r.tool == tool), None)
                if run is None:
                    continue
                c = half_counts(run, meta_set, half)
                ms = half_millis(run, meta_set, half)
                lines.append(
                    f"{meta_set.name:<22} {half:<9} {tool:<12} {c.pages:>5} {c.headline:>9} "
                    f"{f'{c.author}/{c.author_pages}':>9} {c.wrong_site:>10} {c.wrong_other:>11} "
                    f"{f'{c.date}/{c.date_pages}':>9} {ms:>8.2f}"
                )
    lines.append(
        "headline: exact after NFKC/case/quote folding. author: found / pages whose byline names a person. "
        "wrong: an author that is none of the listed names (site: the site's own name). date: same day."
    )
    return "\n".join(lines)


def write_meta_details(runs: list[MetaRun], meta_sets: list[MetaSet], path: Path) -> None:
    pages = {(s.name, p.page_id): p for s in meta_sets for p in s.pages}
    with path.open("w", encoding="utf-8") as handle:
        for run in runs:
            for page_id, outcome in run.outcomes.items():
                page = pages[(run.set_name, page_id)]
                row = {
                    "set": run.set_name,
                    "tool": run.tool,
                    "id": page_id,
                    "half": domain_half(page.domain),
                    "expected": [page.title, list(page.authors), page.day],
                    "extracted": list(outcome.extracted),
                    "headline": outcome.headline,
                    "author": outcome.author,
                    "wrong_site": outcome.wrong_site,
                    "wrong_other": outcome.wrong_other,
                    "date": outcome.date,
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def run_meta_bench(
    shared: Path, set_names: list[str] | None, tool_names: list[str] | None
) -> tuple[list[MetaRun], list[MetaSet]]:
    meta_sets = [s for s in load_meta_sets(shared) if not set_names or s.name in set_names]
    tools: dict[str, MetaExtractor] = {}
    for name in tool_names or list(META_TOOLS):
        try:
            tools[name] = META_TOOLS[name]()
        except ImportError as error:
            print(f"skipping {name}: not importable ({error.name}); pip install .[bench]", file=sys.stderr)
    runs = [run for meta_set in meta_sets for run in run_meta(tools, meta_set)]
    return runs, meta_sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.metabench", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="path of the shared material (holds bench/)")
    parser.add_argument("--set", dest="sets", action="append", help="run only this set (repeatable)")
    parser.add_argument("--only", action="append", choices=sorted(META_TOOLS), help="run only this tool")
    parser.add_argument("--details", type=Path, help="write per-page outcomes (JSON lines)")
    args = parser.parse_args(argv)
    shared = find_shared(args.shared)
    if shared is None:
        print("benchmark data not found (../shared/bench or REVIEWCRAWL_SHARED); nothing to do")
        return 0
    runs, meta_sets = run_meta_bench(shared, args.sets, args.only)
    print(format_meta(runs, meta_sets))
    if args.details:
        write_meta_details(runs, meta_sets, args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
