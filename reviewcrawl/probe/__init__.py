"""``reviewcrawl sources probe``: look at one site politely and say how to crawl it.

One concern a module: ``fetch`` (polite same-host HTTP), ``robots`` (robots.txt), ``sitemaps``, ``feeds``,
``search``, ``script`` (does a page need JavaScript), ``verdict`` (is a page a review), ``shape`` (the review
URL shape), ``selector`` (a content selector, only when clearly better), ``sampling`` (which pages to read),
``run`` (the probe itself), ``report`` (what is printed), ``entry`` (the registry entry written) and
``xmldoc`` (forgiving bs4 parsing on lxml).
"""
