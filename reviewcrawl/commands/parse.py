"""``scrapy parse --spider=reviews URL``: the page callback on one URL, with the crawl's own checks.

The reviews spider needs a plan and a scope, so the URL is given to it as ``-a urls=URL`` (the host is
then in scope), and a URL with no ``--callback`` is read as a review page (``parse_page``). Without
``--spider`` the reviews spider is used. Bad settings and arguments are refused in one line, as
``scrapy crawl`` refuses them.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.commands.parse import Command as ScrapyParseCommand

from reviewcrawl.commands.crawl import REFUSED, argument_error, say_error
from reviewcrawl.config import registry_from_settings
from reviewcrawl.items import PageItem
from reviewcrawl.settingcheck import setting_error

PAGE_CALLBACK = "parse_page"


def shown(item: Any) -> Any:
    """A page item as printed: its raw body as a size, not as pages of bytes."""
    if isinstance(item, PageItem):
        return PageItem({**item, "body_bytes": f"<{len(item.get('body_bytes') or b'')} bytes>"})
    return item


class Command(ScrapyParseCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        opts.spider = opts.spider or "reviews"  # the project's one spider
        if len(args) == 1 and opts.spider == "reviews":
            opts.spargs.setdefault("urls", args[0])
            opts.callback = opts.callback or PAGE_CALLBACK
            assert self.settings is not None
            error = setting_error(self.settings) or argument_error(self.settings, opts.spargs)
            if error:
                say_error(error, self.settings)
                self.exitcode = REFUSED
                return
            source = registry_from_settings(self.settings).for_url(args[0])
            if source is not None:  # the pipelines read the page with its source's selectors
                opts.meta = {"source_key": source.key, **(opts.meta or {})}
        super().run(args, opts)

    def add_items(self, lvl: int, new_items: list[Any]) -> None:
        super().add_items(lvl, [shown(item) for item in new_items])
