"""Lines and files a report could not read: counted by kind, the first few of each named by file:line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Enough places to find the fault in a file; a corpus with a million bad lines keeps the count, not the list.
NAMED_PER_KIND = 50

PROBLEM_KINDS: dict[str, str] = {
    "missing_file": "the file does not exist or cannot be read",
    "empty_file": "the file holds no record",
    "truncated_last_line": (
        "the last line is cut short (no newline, not whole JSON), as a killed run may leave it"
    ),
    "not_json": "the line is not JSON (or not UTF-8)",
    "not_a_record": "the line is JSON but not an object",
    "older_schema": "the record lacks fields of the current schema",
    "other_schema": "the record has fields the schema does not know",
    "bad_field": "a field has a value of the wrong type",
    "bad_summary": "a run summary (.summary.json) is not a JSON object",
}


@dataclass
class Problems:
    counts: Counter[str] = field(default_factory=Counter)
    named: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, where: str, detail: str = "") -> None:
        self.counts[kind] += 1
        places = self.named.setdefault(kind, [])
        if len(places) < NAMED_PER_KIND:
            places.append(f"{where}: {detail}" if detail else where)

    def total(self) -> int:
        return sum(self.counts.values())

    def figures(self) -> dict[str, Any]:
        return {
            kind: {"count": count, "meaning": PROBLEM_KINDS[kind], "first": self.named.get(kind, [])}
            for kind, count in sorted(self.counts.items())
        }
