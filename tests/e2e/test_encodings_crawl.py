"""Every way a page may declare (or fail to declare) its encoding, through a real crawl: the body comes out
right.

Each page is a different review (so none is a duplicate of another) served by a local server in one encoding
with one combination of declarations: charset in the Content-Type header, in a <meta> tag only, as a
byte-order mark, nowhere, or a wrong one.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import run_crawl
from tests.hostile_pages import (
    CHINESE,
    CHINESE_MORE,
    ENGLISH,
    ENGLISH_ACCENTED,
    FRENCH,
    FRENCH_MORE,
    JAPANESE,
    JAPANESE_MORE,
    KOREAN,
    KOREAN_MORE,
    RUSSIAN,
    RUSSIAN_MORE,
    Review,
    expected_body,
    review_html,
)
from tests.hostile_server import HostileSite, page


@dataclass(frozen=True)
class Served:
    slug: str
    review: Review
    codec: str  # how the bytes are encoded
    header: str | None  # charset in the Content-Type header (None: no charset parameter)
    meta: str | None = None  # charset in a <meta> tag
    bom: bool = False

    def body_bytes(self) -> bytes:
        head = f'<meta charset="{self.meta}">\n' if self.meta else ""
        html = review_html(self.review, head=head, lang=False, slug=self.slug)
        data = html.encode(self.codec)
        if self.bom:
            data = _bom(self.codec) + data
        return data

    @property
    def content_type(self) -> str:
        return f"text/html; charset={self.header}" if self.header else "text/html"


BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


def _bom(codec: str) -> bytes:
    return BOMS[codec]


PAGES = (
    Served("ko-euckr-header", KOREAN, "euc_kr", header="euc-kr"),
    Served("ko-euckr-meta-only", KOREAN_MORE["oldboy"], "euc_kr", header=None, meta="euc-kr"),
    Served("ko-euckr-nowhere", KOREAN_MORE["decision-to-leave"], "euc_kr", header=None),
    Served("ko-utf8-labelled-euckr", KOREAN_MORE["memories-of-murder"], "utf-8", header="euc-kr"),
    Served("ja-shiftjis-header", JAPANESE, "cp932", header="Shift_JIS"),
    Served("ja-shiftjis-meta-only", JAPANESE_MORE, "cp932", header=None, meta="shift_jis"),
    Served("zh-gb18030-header", CHINESE, "gb18030", header="GB18030"),
    Served("zh-gbk-meta-gb2312", CHINESE_MORE, "gb18030", header=None, meta="gb2312"),
    Served("ru-cp1251-header", RUSSIAN, "cp1251", header="windows-1251"),
    Served("ru-cp1251-nowhere", RUSSIAN_MORE["cranes"], "cp1251", header=None),
    Served("ru-cp1251-meta-says-utf8", RUSSIAN_MORE["come-and-see"], "cp1251", header=None, meta="utf-8"),
    Served("fr-cp1252-sent-as-latin1", FRENCH, "cp1252", header="ISO-8859-1"),
    Served("fr-cp1252-meta-latin1", FRENCH_MORE, "cp1252", header=None, meta="iso-8859-1"),
    Served("en-utf8-bom", ENGLISH_ACCENTED, "utf-8", header=None, bom=True),
    Served("en-utf8-bom-header-latin1", ENGLISH["anatomy-of-a-fall"], "utf-8", header="iso-8859-1", bom=True),
    Served("en-utf16le-bom", ENGLISH["drive"], "utf-16-le", header=None, bom=True),
    Served("en-utf8-nowhere", ENGLISH["zone-of-interest"], "utf-8", header=None),
)
# English in windows-1252 with only a letter or two outside ASCII: the sniffer ranks DOS code pages (cp775,
# cp852) first and "Hüller" comes out as "H³ller". A defect of extract/decode.py, kept here until it is fixed.
SPARSE_CP1252 = (
    Served("en-cp1252-labelled-utf8", ENGLISH["toni-erdmann"], "cp1252", header="utf-8"),
    Served("en-cp1252-nowhere", ENGLISH["under-the-skin"], "cp1252", header=None),
)
SERVED = PAGES + SPARSE_CP1252
# Unspaced scripts give one "word" per paragraph; the word-count floor is not what this test is about.
UNSPACED = {"ja", "zh"}


@pytest.fixture(scope="module")
def encoding_site() -> Iterator[HostileSite]:
    site = HostileSite()
    site.routes["/robots.txt"] = page("User-agent: *\nAllow: /\n", "text/plain")
    for served in SERVED:
        site.routes[f"/reviews/{served.slug}/"] = page(served.body_bytes(), served.content_type)
    site.start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def encoding_crawl(encoding_site: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("encodings")
    registry = tmp / "empty.toml"
    registry.write_text("", "utf-8")
    urls = ",".join(encoding_site.url(f"/reviews/{served.slug}/") for served in SERVED)
    return run_crawl(
        tmp,
        {"urls": urls},
        {
            "REVIEWCRAWL_SOURCES": str(registry),
            "AUTOTHROTTLE_ENABLED": "False",
        },
        timeout=120,
    )


def test_every_page_exported_once(encoding_crawl: Any, encoding_site: HostileSite) -> None:
    assert encoding_crawl.returncode == 0, encoding_crawl.stderr[-2000:]
    exported = sorted(record["url"] for record in encoding_crawl.records)
    assert exported == sorted(encoding_site.url(f"/reviews/{served.slug}/") for served in SERVED)
    assert "Traceback" not in encoding_crawl.log


@pytest.mark.parametrize(
    "served",
    list(SERVED),
    ids=[served.slug for served in SERVED],
)
def test_body_and_headline_decoded(served: Served, encoding_crawl: Any, encoding_site: HostileSite) -> None:
    url = encoding_site.url(f"/reviews/{served.slug}/")
    record = next((r for r in encoding_crawl.records if r["url"] == url), None)
    assert record is not None, f"{served.slug} was not exported"
    review = served.review
    assert record["body"] == expected_body(review)
    assert record["headline"] == review.headline
    assert "\ufffd" not in record["body"]
    if review.language not in UNSPACED:
        assert record["word_count"] >= 80


def test_pages_fit_their_codecs() -> None:
    """The fixtures themselves: each page really is in the encoding it claims to test."""
    for served in SERVED:
        data = served.body_bytes()
        if served.codec != "utf-8" and not served.bom:
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
    assert {served.codec for served in PAGES} >= {"euc_kr", "cp932", "gb18030", "cp1251", "cp1252", "utf-8"}
