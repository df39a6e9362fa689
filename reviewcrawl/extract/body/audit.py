"""A tally of what the stripping rules removed from a page, per rule group."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GroupTally:
    elements: int = 0
    chars: int = 0
    skipped: int = 0  # removals the guard refused because they would take most of the text
    skipped_chars: int = 0
    texts: list[str] = field(default_factory=list)


class StripAudit:
    """Counts, per rule group name, the elements and characters removed.

    With ``keep_text=True`` the removed text itself is kept per group, for a debug view.
    """

    def __init__(self, keep_text: bool = False) -> None:
        self.keep_text = keep_text
        self.groups: dict[str, GroupTally] = {}

    def _tally(self, group: str) -> GroupTally:
        return self.groups.setdefault(group, GroupTally())

    def record(self, group: str, chars: int, text: str | None = None) -> None:
        """One element of ``chars`` text characters removed by ``group``; ``text`` is kept with keep_text."""
        tally = self._tally(group)
        tally.elements += 1
        tally.chars += chars
        if self.keep_text and text:
            tally.texts.append(text)

    def record_skip(self, group: str, chars: int) -> None:
        """One removal by ``group`` that the guard refused."""
        tally = self._tally(group)
        tally.skipped += 1
        tally.skipped_chars += chars

    @property
    def removed_elements(self) -> int:
        return sum(t.elements for t in self.groups.values())

    @property
    def removed_chars(self) -> int:
        return sum(t.chars for t in self.groups.values())

    @property
    def skipped(self) -> int:
        return sum(t.skipped for t in self.groups.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        """Counts only, per group, for stats and logs."""
        return {
            name: {"elements": t.elements, "chars": t.chars, "skipped": t.skipped}
            for name, t in sorted(self.groups.items())
        }

    def report(self) -> str:
        """Human-readable lines; with keep_text, each removed text follows its group."""
        lines = []
        for name, tally in sorted(self.groups.items()):
            line = f"{name}: {tally.elements} elements, {tally.chars} chars"
            if tally.skipped:
                line += f" ({tally.skipped} removals skipped by the guard, {tally.skipped_chars} chars)"
            lines.append(line)
            lines.extend(f"    - {text[:200]}" for text in tally.texts)
        return "\n".join(lines)
