"""Scrapy settings for reviewcrawl. Every reviewcrawl-specific one is named REVIEWCRAWL_…"""

import os

from reviewcrawl.browser.options import launch_options
from reviewcrawl.items import RECORD_FIELDS

BOT_NAME = "reviewcrawl"
SPIDER_MODULES = ["reviewcrawl.spiders"]
NEWSPIDER_MODULE = "reviewcrawl.spiders"
COMMANDS_MODULE = "reviewcrawl.commands"

# --- reviewcrawl ---------------------------------------------------------------
REVIEWCRAWL_SOURCES = "sources.toml"  # the source registry
REVIEWCRAWL_FILMS = "fixtures/sample-web/films.jsonl"  # the film catalogue (JSON lines)
if "REVIEWCRAWL_FILMS" in os.environ:  # the environment sets it for crawls and extraction alike
    REVIEWCRAWL_FILMS = os.environ["REVIEWCRAWL_FILMS"]
REVIEWCRAWL_CONTACT_URL = "https://github.com/reviewcrawl/reviewcrawl"  # named in the User-Agent
REVIEWCRAWL_MIN_WORDS = 80  # a shorter body is not a review
REVIEWCRAWL_DEBUG_REMOVED = False  # log the text each stripping rule group removed (DEBUG level)
REVIEWCRAWL_BROWSER_FALLBACK = True  # re-fetch script-built pages through the browser
REVIEWCRAWL_SUMMARY_PATH = None  # the closing summary's JSON file (default: <export>.summary.json)
REVIEWCRAWL_STATE_DB = None  # SQLite file or redis:// URL (a cluster's): export only new and changed reviews
REVIEWCRAWL_RECHECK_UNDATED_DAYS = 30.0  # a known URL its sitemap gives no lastmod is fetched this often
# With a state store: known review pages are asked for with their validators (a 304 costs no body) ...
REVIEWCRAWL_CONDITIONAL_REQUESTS = True
# ... and a page that stays unchanged is checked less often: 1 day after a check, doubled for each check in a
# row that found it unchanged, at most 30 days; a base of 0 checks every known page on every run.
REVIEWCRAWL_REVISIT_BASE_DAYS = 1.0
REVIEWCRAWL_REVISIT_MAX_DAYS = 30.0
REVIEWCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.8  # estimated Jaccard similarity that makes a body a copy
REVIEWCRAWL_EXPORT_FSYNC = True  # a record counts as exported once its line is fsync'ed (in groups)
REVIEWCRAWL_READER_PROCESSES = -1  # processes reading pages; -1: one per core beyond the first; 0: none
REVIEWCRAWL_READ_TIMEOUT = 60.0  # seconds one page may take to read before it is skipped

# --- many workers, one crawl (reviewcrawl/distributed/addon.py) -------------------------------
REVIEWCRAWL_REDIS_URL = None  # set: this process is one worker of a crawl shared through Redis
REVIEWCRAWL_CRAWL_ID = None  # names the shared crawl (its Redis keys); default: the spider's name
REVIEWCRAWL_WORKER_TIMEOUT = 30.0  # seconds without a heartbeat before a worker's claims are requeued
REVIEWCRAWL_WORKER_ID = None  # set by the add-on: names this worker (host, process, a random part)
REVIEWCRAWL_ENQUEUE_ONLY = False  # set by `reviewcrawl enqueue`: push the plan's start requests and stop
REVIEWCRAWL_SHARED_POLITENESS = (
    True  # shared crawl: robots.txt fetched once, Crawl-delay and per-host concurrency cluster-wide
)
REVIEWCRAWL_ROBOTS_WAIT = 60.0  # seconds a worker waits for the robots.txt another worker is fetching
ADDONS = {"reviewcrawl.distributed.addon.SharedCrawlAddon": 0}

# --- politeness ----------------------------------------------------------------
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "reviewcrawl"
REVIEWCRAWL_ROBOTS_MAX_BYTES = (
    500 * 1024
)  # robots.txt is read this far (RFC 9309's least); the rest is ignored
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"  # the errback's line says why a fetch failed, once
REVIEWCRAWL_RETRY_BACKOFF = 1.0  # seconds before the first retry, doubled for each next one
REVIEWCRAWL_RETRY_BACKOFF_MAX = 60.0  # longest wait before a retry, Retry-After included

# --- the crawl benchmark (devtools/crawlbench.py) sets these; a crawl leaves them unset --------------
REVIEWCRAWL_BENCH_PROBE = None  # the file the benchmark's probe writes its figures to; unset: no probe
REVIEWCRAWL_BENCH_EXPECTED = 1  # responses the benchmark expects; memory is read at each eighth of them

