"""Near-duplicate bodies: a syndicated copy is caught, a different review is not; in one crawl too."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from _pytest.logging import LogCaptureFixture
from _pytest.monkeypatch import MonkeyPatch
from scrapy.exceptions import DropItem

from devtools.sampleweb import SampleWeb
from reviewcrawl.items import ReviewItem
from reviewcrawl.pipelines import NearDuplicatePipeline, StatePipeline
from reviewcrawl.store import neardup
from reviewcrawl.store.neardup import (
    NUM_PERM,
    NearDuplicateIndex,
    folded_words,
    shingle_hashes,
    shingles,
    signature,
    signature_bytes,
    signature_from_bytes,
    similarity,
)
from tests.conftest import SAMPLE_WEB, project_crawler, run_crawl, start_sample_web, write_registry
from tests.webedits import add_review, copy_sample_web, expected_body, now_lastmod

ORIGINAL = "/reviews/oldboy-4k-rerelease-review/"
COPY = "/reviews/oldboy-at-twenty/"


def body(site: str, path: str) -> str:
    return expected_body(SAMPLE_WEB / "sites" / site, path)


def test_shingles_are_case_folded_word_runs() -> None:
    assert shingles("One two Three four five six") == {b"one two three four five", b"two three four five six"}
    assert shingles("Too short") == {b"too short"}


def test_copy_with_a_line_of_cruft_is_found_and_another_review_is_not() -> None:
    with NearDuplicateIndex() as index:
        check_copy_and_other(index)


def check_copy_and_other(index: NearDuplicateIndex) -> None:
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
    with NearDuplicateIndex() as index:
        text = body("reeltalk", "/reviews/past-lives-review/")
        index.add("https://a.example/past-lives/", signature(text))
        assert index.original_of(signature(text + " Updated."), "https://a.example/past-lives/") is None


def test_signatures_survive_storage() -> None:
    values = signature(body("yeonghwa", "/reviews/ballerina/"))
    assert similarity(signature_from_bytes(signature_bytes(values)), values) == 1.0


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


def test_the_same_in_a_file_that_outlives_the_index(tmp_path: Path) -> None:
    with NearDuplicateIndex(path=tmp_path / "state.sqlite") as index:
        check_copy_and_other(index)
    with NearDuplicateIndex(path=tmp_path / "state.sqlite") as index:
        assert len(index) == 2 and "https://a.example/oldboy/" in index
        assert not index.added_now("https://a.example/oldboy/")  # indexed by an earlier opening


def test_estimate_follows_the_true_shingle_jaccard() -> None:
    first = body("criticsledger", ORIGINAL).split("\n\n")
    second = body("filmfolio", "/reviews/drive-2011-review/").split("\n\n")
    for kept in range(1, len(first) + 1):
        mixed = "\n\n".join(first[:kept] + second[kept:])
        a, b = shingles("\n\n".join(first)), shingles(mixed)
        true = len(a & b) / len(a | b)
        estimate = similarity(signature("\n\n".join(first)), signature(mixed))
        assert abs(estimate - true) <= 0.12, (kept, true, estimate)


def test_every_shingle_is_hashed_once_and_short_texts_are_one_shingle() -> None:
    text = body("reeltalk", "/reviews/past-lives-review/") + " Past Lives past lives past lives past lives"
    assert len(set(shingle_hashes(text).tolist())) == len(shingles(text))
    assert len(shingle_hashes("Too short")) == 1 and len(shingle_hashes("")) == 1
    assert similarity(signature("Too short"), signature("too SHORT!")) == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Straße, ÆON and _under_score_ at 42nd St.",
        "  — leading and trailing punctuation —  ",
        "ΣΊΣΥΦΟΣ στην οδό, İstanbul",  # Σ folds context-free; İ folds to two characters
        "emoji 🎬 between words; 𝔘nicode beyond the first plane",
        "tab\tnew\nline\r\n\u00a0no-break space",
        "ǅ titlecase, ﬁ ligature, Ⅻ numeral",
        "",
        "!!!",
    ],
)
def test_folded_words_are_the_words_shingles_joins(text: str) -> None:
    expected = " ".join(word.casefold() for word in re.findall(r"\w+", text))
    assert "".join(map(chr, folded_words(text).tolist())) == expected


def test_signatures_are_pinned() -> None:
    # Stored signatures are compared across runs: when these values change, SCHEME must change too.
    assert signature("The quick brown fox jumps over the lazy dog")[:4].tolist() == PINNED


PINNED = [1926097633, 285227136, 434845880, 3597281869]


def test_re_adding_a_key_replaces_its_signature() -> None:
    first = body("criticsledger", ORIGINAL)
    second = body("filmfolio", "/reviews/drive-2011-review/")
    with NearDuplicateIndex() as index:
        index.add("https://a.example/r/", signature(first))
        index.add("https://a.example/r/", signature(second))
        assert len(index) == 1
        assert index.original_of(signature(first), "https://b.example/") is None
        assert index.original_of(signature(second), "https://b.example/") == "https://a.example/r/"


def test_the_private_file_is_removed_on_close() -> None:
    index = NearDuplicateIndex()
    index.add("https://a.example/r/", signature("one two three four five six"))
    assert index.path.exists()
    index.close()
    assert not index.path.exists()


def test_sync_forgets_what_the_source_lacks_and_adds_what_it_has(tmp_path: Path) -> None:
    texts = {key: body("criticsledger", path) for key, path in (("a", ORIGINAL), ("b", COPY_SOURCE))}
    with NearDuplicateIndex(path=tmp_path / "state.sqlite") as index:
        index.add("a", signature(texts["a"]))  # indexed, but the source never had it
        index.db.execute("CREATE TABLE source (key TEXT, signature BLOB, scheme TEXT)")
        index.db.execute(
            "INSERT INTO source VALUES ('b', ?, 'x'), ('c', ?, 'old')",
            (signature_bytes(signature(texts["b"])), signature_bytes(signature(texts["a"]))),
        )
        index.sync("SELECT key, signature FROM source WHERE scheme = :scheme", scheme="x")
        assert len(index) == 1 and "b" in index
        assert index.original_of(signature(texts["b"]), "z") == "b"
        assert index.original_of(signature(texts["a"]), "z") is None


COPY_SOURCE = "/reviews/the-zone-of-interest-review/"


def test_python_memory_does_not_grow_with_the_number_of_indexed_reviews() -> None:
    random = np.random.default_rng(7)

    def add(index: NearDuplicateIndex, start: int, stop: int) -> None:
        for number in range(start, stop):
            values = random.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
            index.original_of(values, f"https://a.example/{number}/")
            index.add(f"https://a.example/{number}/", values)

    with NearDuplicateIndex() as index:
        add(index, 0, 1000)  # statement caches and the like, made once
        tracemalloc.start()
        try:
            add(index, 1000, 5000)
            at_5k = tracemalloc.get_traced_memory()[0]
            add(index, 5000, 20000)
            at_20k = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        assert len(index) == 20000
    print(f"traced Python memory: {at_5k} bytes at 5k reviews, {at_20k} at 20k")
    assert at_20k - at_5k < 64 * 1024


def review(url: str, text: str) -> ReviewItem:
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return ReviewItem(url=url, canonical_url=url, body=text, content_hash=content_hash, source="Site")


def open_pipelines(path: Path) -> tuple[NearDuplicatePipeline, StatePipeline]:
    """The two pipelines as a crawl opens them: both built (pending reviews are settled), then opened."""
    crawler = project_crawler(REVIEWCRAWL_STATE_DB=str(path))
    near, state = NearDuplicatePipeline.from_crawler(crawler), StatePipeline.from_crawler(crawler)
    near.open_spider()
    state.open_spider()
    return near, state


def close_pipelines(near: NearDuplicatePipeline, state: StatePipeline) -> None:
    near.close_spider()
    state.close_spider()
    state.store.close()  # the crawl's one store, which the engine closes once it has stopped


def test_one_signature_per_review_and_a_carried_one_is_used(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    computed: list[str] = []
    compute = neardup.signature

    def counted(text: str) -> np.ndarray:
        computed.append(text)
        return compute(text)

    monkeypatch.setattr(neardup, "signature", counted)
    near, state = open_pipelines(tmp_path / "state.sqlite")
    try:
        first = review("https://a.example/r/", body("criticsledger", ORIGINAL))
        item = state.process_item(near.process_item(first))
        assert len(computed) == 1 and "minhash" not in item
        other = body("filmfolio", "/reviews/drive-2011-review/")
        carried = review("https://b.example/r/", other)
        carried["minhash"] = signature_bytes(compute(other))
        state.process_item(near.process_item(carried))
        assert len(computed) == 1
    finally:
        close_pipelines(near, state)


def test_a_run_forgets_what_a_killed_run_never_exported_and_ignores_other_schemes(
    tmp_path: Path, caplog: LogCaptureFixture
) -> None:
    path = tmp_path / "state.sqlite"
    texts = [body("criticsledger", ORIGINAL), body("filmfolio", "/reviews/drive-2011-review/")]
    near, state = open_pipelines(path)
    state.record_exported(state.process_item(near.process_item(review("https://a.example/one/", texts[0]))))
    state.process_item(near.process_item(review("https://a.example/two/", texts[1])))
    near.index.close()  # killed before the second review reached the export
    state.store.close()

    near, state = open_pipelines(path)
    try:
        assert "https://a.example/one/" in near.index and "https://a.example/two/" not in near.index
        near.process_item(review("https://b.example/two/", texts[1]))  # its original was never exported
        with pytest.raises(DropItem):
            near.process_item(review("https://b.example/one/", texts[0]))
    finally:
        close_pipelines(near, state)

    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE reviews SET signature_scheme = NULL WHERE canonical_url = 'https://a.example/one/'"
        )
    db.close()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="reviewcrawl.pipelines"):
        near, state = open_pipelines(path)
    try:
        warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
        assert warnings == [
            "1 stored review signatures are of another scheme: ignored until their reviews come again"
        ]
        assert "https://a.example/one/" not in near.index
    finally:
        close_pipelines(near, state)
