"""Many workers, one crawl: the Redis wiring.

Setting ``REVIEWCRAWL_REDIS_URL`` turns a crawl into one worker of a shared crawl named by
``REVIEWCRAWL_CRAWL_ID``: scrapy-redis keeps the frontier (a priority queue of requests) and the
seen-set of request fingerprints in Redis, so any number of worker processes on any number of
machines split the crawl between them. The frontier's coordination (claims, heartbeats, when to
stop) lives in ``reviewcrawl.distributed.frontier``; this module holds the settings hook, the crawl's key
names, seeding and the ``reviewcrawl enqueue`` command.

Every key of a crawl starts with ``reviewcrawl:<crawl id>:``. Queued requests are pickled, as
scrapy-redis does: the Redis server must be private to the crawl's machines.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

KEY_ROOT = "reviewcrawl"
CRAWL_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


@dataclass(frozen=True)
class CrawlKeys:
    """The Redis keys of one shared crawl."""

    crawl_id: str

    @property
    def prefix(self) -> str:
        return f"{KEY_ROOT}:{self.crawl_id}"

    @property
    def requests(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def seen_requests(self) -> str:
        return f"{self.prefix}:dupefilter"

    @property
    def records(self) -> str:
        return f"{self.prefix}:records"

    @property
    def seeded(self) -> str:
        return f"{self.prefix}:seeded"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    def alive(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"

    def claims(self, worker: str) -> str:
        return f"{self.prefix}:claims:{worker}"

    def pending(self, worker: str) -> str:
        return f"{self.prefix}:pending:{worker}"

    @property
    def politeness(self) -> str:
        """The set of the per-host keys below, so the last worker out can delete them."""
        return f"{self.prefix}:politeness"

    def robots(self, host: str) -> str:
        return f"{self.prefix}:robots:{host}"

    def robots_fetch(self, host: str) -> str:
        return f"{self.prefix}:robots-fetch:{host}"

    def host_last(self, host: str) -> str:
        return f"{self.prefix}:host-last:{host}"

    def host_tokens(self, host: str) -> str:
        return f"{self.prefix}:host-tokens:{host}"


def is_shared(settings: BaseSettings) -> bool:
    return bool(settings.get("REVIEWCRAWL_REDIS_URL"))


def crawl_keys(settings: BaseSettings) -> CrawlKeys:
    return CrawlKeys(str(settings.get("REVIEWCRAWL_CRAWL_ID")))


def worker_id(settings: BaseSettings) -> str:
    return str(settings.get("REVIEWCRAWL_WORKER_ID"))


def worker_timeout(settings: BaseSettings) -> float:
    return settings.getfloat("REVIEWCRAWL_WORKER_TIMEOUT")


def redis_client(settings: BaseSettings) -> Any:
    from scrapy_redis.connection import get_redis_from_settings

    return get_redis_from_settings(settings)


def new_worker_id() -> str:
    """Unique across machines and restarts: host, process and a random part."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


def check_crawl_id(value: str) -> str:
    if not CRAWL_ID_PATTERN.match(value):
        raise ValueError(f"REVIEWCRAWL_CRAWL_ID must be 1-100 letters, digits, '.', '_' or '-': {value!r}")
    return value


class SharedCrawlAddon:
    """Puts the crawl on Redis when ``REVIEWCRAWL_REDIS_URL`` is set; does nothing otherwise.

    An add-on, because the scheduler and the duplicate filter must be chosen before Scrapy builds
    them. Its settings go in at ``addon`` priority, as Scrapy's add-ons do: above Scrapy's defaults, below
    what the project and the command line say. The crawl and worker ids are filled in where they were left
    unset, at the priority they were left unset at.
    """

    def __init__(self, spider_name: str) -> None:
        self.spider_name = spider_name

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawlAddon:
        return cls(crawler.spidercls.name)

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("REVIEWCRAWL_REDIS_URL")
        if not url:
            return
        keys = CrawlKeys(check_crawl_id(str(settings.get("REVIEWCRAWL_CRAWL_ID") or self.spider_name)))
        ids = {
            "REVIEWCRAWL_CRAWL_ID": keys.crawl_id,
            "REVIEWCRAWL_WORKER_ID": settings.get("REVIEWCRAWL_WORKER_ID") or new_worker_id(),
        }
        for name, value in ids.items():
            settings.set(name, value, priority=settings.getpriority(name) or "addon")
        values = {
            "REDIS_URL": url,
            "SCHEDULER": "reviewcrawl.distributed.scheduler.SharedScheduler",
            "SCHEDULER_QUEUE_CLASS": "reviewcrawl.distributed.queue.ClaimingQueue",
            "SCHEDULER_QUEUE_KEY": keys.requests,
            "SCHEDULER_DUPEFILTER_KEY": keys.seen_requests,
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            # The crawl outlives any one worker; the last worker to finish clears it.
            "SCHEDULER_PERSIST": True,
        }
        for name, value in values.items():
            settings.set(name, value, priority="addon")
        shared_records = load_object("reviewcrawl.pipelines.sharedrecords.SharedRecordsPipeline")
        settings.setdefault_in_component_priority_dict("ITEM_PIPELINES", shared_records, 900)
        claim_release = load_object("reviewcrawl.distributed.claims.ClaimRelease")
        settings.setdefault_in_component_priority_dict("SPIDER_MIDDLEWARES", claim_release, 1)


