"""Canonical URLs: one form per review, whatever the link carried."""

from __future__ import annotations

import pytest

from reviewcrawl.canonical import canonical_url, without_tracking


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.example.com/reviews/drive/", "https://www.example.com/reviews/drive/"),
        ("HTTPS://Example.COM:443/reviews/drive/", "https://example.com/reviews/drive/"),
        ("http://example.com:8080/r/", "http://example.com:8080/r/"),
        ("https://example.com/r/drive/#comments", "https://example.com/r/drive/"),
        ("https://example.com/r/drive/?utm_source=rss&utm_medium=feed", "https://example.com/r/drive/"),
        ("https://example.com/r/drive/?fbclid=abc&page=2", "https://example.com/r/drive/?page=2"),
        ("https://example.com/r/drive/amp/", "https://example.com/r/drive/"),
        ("https://example.com/amp/r/drive/", "https://example.com/r/drive/"),
        ("https://amp.example.com/r/drive/", "https://example.com/r/drive/"),
        ("https://example.com/r/drive/?amp", "https://example.com/r/drive/"),
        ("https://example.com/r/drive/?amp=1", "https://example.com/r/drive/"),
        ("https://example.com/r/drive/?outputType=amp", "https://example.com/r/drive/"),
        ("https://example.com/r/drive/print/", "https://example.com/r/drive/"),
        ("https://example.com/r/drive/?print=1", "https://example.com/r/drive/"),
        ("https://example.com/r/drive/?view=print&id=7", "https://example.com/r/drive/?id=7"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/?s=a%20b", "https://example.com/?s=a%20b"),
        (
            "http://127.0.0.1:8711/reviews/ballerina-review/",
            "http://127.0.0.1:8711/reviews/ballerina-review/",
        ),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_canonical_url_is_idempotent() -> None:
    url = "https://AMP.example.com/amp/r/x/?utm_campaign=y&id=3#top"
    assert canonical_url(canonical_url(url)) == canonical_url(url) == "https://example.com/r/x/?id=3"


@pytest.mark.parametrize("url", ["mailto:someone@example.com", "not a url", "https://[::1"])
def test_other_strings_come_back_as_they_are(url: str) -> None:
    assert canonical_url(url) == url


def test_without_tracking_keeps_the_page_asked_for() -> None:
    assert (
        without_tracking("https://example.com/r/x/amp/?utm_source=a&amp=1#c")
        == "https://example.com/r/x/amp/?amp=1"
    )
