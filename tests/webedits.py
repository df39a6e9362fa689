"""A copy of the sample web that tests change between runs: reviews added, edited, syndicated, removed."""

from __future__ import annotations

import re
import shutil
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

from tests.conftest import SAMPLE_WEB

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{headline} | {site_name}</title>
<link rel="canonical" href="{{{{base}}}}{path}">
<meta property="og:site_name" content="{site_name}">
<meta property="og:title" content="{headline}">
<meta property="article:published_time" content="{published}">
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/category/reviews/">Reviews</a></nav></header>
<main><article class="post">
<h1 class="entry-title">{headline}</h1>
<div class="entry-meta">By <a href="/author/staff/" rel="author">{author}</a></div>
<div class="entry-content">
{paragraphs}
<div class="sharedaddy"><h3>Share this:</h3><a href="https://twitter.com/share">Twitter</a>
<a href="https://www.facebook.com/sharer">Facebook</a></div>
</div>
</article>
<aside class="widget newsletter"><h2>Weekly picks</h2><p>Three films every Friday.</p></aside>
</main></body></html>
"""


def copy_sample_web(destination: Path) -> Path:
    shutil.copytree(SAMPLE_WEB, destination)
    return destination


def now_lastmod() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def lastmod_after_now() -> str:
    """A lastmod later than every moment so far: lastmod has whole seconds, so wait for the next one."""
    now = now_lastmod()
    while (later := now_lastmod()) == now:
        time.sleep(0.01)
    return later


def expected_body(site: Path, path: str) -> str:
    import json

    return str(json.loads((site / path.strip("/") / "expected.json").read_text("utf-8"))["body"])


def add_review(site: Path, path: str, headline: str, body: str, site_name: str, lastmod: str) -> None:
    """A new review page, listed in the site's sitemap and feed."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    page = PAGE.format(
        headline=escape(headline),
        site_name=escape(site_name),
        path=path,
        published=lastmod,
        author="Staff Writer",
        paragraphs=paragraphs,
    )
    folder = site / path.strip("/")
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(page, "utf-8")
    _insert_before(site / "sitemap.xml", "</urlset>", _sitemap_entry(path, lastmod))
    _insert_before(site / "feed.xml", "</channel>", _feed_entry(path, headline, lastmod))


def edit_page(site: Path, path: str, old: str, new: str, lastmod: str | None = None) -> None:
    page = site / path.strip("/") / "index.html"
    text = page.read_text("utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {page}"
    page.write_text(text.replace(old, new), "utf-8")
    if lastmod:
        bump_lastmod(site, path, lastmod)


def bump_lastmod(site: Path, path: str, lastmod: str) -> None:
    sitemap = site / "sitemap.xml"
    entry = re.compile(r"(<loc>\{\{base\}\}" + re.escape(path) + r"</loc>\s*<lastmod>)[^<]*(</lastmod>)")
    text, count = entry.subn(rf"\g<1>{lastmod}\g<2>", sitemap.read_text("utf-8"))
    assert count == 1, f"{path} not in {sitemap}"
    sitemap.write_text(text, "utf-8")


def remove_review(site: Path, path: str) -> None:
    shutil.rmtree(site / path.strip("/"))
    for name, tag in (("sitemap.xml", "url"), ("feed.xml", "item")):
        file = site / name
        block = re.compile(
            rf"\s*<{tag}>(?:(?!</{tag}>).)*\{{\{{base\}}\}}{re.escape(path)}<.*?</{tag}>", re.S
        )
        text, count = block.subn("", file.read_text("utf-8"))
        assert count == 1, f"{path} not in {file}"
        file.write_text(text, "utf-8")


def _insert_before(file: Path, marker: str, addition: str) -> None:
    text = file.read_text("utf-8")
    assert marker in text
    file.write_text(text.replace(marker, addition + marker, 1), "utf-8")


def _sitemap_entry(path: str, lastmod: str) -> str:
    return f"  <url>\n    <loc>{{{{base}}}}{path}</loc>\n    <lastmod>{lastmod}</lastmod>\n  </url>\n"


def _feed_entry(path: str, headline: str, lastmod: str) -> str:
    published = format_datetime(datetime.fromisoformat(lastmod))
    return (
        f"  <item>\n    <title>{escape(headline)}</title>\n    <link>{{{{base}}}}{path}</link>\n"
        f"    <pubDate>{published}</pubDate>\n  </item>\n"
    )
