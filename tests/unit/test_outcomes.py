"""The outcome dump's comparison: a page whose record or drop reason changed is named."""

from __future__ import annotations

import json
from pathlib import Path

from devtools.outcomes import differences


def _dump(path: Path, entries: list[dict[str, object]]) -> Path:
    path.write_text(
        "\n".join(json.dumps(entry, sort_keys=True) for entry in entries) + "\n", encoding="utf-8"
    )
    return path


def test_changed_and_missing_pages_are_named(tmp_path: Path) -> None:
    kept = {"set": "s", "page": "1", "reason": "listing"}
    before = _dump(tmp_path / "a.jsonl", [kept, {"set": "s", "page": "2", "record": {"body": "x"}}])
    after = _dump(tmp_path / "b.jsonl", [kept, {"set": "s", "page": "2", "record": {"body": "y"}}])
    assert differences(before, after) == ["s/2"]
    assert differences(before, before) == []
    shorter = _dump(tmp_path / "c.jsonl", [kept])
    assert differences(before, shorter) == ["s/2"]
