"""Generated and mutated pages through ``extract_review`` and through the crawl's whole pipeline chain.

Random nesting, unclosed tags, random bytes, huge attributes, nesting 5000 levels deep, random (and wrong)
charsets, and real reviews damaged at random. The only exception allowed out of a pipeline is DropItem; an
extraction step that fails and logs its exception counts as a crash too. ``INPUTS`` and ``CRASHES`` keep the
figures for the run.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import Counter
from collections.abc import Awaitable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object

from reviewcrawl import extract_review
from reviewcrawl import settings as project_settings
from reviewcrawl.items import PageItem, ReviewItem
from tests.conftest import project_crawler
from tests.hostile_pages import CHINESE, ENGLISH, JAPANESE, KOREAN, RUSSIAN, Review, review_html

URLS = ["https://films.example/reviews/fuzz/", "http://127.0.0.1:8711/reviews/fuzz/", None]
SOURCE_KEYS = [None, "reeltalk", "filmfolio", "criticsledger", "yeonghwa", "no-such-source"]
CODECS = ["utf-8", "cp1252", "euc_kr", "cp932", "gb18030", "cp1251", "koi8_r", "big5", "utf-16", "iso2022_jp"]
# Charset labels a page may declare in <meta>, sense or nonsense.
META_LABELS = [
    None,
    "utf-8",
    "iso-8859-1",
    "euc-kr",
    "shift_jis",
    "gb2312",
    "windows-1251",
    "utf-16",
    "utf-7",
    "x-no-such-charset",
    "",
    "UTF-8; foo",
    "\x00",
    "big5",
    "utf-32",
    "csISO2022JP",
]
# The transport hint comes from Scrapy (a codec name it resolved, or None); kept printable here.
HINTS = [
    None,
    "utf-8",
    "cp1252",
    "cp949",
    "cp932",
    "gb18030",
    "cp1251",
    "utf-16",
    "utf-16-be",
    "big5",
    "x-no-such-charset",
    "latin-1",
    "ascii",
]
TAGS = [
    "div",
    "p",
    "span",
    "a",
    "article",
    "section",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "ul",
    "li",
    "h1",
    "h2",
    "table",
    "td",
    "br",
    "img",
    "script",
    "style",
    "form",
    "figure",
    "blockquote",
    "pre",
    "iframe",
    "svg",
    "noscript",
    "template",
    "meta",
    "title",
    "html",
    "body",
    "head",
    "!--",
    "![CDATA[",
]
ATTRIBUTES = [
    "class",
    "id",
    "itemprop",
    "style",
    "hidden",
    "href",
    "lang",
    "content",
    "property",
    "type",
    "datetime",
    "charset",
    "http-equiv",
    "rel",
]
VALUES = [
    "entry-content",
    "articleBody",
    "sidebar",
    "comments",
    "og:title",
    "article:published_time",
    "application/ld+json",
    "2024-13-45T99:99",
    "text/html; charset=euc-kr",
    "canonical",
    "#",
    "",
    "\x00",
    "javascript:alert(1)",
    "ratingValue",
    "5/5",
    "★★★★☆",
]
REVIEWS: list[Review] = [*ENGLISH.values(), KOREAN, JAPANESE, CHINESE, RUSSIAN]
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def budget(examples: int) -> Any:
    """Examples per test, chosen so the whole module stays well under a minute."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=HEALTH)


INPUTS: Counter[str] = Counter()
CRASHES: list[str] = []


class ExceptionLog(logging.Handler):
    """Exceptions that extraction steps catch and log: for the fuzz, each one is a crash."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.records.append(record)


@pytest.fixture(scope="module")
def chain() -> Iterator[list[Any]]:
    """The project's item pipelines, in order, built as a crawl builds them."""
    # Pages are read in this process, so what the extraction steps log reaches the fuzz.
    crawler = project_crawler(REVIEWCRAWL_READER_PROCESSES=0, ITEM_PIPELINES=project_settings.ITEM_PIPELINES)
    pipelines = []
    for path, _ in sorted(project_settings.ITEM_PIPELINES.items(), key=lambda entry: entry[1]):
        try:
            pipelines.append(build_from_crawler(load_object(path), crawler))
        except NotConfigured:
            continue
    for pipeline in pipelines:
        if hasattr(pipeline, "open_spider"):
            pipeline.open_spider()
    yield pipelines
    for pipeline in pipelines:
        if hasattr(pipeline, "close_spider"):
            pipeline.close_spider()


@pytest.fixture(scope="module")
def exception_log() -> Iterator[ExceptionLog]:
    handler = ExceptionLog()
    logger = logging.getLogger("reviewcrawl")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def run_chain(pipelines: list[Any], item: PageItem) -> Any:
    result: Any = item
    for pipeline in pipelines:
        result = pipeline.process_item(result)
        if inspect.isawaitable(result):
            result = asyncio.run(awaited(result))
    return result


async def awaited(result: Awaitable[Any]) -> Any:
    return await result


def check(
    data: str | bytes, label: str | None, source_key: str | None, url: str | None, context: Any
) -> None:
    """One input through extract_review and through the pipeline chain; anything but DropItem is a crash."""
    pipelines, log = context
    INPUTS["total"] += 1
    log.records.clear()
    try:
        record = extract_review(data, url)
        assert record is None or isinstance(record, ReviewItem)
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        item = PageItem(
            url=url or "https://films.example/x/",
            body_bytes=raw,
            encoding=label,
            source_key=source_key,
            rendered=False,
            fetched_at="2024-03-01T00:00:00+00:00",
        )
        try:
            result = run_chain(pipelines, item)
        except DropItem as drop:
            INPUTS["dropped"] += 1
            INPUTS["dropped/" + str(drop).split(":", 1)[0]] += 1
        else:
            assert isinstance(result, ReviewItem) and isinstance(result["body"], str), type(result)
            INPUTS["exported"] += 1
    except Exception as exc:
        CRASHES.append(f"{type(exc).__name__}: {exc}")
        raise
    if log.records:
        CRASHES.append(log.records[0].getMessage())
        raise AssertionError(log.records[0].getMessage()) from log.records[0].exc_info[1]


