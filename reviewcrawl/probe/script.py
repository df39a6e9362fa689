"""Does a page need JavaScript? A script shell: scripts, little text, an empty app root, a data island."""

from __future__ import annotations

from bs4 import BeautifulSoup

SHELL_TEXT_CHARS = 300  # a page showing less text than this has no article of its own
APP_ROOTS = ("__next", "root", "app", "__nuxt", "___gatsby")
DATA_ISLANDS = ("__NEXT_DATA__", "__NUXT_DATA__", "__APOLLO_STATE__")
INVISIBLE = ("script", "style", "noscript", "template")


def visible_text_chars(soup: BeautifulSoup) -> int:
    body = soup.body
    if body is None:
        return 0
    return sum(
        len(text.strip())
        for text in body.find_all(string=True)
        if not any(parent.name in INVISIBLE for parent in text.parents)
    )


def shell_signs(soup: BeautifulSoup) -> list[str]:
    """Why the page looks built in the browser; empty when it carries its own text."""
    if soup.find("script") is None or visible_text_chars(soup) >= SHELL_TEXT_CHARS:
        return []
    signs = [f"under {SHELL_TEXT_CHARS} characters of text"]
    for root in APP_ROOTS:
        element = soup.find(id=root)
        if element is not None and not element.get_text(strip=True):
            signs.append(f"an empty root div#{root}")
    # An island is a script's id (Next.js) or the start of its text (window.__APOLLO_STATE__ = …).
    scripts = " ".join(f"{s.get('id', '')} {(s.string or '')[:200]}" for s in soup.find_all("script"))
    signs += [f"a {island} island" for island in DATA_ISLANDS if island in scripts]
    return signs
