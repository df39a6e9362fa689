"""Log lines for dropped pages: one INFO line each, not a WARNING with the whole item."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import logformatter


class ReviewLogFormatter(logformatter.LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None) -> Any:
        return {
            "level": logging.INFO,
            "msg": "Dropped page (%(reason)s)",
            "args": {"reason": str(exception)},
        }
