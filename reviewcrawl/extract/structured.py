"""schema.org JSON-LD as plain dicts."""

from __future__ import annotations

import json
from typing import Any

from lxml import html as lxml_html


def read_jsonld(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for obj in items:
            if isinstance(obj, dict):
                objects.extend(g for g in obj.get("@graph", [obj]) if isinstance(g, dict))
    return objects
