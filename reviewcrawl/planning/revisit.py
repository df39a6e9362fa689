"""The revisit policy: a known review page that stays unchanged is checked less and less often.

After ``n`` checks in a row found it unchanged, a page is checked again ``base * 2**n`` after the last
check, never more than ``most`` after it (``REVIEWCRAWL_REVISIT_BASE_DAYS``, ``…_MAX_DAYS``). A base of 0
turns the policy off: every known page is checked on every run. A page is due a little before its time
(``EARLY``), so a daily schedule that starts a few minutes early still checks what is due that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from reviewcrawl.store.state import parse_moment
from reviewcrawl.store.validators import Revisit

EARLY = timedelta(hours=1)
MAX_DOUBLINGS = 64  # past this the cap has long been reached


@dataclass(frozen=True)
class RevisitPolicy:
    base: timedelta
    most: timedelta

    @classmethod
    def in_days(cls, base_days: float, most_days: float) -> RevisitPolicy:
        return cls(timedelta(days=base_days), timedelta(days=max(most_days, base_days)))

    @property
    def active(self) -> bool:
        return self.base > timedelta(0)

    def interval(self, unchanged_checks: int) -> timedelta:
        """How long after a check the next one comes, once ``unchanged_checks`` in a row found no change."""
        doublings = min(max(unchanged_checks, 0), MAX_DOUBLINGS)
        seconds = min(self.base.total_seconds() * 2.0**doublings, self.most.total_seconds())
        return timedelta(seconds=seconds)

    def next_check(self, checked_at: datetime, unchanged_checks: int) -> datetime:
        return checked_at + self.interval(unchanged_checks)

    def due(self, revisit: Revisit | None, now: datetime) -> bool:
        """Whether a known page is checked on a run at ``now``; one with no record of its checks is."""
        checked_at = parse_moment(revisit.checked_at) if revisit else None
        if not self.active or revisit is None or checked_at is None:
            return True
        return now + EARLY >= self.next_check(checked_at, revisit.unchanged_checks)