def seeds_crawl(settings: BaseSettings) -> bool:
    """Whether this process pushes the crawl's start requests: always, unless the crawl is shared
    and another worker (or ``reviewcrawl enqueue``) has seeded it already."""
    if not is_shared(settings):
        return True
    keys, server = crawl_keys(settings), redis_client(settings)
    if settings.getbool("REVIEWCRAWL_ENQUEUE_ONLY"):
        server.set(keys.seeded, "enqueue")
        return True
    return bool(server.set(keys.seeded, worker_id(settings), nx=True))


def enqueue_command(
    redis_url: str, crawl_id: str, spider_args: Mapping[str, str], settings: Mapping[str, str]
) -> list[str]:
    """The ``scrapy crawl`` that pushes a plan's start requests into a shared crawl and stops."""
    command = [sys.executable, "-m", "scrapy", "crawl", "reviews"]
    for name, value in spider_args.items():
        command += ["-a", f"{name}={value}"]
    fixed = {
        "LOG_LEVEL": "WARNING",
        **settings,
        "REVIEWCRAWL_REDIS_URL": redis_url,
        "REVIEWCRAWL_CRAWL_ID": check_crawl_id(crawl_id),
        "REVIEWCRAWL_ENQUEUE_ONLY": "True",
    }
    for name, value in fixed.items():
        command += ["-s", f"{name}={value}"]
    return command


def enqueue(
    redis_url: str, crawl_id: str, spider_args: Mapping[str, str], settings: Mapping[str, str]
) -> int:
    """Seed a shared crawl; the exit status of the seeding run."""
    env = {**os.environ}
    env.setdefault("SCRAPY_SETTINGS_MODULE", "reviewcrawl.settings")
    done = subprocess.run(enqueue_command(redis_url, crawl_id, spider_args, settings), env=env, check=False)
    return done.returncode


def run_enqueue(redis_url: str, crawl_id: str, arguments: Sequence[str], settings: Sequence[str]) -> int:
    """``reviewcrawl enqueue``: seed the crawl, then say how many requests wait in its queue."""
    try:
        spider_args, overrides = parse_pairs(arguments, "-a"), parse_pairs(settings, "-s")
        check_crawl_id(crawl_id)
        check_redis(redis_url)
    except ValueError as exc:
        print(f"reviewcrawl enqueue: {exc}", file=sys.stderr)
        return 2
    status = enqueue(redis_url, crawl_id, spider_args, overrides)
    if status == 0:
        print(f"crawl {crawl_id}: {queued_requests(redis_url, crawl_id)} requests queued")
    return status


def check_redis(redis_url: str) -> None:
    """ValueError, in one line, when Redis cannot be reached at ``redis_url``."""
    from redis.exceptions import RedisError
    from scrapy_redis.connection import get_redis

    try:
        get_redis(url=redis_url, socket_connect_timeout=10).ping()
    except (RedisError, ValueError) as exc:
        raise ValueError(f"cannot reach Redis at {redis_url}: {exc}") from None


def queued_requests(redis_url: str, crawl_id: str) -> int:
    from scrapy_redis.connection import get_redis

    return int(get_redis(url=redis_url).zcard(CrawlKeys(crawl_id).requests))


def parse_pairs(pairs: Sequence[str], option: str) -> dict[str, str]:
    """``NAME=VALUE`` strings as a dict; ValueError names the bad one."""
    found = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"{option} expects NAME=VALUE, got {pair!r}")
        found[name] = value
    return found
