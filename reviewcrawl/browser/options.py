"""Rendering pages with a real browser through scrapy-playwright."""

from __future__ import annotations

import shutil
from typing import Any

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RENDERED_KEY = "reviewcrawl_rendered"


def chromium_path() -> str | None:
    """The system Chromium, which the browser handler launches instead of a downloaded build."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_options() -> dict[str, Any]:
    options: dict[str, Any] = {"headless": True, "args": list(BROWSER_ARGS)}
    executable = chromium_path()
    if executable:
        options["executable_path"] = executable
    return options


def browser_meta() -> dict[str, Any]:
    """Request meta that sends a request through the browser.

    Waiting for the network to go quiet lets script-built pages finish
    fetching their content before the DOM is read.
    """
    return {
        "playwright": True,
        "playwright_page_goto_kwargs": {"wait_until": "networkidle"},
        RENDERED_KEY: True,
    }


def was_rendered(meta: dict[str, Any]) -> bool:
    return bool(meta.get(RENDERED_KEY))
