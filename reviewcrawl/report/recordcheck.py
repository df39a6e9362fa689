"""Is a JSON object a record of the current schema? A cheap check of the fields, not a full validation, so
that a million records are read in one pass: the record's fields, no unknown ones (``items.field_gaps``, as
``reviewcrawl export`` checks them), and the types of the fields the report counts."""

from __future__ import annotations

from typing import Any

from reviewcrawl.items import field_gaps

STRING = (str,)
OPTIONAL_STRING = (str, type(None))
NUMBER = (int, float)
OPTIONAL_NUMBER = (int, float, type(None))
# The fields the report reads, with the Python types their JSON values may have.
COUNTED_TYPES: dict[str, tuple[type, ...]] = {
    "source": STRING,
    "source_domain": STRING,
    "author": OPTIONAL_STRING,
    "published": OPTIONAL_STRING,
    "language": OPTIONAL_STRING,
    "film_title": OPTIONAL_STRING,
    "film_year": (int, type(None)),
    "film_evidence": OPTIONAL_STRING,
    "rating": OPTIONAL_NUMBER,
    "rating_scale": OPTIONAL_NUMBER,
    "word_count": (int,),
    "fetched_at": STRING,
    "revision": (int,),
    "also_at": (list,),
    "mentioned_films": (list,),
}


def record_problem(record: dict[str, Any]) -> tuple[str, str] | None:
    """(problem kind, detail) for a record the report cannot count as it is, else None."""
    missing, unknown = field_gaps(record)
    if missing:
        return "older_schema", "missing " + ", ".join(sorted(missing)[:5]) + (
            ", …" if len(missing) > 5 else ""
        )
    if unknown:
        return "other_schema", "unknown " + ", ".join(sorted(unknown)[:5])
    for name, types in COUNTED_TYPES.items():
        value = record[name]
        if not isinstance(value, types) or isinstance(value, bool):
            return "bad_field", f"{name} is {type(value).__name__}"
    return None