text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
words = st.lists(st.sampled_from(ENGLISH["drive"].paragraphs[0].split()), min_size=1, max_size=40).map(
    " ".join
)


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(
        f' {draw(st.sampled_from(ATTRIBUTES))}="{draw(st.sampled_from(VALUES))}"'
        for _ in range(draw(st.integers(0, 3)))
    )
    children = draw(st.lists(element(depth + 1), max_size=3)) if depth < 6 else []
    inner = draw(st.one_of(text, words)) + "".join(children) + draw(st.one_of(text, words))
    closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "</p>", "</div></div>"]))
    return f"<{tag}{attrs}>{inner}{closing}"


@st.composite
def generated_page(draw: st.DrawFn) -> bytes:
    codec = draw(st.sampled_from(CODECS))
    label = draw(st.sampled_from(META_LABELS))
    head = f'<meta charset="{label}">' if label is not None else ""
    body = "".join(draw(st.lists(element(), min_size=1, max_size=5)))
    page = f"<html><head>{head}<title>{draw(text)}</title></head><body>{body}</body></html>"
    return page.encode(codec, errors="replace")


@st.composite
def mutated_review(draw: st.DrawFn) -> bytes:
    review = draw(st.sampled_from(REVIEWS))
    codec = draw(st.sampled_from(["utf-8", "utf-16", "gb18030", "euc_kr", "cp1251", "cp932"]))
    data = bytearray(review_html(review).encode(codec, errors="replace"))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        start = draw(st.integers(0, len(data) - 1))
        end = min(len(data), start + draw(st.integers(0, 400)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "replace", "truncate"]))
        if operation == "delete":
            del data[start:end]
        elif operation == "insert":
            data[start:start] = draw(st.binary(max_size=50))
        elif operation == "duplicate":
            data[start:start] = data[start:end]
        elif operation == "replace":
            data[start:end] = draw(
                st.sampled_from([b"<", b">", b"</article>", b"<!--", b"\x00", b"&#", b"\xff"])
            )
        else:
            del data[start:]
    return bytes(data)


page_context = st.tuples(st.sampled_from(HINTS), st.sampled_from(SOURCE_KEYS), st.sampled_from(URLS))


@pytest.fixture(scope="module")
def context(chain: list[Any], exception_log: ExceptionLog) -> tuple[list[Any], ExceptionLog]:
    return chain, exception_log


@budget(100)  # the slowest: about 0.2 s a page
@given(page=generated_page(), where=page_context)
def test_generated_pages(page: bytes, where: tuple[str | None, str | None, str | None], context: Any) -> None:
    check(page, *where, context)


@budget(400)
@given(page=mutated_review(), where=page_context)
def test_mutated_reviews(page: bytes, where: tuple[str | None, str | None, str | None], context: Any) -> None:
    check(page, *where, context)


@budget(400)
@given(data=st.binary(max_size=4000), where=page_context)
def test_random_bytes(data: bytes, where: tuple[str | None, str | None, str | None], context: Any) -> None:
    check(data, *where, context)


@budget(30)
@given(
    size=st.integers(1000, 1_000_000),
    attribute=st.sampled_from(ATTRIBUTES),
    filler=st.sampled_from(["a", " ", "\"'<>", "é", "\x00"]),
)
def test_huge_attributes(size: int, attribute: str, filler: str, context: Any) -> None:
    value = (filler * size)[:size].replace('"', "&quot;")
    review = review_html(ENGLISH["drive"])
    page = review.replace("<article", f'<article {attribute}="{value}"', 1)
    check(page.encode("utf-8"), None, None, URLS[0], context)


@budget(8)
@given(
    depth=st.sampled_from([256, 1000, 2500, 5000]), tag=st.sampled_from(["div", "span", "blockquote", "li"])
)
def test_deep_nesting(depth: int, tag: str, context: Any) -> None:
    inner = " ".join(ENGLISH["drive"].paragraphs)
    page = f"<html><body>{f'<{tag}>' * depth}<p>{inner}</p>{f'</{tag}>' * depth}</body></html>"
    check(page.encode("utf-8"), "utf-8", None, URLS[0], context)
    check(page.encode("utf-8")[: len(page) // 2], None, None, URLS[0], context)


def test_decode_survives_a_nul_in_the_transport_hint() -> None:
    # Found by this fuzz. A crawl cannot trigger it (Scrapy hands over resolved codec names only), but
    # decode_html promises never to raise.
    from reviewcrawl.extract.page.decode import decode_html

    assert decode_html(b"<p>caf\xe9</p>", "\x00") == "<p>café</p>"


def test_the_budget_was_spent_without_a_crash() -> None:
    """Runs last in this module: the run's figures."""
    if not INPUTS["total"]:
        pytest.skip("only meaningful after the fuzz tests above")
    assert INPUTS["total"] >= 900, INPUTS
    assert CRASHES == []
    reasons = {
        key.removeprefix("dropped/"): n for key, n in sorted(INPUTS.items()) if key.startswith("dropped/")
    }
    print(
        f"\npipeline fuzz: {INPUTS['total']} inputs, {INPUTS['exported']} exported, "
        f"{INPUTS['dropped']} dropped {reasons}, {len(CRASHES)} crashes"
    )
