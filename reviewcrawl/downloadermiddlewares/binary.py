"""Binary data served as a web page (an image, an archive, a mislabelled download) never reaches extraction.

Random bytes decode to "text" in any single-byte encoding, and enough of it passes for a long review. Text in
any encoding a web page uses has next to no C0 control bytes besides whitespace, while binary data has about
one in ten; pages announced as UTF-16 or UTF-32 by a byte-order mark are text whatever their bytes.
"""

from __future__ import annotations

import codecs
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from reviewcrawl.errors import Skipped
from reviewcrawl.stats import Skip

logger = logging.getLogger(__name__)

SAMPLE_BYTES = 64 * 1024
MAX_CONTROL_SHARE = 0.01  # text pages stay far below, binary data (about 11%) far above
MIN_CONTROL_BYTES = 8  # a stray control byte or two in a short page is damage, not binary
CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13} | {127}
WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
TEXT_TYPES = (b"text/", b"application/xhtml", b"application/xml")


def looks_binary(body: bytes) -> bool:
    if body.startswith(WIDE_BOMS):
        return False
    sample = body[:SAMPLE_BYTES]
    controls = sum(1 for byte in sample if byte in CONTROL_BYTES)
    return controls >= MIN_CONTROL_BYTES and controls > MAX_CONTROL_SHARE * len(sample)


class BinaryBodyMiddleware:
    """Skips text-labelled responses with binary (decompressed) bodies: ``reviewcrawl/skipped/binary``."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BinaryBodyMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        content_type = (response.headers.get(b"Content-Type") or b"text/html").lower()
        if response.status != 200 or not content_type.startswith(TEXT_TYPES):
            return response
        if not looks_binary(response.body):
            return response
        self.stats.inc_value(Skip.BINARY.key)
        logger.info("Skipped %s: binary data served as %s", response.url, content_type.decode("latin-1"))
        raise Skipped(Skip.BINARY, "binary data served as text")
