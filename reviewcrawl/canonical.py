"""One URL per review: tracking parameters, fragments, AMP and print variants normalised away.

The state store and duplicate detection key reviews by this form, so the same review reached through a
feed link with ``utm_`` parameters, its AMP page or its print view counts once.

What a page declares as its canonical URL (``rel=canonical``, ``og:url``) is believed only within the page's
own site: a page claiming another site's URL would make that site's genuine review its "duplicate" (and, in
the state store, key its own body under the other's URL), and a ``javascript:``/``data:``/``file:`` URL is no
address of a review at all.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from reviewcrawl.downloadermiddlewares.scope import FOLLOWED_SCHEMES, site_of, within

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "_hs", "ga_", "itm_")
TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mkt_tok",
    "_ga", "_gl", "ref", "ref_src", "cmpid", "icid", "ncid", "sr_share", "ocid", "s_cid",
}  # fmt: skip
# Query parameters that only ask for a variant (AMP, print) of the same page.
VARIANT_PARAMS = {
    "amp": None, "outputtype": {"amp"}, "print": None, "printable": None,
    "output": {"print", "amp"}, "view": {"print", "amp"}, "format": {"print", "amp"},
}  # fmt: skip
VARIANT_SEGMENTS = {"amp", "print", "printable"}


def _dropped_param(name: str, value: str) -> bool:
    key = name.lower()
    if key in TRACKING_NAMES or key.startswith(TRACKING_PREFIXES):
        return True
    if key in VARIANT_PARAMS:
        values = VARIANT_PARAMS[key]
        return values is None or value.lower() in values
    return False


def _kept_query(query: str, dropped: Callable[[str, str], bool]) -> str:
    """The query without the dropped parameters; untouched (same encoding) when none is dropped."""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not dropped(k, v)]
    return query if len(kept) == len(pairs) else urlencode(kept)


def _clean_path(path: str) -> str:
    """Drop a leading or trailing ``amp``/``print`` segment, keeping the page's own trailing slash."""
    slash = path.endswith("/")
    segments = [s for s in path.split("/") if s]
    if segments and segments[-1].lower() in VARIANT_SEGMENTS:
        segments.pop()
        slash = True
    elif segments and segments[0].lower() == "amp" and len(segments) > 1:
        segments.pop(0)
    if not segments:
        return "/"
    return "/" + "/".join(segments) + ("/" if slash else "")


def _clean_netloc(scheme: str, host: str, port: int | None, userinfo: str) -> str:
    host = host.lower().removeprefix("amp.")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = f"{userinfo}@{host}" if userinfo else host
    return netloc if port in (None, DEFAULT_PORTS.get(scheme)) else f"{netloc}:{port}"


def canonical_url(url: str) -> str:
    """The normalised form of an http(s) URL; anything else comes back stripped of whitespace."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = _clean_netloc(scheme, parts.hostname, port, userinfo)
    return urlunsplit((scheme, netloc, _clean_path(parts.path), _kept_query(parts.query, _dropped_param), ""))


def without_tracking(url: str) -> str:
    """``url`` with its fragment and tracking parameters gone, but still the exact page asked for."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    query = _kept_query(parts.query, _is_tracking)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _is_tracking(name: str, value: str = "") -> bool:
    key = name.lower()
    return key in TRACKING_NAMES or key.startswith(TRACKING_PREFIXES)


def trusted_canonical(declared: str, page_url: str | None) -> str | None:
    """``declared`` when it may stand for the page at ``page_url``, else None.

    It must be an http(s) URL on the page's own site (as the crawl's scope counts sites: the host, its "www."
    twin and subdomains, the same port), either way round, so an AMP or mobile host may name the main one.
    """
    site = site_of(declared)
    if site is None or declared.partition(":")[0].lower() not in FOLLOWED_SCHEMES:
        return None
    if page_url is None:
        return declared  # no page address to hold it against (a page read from a file)
    page_site = site_of(page_url)
    if page_site is None or not (within(site, [page_site]) or within(page_site, [site])):
        return None
    return declared
