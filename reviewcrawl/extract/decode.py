"""Bytes to text, trusting the page's own declarations first."""

from __future__ import annotations


def decode_html(data: bytes, hint: str | None = None) -> str:
    # Minimal version; to be replaced by BOM / meta charset / sniffing logic.
    return data.decode(hint or "utf-8", errors="replace")
