"""Near-duplicate bodies: a syndicated copy is caught, a different review is not; in one crawl too."""

from __future__ import annotations

import json
from pathlib import Path

from reviewcrawl.neardup import NearDuplicateIndex, shingles, signature, signature_bytes, signature_from_bytes
from reviewcrawl.sampleweb import SampleWeb
from tests.conftest import SAMPLE_WEB, run_crawl, start_sample_web, write_registry
from tests.webedits import add_review, copy_sample_web, expected_body, now_lastmod

ORIGINAL = "/reviews/oldboy-4k-rerelease-review/"
COPY = "/reviews/oldboy-at-twenty/"


def body(site: str, path: str) -> str:
    return expected_body(SAMPLE_WEB / "sites" / site, path)


def test_shingles_are_case_folded_word_runs() -> None:
    assert shingles("One two Three four five six") == {b"one two three four five", b"two three four five six"}
    assert shingles("Too short") == {b"too short"}


def test_copy_with_a_line_of_cruft_is_found_and_another_review_is_not() -> None:
    index = NearDuplicateIndex()
    original = body("criticsledger", ORIGINAL)
    index.add("https://a.example/oldboy/", signature(original))
    index.add(
        "https://a.example/zone/", signature(body("criticsledger", "/reviews/the-zone-of-interest-review/"))
    )
    copy = original + "\n\nThis review first appeared in Critics' Ledger."
    assert index.original_of(signature(copy), "https://b.example/oldboy/") == "https://a.example/oldboy/"
    other = body("filmfolio", "/reviews/drive-2011-review/")
    assert index.original_of(signature(other), "https://b.example/drive/") is None


def test_a_review_is_never_a_copy_of_itself() -> None:
    index = NearDuplicateIndex()
    text = body("reeltalk", "/reviews/past-lives-review/")
    index.add("https://a.example/past-lives/", signature(text))
    assert index.original_of(signature(text + " Updated."), "https://a.example/past-lives/") is None


def test_signatures_survive_storage() -> None:
    minhash = signature(body("yeonghwa", "/reviews/ballerina/"))
    assert signature_from_bytes(signature_bytes(minhash)).jaccard(minhash) == 1.0


def test_one_crawl_without_a_state_store_keeps_one_of_two_copies(tmp_path: Path) -> None:
    root = copy_sample_web(tmp_path / "web")
    original = body("criticsledger", ORIGINAL)
    add_review(root / "sites" / "filmfolio", COPY, "Oldboy at twenty", original, "FilmFolio", now_lastmod())
    web: SampleWeb = start_sample_web(root)
    try:
        registry = write_registry(web, tmp_path / "sources.toml")
        urls = [web.site("criticsledger").base + ORIGINAL, web.site("filmfolio").base + COPY]
        result = run_crawl(
            tmp_path / "crawl", {"urls": ",".join(urls)}, {"REVIEWCRAWL_SOURCES": str(registry)}
        )
    finally:
        web.stop()
    assert result.returncode == 0
    assert len(result.records) == 1 and result.records[0]["url"] in urls
    assert result.summary["duplicates"] == 1
    assert json.loads(json.dumps(result.records[0]["also_at"])) == []
