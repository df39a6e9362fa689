"""Rendering script-built pages in Chromium through scrapy-playwright, guarded like the crawl."""
