"""Conditional GET the way real servers answer it (RFC 9110 §13): an ETag from the content, a Last-Modified,
and 304 Not Modified when the request's validators match. ``If-None-Match`` takes precedence: when it is
present ``If-Modified-Since`` is not looked at."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def validator_headers(body: bytes, modified: datetime) -> dict[str, str]:
    return {"ETag": entity_tag(body), "Last-Modified": http_date(modified)}


def _tags(header: str) -> set[str]:
    """The entity tags of an If-None-Match list, weak ones compared as strong (weak comparison)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _parsed(date: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def not_modified(request_headers: Mapping[str, str] | Message, body: bytes, modified: datetime) -> bool:
    """Whether a GET with these headers is answered 304 for this body, last modified at ``modified``."""
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        tags = _tags(if_none_match)
        return "*" in tags or entity_tag(body) in tags
    since = _parsed(request_headers.get("If-Modified-Since") or "")
    return since is not None and modified.replace(microsecond=0) <= since