# --- robustness --------------------------------------------------------------------
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # a bigger page (or decompressed body) is cancelled: errors/too_large
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REVIEWCRAWL_MAX_URL_LENGTH = 2048  # longer URLs are not followed: skipped/url_too_long
URLLENGTH_LIMIT = 0  # Scrapy's own limit off: scope.py applies the one above and counts what it cuts
REVIEWCRAWL_MAX_QUERY_VARIANTS = 100  # distinct query strings followed per path: skipped/query_variants
# The sitemap protocol's limits per file: a sitemap's own DOWNLOAD_MAXSIZE and the most a gzipped one inflates
# to (skipped/sitemap_cut), and the URLs read from one file (the rest: skipped/sitemap_urls).
REVIEWCRAWL_SITEMAP_MAX_BYTES = 50 * 1024 * 1024
REVIEWCRAWL_SITEMAP_MAX_URLS = 50_000
# Spider traps, per source (downloadermiddlewares/traps.py); each refusal is counted as skipped/<bound>.
REVIEWCRAWL_MAX_PAGES_PER_SOURCE = 200_000  # requests of every kind: skipped/pages_per_source
REVIEWCRAWL_MAX_LISTING_DEPTH = 1000  # pagination hops from a start page: skipped/listing_depth
REVIEWCRAWL_MAX_PATH_SHAPE_VARIANTS = 1000  # listing paths alike but for numbers and ids: skipped/path_shape
REVIEWCRAWL_MAX_SITEMAP_DEPTH = 2  # sitemap indexes below a configured sitemap: skipped/sitemap_depth
REVIEWCRAWL_MAX_SITEMAPS_PER_SOURCE = 10_000  # sitemap files fetched: skipped/sitemaps_per_source

# --- components -------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "reviewcrawl.downloadermiddlewares.scope.ScopeMiddleware": 60,
    # After scope: off-site links use no source's budget.
    "reviewcrawl.downloadermiddlewares.traps.TrapBoundsMiddleware": 70,
    "reviewcrawl.downloadermiddlewares.robots.RobotsTxtMiddleware": 100,
    # Last before the download: a request holds its host's turn only while it is really being fetched.
    "reviewcrawl.downloadermiddlewares.hostgate.HostGateMiddleware": 990,
    "reviewcrawl.downloadermiddlewares.backoff.RetryBackoffMiddleware": 555,
    # Inside the redirect (600) and retry (550) middlewares: it sees each final answer once.
    "reviewcrawl.downloadermiddlewares.conditional.ConditionalRequestMiddleware": 540,
    # Binary bodies are seen after decompression (590).
    "reviewcrawl.downloadermiddlewares.binary.BinaryBodyMiddleware": 585,
    "reviewcrawl.downloadermiddlewares.useragent.ContactUserAgentMiddleware": 500,
    # Below HttpCompressionMiddleware (590), so it reads decompressed bodies.
    "reviewcrawl.downloadermiddlewares.browserfallback.BrowserFallbackMiddleware": 580,
}
ITEM_PIPELINES = {
    "reviewcrawl.pipelines.sitereviews.SitePageSignalsPipeline": 90,  # -a site= crawls only
    "reviewcrawl.pipelines.readpage.ReadPagePipeline": 100,
    "reviewcrawl.pipelines.sitereviews.SiteReviewsPipeline": 200,  # -a site= crawls only
    "reviewcrawl.pipelines.wantedfilm.WantedFilmPipeline": 300,
    "reviewcrawl.pipelines.validate.ValidatePipeline": 400,
    "reviewcrawl.pipelines.neardup.NearDuplicatePipeline": 500,
    "reviewcrawl.pipelines.ledger.ExportLedgerPipeline": 550,  # with JOBDIR and no state store
    "reviewcrawl.pipelines.state.StatePipeline": 600,
}
EXTENSIONS = {
    "scrapy.extensions.feedexport.FeedExporter": None,
    "reviewcrawl.export.feeds.CheckedFeedExporter": 0,  # a feed that cannot be written stops the crawl
    "reviewcrawl.export.summary.CrawlSummary": 500,
    "reviewcrawl.export.jobdir.JobDirGuard": 0,
}
LOG_FORMATTER = "reviewcrawl.export.logformatter.ReviewLogFormatter"

# --- export: JSON lines, UTF-8, non-ASCII as is; also CSV and Parquet ---------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(RECORD_FIELDS)
FEED_EXPORTERS = {
    **dict.fromkeys(("jsonlines", "jsonl", "jl"), "reviewcrawl.export.jsonlines.CrashSafeJsonLinesExporter"),
    "csv": "reviewcrawl.export.csvcells.JsonCellCsvItemExporter",  # lists and objects as JSON in their cells
    "parquet": "reviewcrawl.export.parquet.ParquetItemExporter",  # typed columns, lists as list columns
}

# --- browser rendering (scrapy-playwright, system Chromium) ---------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DOWNLOAD_HANDLERS = {
    "http": "reviewcrawl.browser.handler.LazyPlaywrightDownloadHandler",
    "https": "reviewcrawl.browser.handler.LazyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = launch_options()
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
PLAYWRIGHT_MAX_CONTEXTS = 2
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
