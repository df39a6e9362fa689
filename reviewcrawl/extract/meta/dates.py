"""Publication dates in the shapes pages print them, returned as ISO 8601 at the page's own precision.

A date-only source gives "2023-12-01"; a datetime gives "2023-12-01T09:30:00" plus "+09:00" when the source
states an offset ("Z" and GMT become "+00:00"). Fractions of a second are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import parsedate_tz

# Month names in English (with abbreviations) and, written out, in the languages news pages print dates in
# most after it: German, French, Spanish, Italian, Portuguese, Dutch.
_MONTH_NAMES = (
    ("january", "jan", "januar", "janvier", "enero", "gennaio", "janeiro", "januari"),
    ("february", "feb", "februar", "février", "febrero", "febbraio", "fevereiro", "februari"),
    ("march", "mar", "märz", "mars", "marzo", "março", "maart"),
    ("april", "apr", "avril", "abril", "aprile"),
    ("may", "mai", "mayo", "maggio", "maio", "mei"),
    ("june", "jun", "juni", "juin", "junio", "giugno", "junho"),
    ("july", "jul", "juli", "juillet", "julio", "luglio", "julho"),
    ("august", "aug", "août", "agosto", "augustus"),
    ("september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro"),
    ("october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro"),
    ("november", "nov", "novembre", "noviembre", "novembro"),
    ("december", "dec", "dezember", "décembre", "diciembre", "dicembre", "dezembro"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH_NAME = r"(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_CLOCK = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
_AMPM = r"(?:\s*(?P<ampm>[ap])\.?m\.?)?"
_ZONE = r"(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"

_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:(?:T|\s+)" + _CLOCK + r"\s*" + _ZONE + r")?(?!\d)",
    re.IGNORECASE,
)
_RFC2822 = re.compile(
    r"(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|[a-z]{1,5})?",
    re.IGNORECASE,
)
_KOREAN = re.compile(
    r"(?P<year>\d{4})\s*년\s*(?P<month>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일"
    r"(?:[^\d]{0,6}?(?P<meridiem>오전|오후)?\s*(?P<hour>\d{1,2})\s*(?::|시)\s*(?P<minute>\d{2})\s*분?)?"
)
_YMD = re.compile(
    r"(?<!\d)(?P<year>\d{4})[./](?P<month>\d{1,2})[./](?P<day>\d{1,2})\.?(?!\d)"
    r"(?:\s+(?P<meridiem>오전|오후)?\s*" + _CLOCK + r")?"
)
_MONTH_FIRST = re.compile(
    r"\b" + _MONTH_NAME + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    r"(?:(?:\s+at|,)?\s+" + _CLOCK + _AMPM + r"(?:\s*" + _ZONE + r")?)?",
    re.IGNORECASE,
)
# "1 December 2023", "5. November 2024", "3 de marzo de 2024", "1er août 2023"
_DAY_FIRST = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?" + _MONTH_NAME + r",?\s+(?:de\s+)?(?P<year>\d{4})"
    r"(?:(?:\s+at|,)?\s+" + _CLOCK + _AMPM + r"(?:\s*" + _ZONE + r")?)?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)"
)


@dataclass(frozen=True)
class _Moment:
    day: date
    clock: tuple[int, int, int] | None = None
    offset: timedelta | None = None

    def isoformat(self) -> str:
        text = self.day.isoformat()
        if self.clock is None:
            return text
        hour, minute, second = self.clock
        text += f"T{hour:02d}:{minute:02d}:{second:02d}"
        return text if self.offset is None else text + _format_offset(self.offset)


def parse_date(text: str | None) -> str | None:
    """The first date found in ``text`` as ISO 8601, keeping its precision; None when there is none."""
    if not text:
        return None
    text = " ".join(text.split())
    for reader in (_read_iso, _read_rfc2822, _read_korean, _read_ymd, _read_month_first, _read_day_first):
        moment = reader(text)
        if moment is not None:
            return moment.isoformat()
    return _read_numeric(text)


def _read_iso(text: str) -> _Moment | None:
    found = _ISO.search(text)
    if not found:
        return None
    return _build(found, int(found["month"]))


def _read_rfc2822(text: str) -> _Moment | None:
    found = _RFC2822.search(text)
    if not found:
        return None
    parts = parsedate_tz(found.group(0))
    if parts is None:
        return None
    year, month, day, hour, minute, second = parts[:6]
    offset = parts[9]
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    zone = found.group(0).split()[-1].upper()
    # parsedate_tz reports 0 both for "+0000" and for an unknown zone name; only the former is a real offset.
    if offset is None or (offset == 0 and zone[:1] not in "+-" and zone not in ("GMT", "UT", "UTC", "Z")):
        return _Moment(day_value, (hour, minute, second))
    return _Moment(day_value, (hour, minute, second), timedelta(seconds=offset))


def _read_korean(text: str) -> _Moment | None:
    found = _KOREAN.search(text)
    return _build(found, int(found["month"])) if found else None


def _read_ymd(text: str) -> _Moment | None:
    found = _YMD.search(text)
    return _build(found, int(found["month"])) if found else None


def _read_month_first(text: str) -> _Moment | None:
    found = _MONTH_FIRST.search(text)
    return _build(found, _MONTHS[found["month_name"].lower()]) if found else None


def _read_day_first(text: str) -> _Moment | None:
    found = _DAY_FIRST.search(text)
    return _build(found, _MONTHS[found["month_name"].lower()]) if found else None


def _read_numeric(text: str) -> str | None:
    """dd/mm/yyyy or mm/dd/yyyy: day-first when the first number cannot be a month, else month-first."""
    found = _NUMERIC.search(text)
    if not found:
        return None
    first, second, year = int(found["first"]), int(found["second"]), int(found["year"])
    month, day = (second, first) if first > 12 or found["sep"] == "." else (first, second)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _build(found: re.Match[str], month: int) -> _Moment | None:
    groups = found.groupdict()
    try:
        day_value = date(int(found["year"]), month, int(found["day"]))
    except ValueError:
        return None
    if groups.get("hour") is None:
        return _Moment(day_value)
    hour = _twelve_hour(int(found["hour"]), groups.get("ampm"), groups.get("meridiem"))
    minute, second = int(found["minute"]), int(groups.get("second") or 0)
    if hour > 23 or minute > 59 or second > 60:
        return _Moment(day_value)
    return _Moment(day_value, (hour, minute, min(second, 59)), _parse_offset(groups.get("zone")))


def _twelve_hour(hour: int, ampm: str | None, meridiem: str | None) -> int:
    afternoon = (ampm or "").lower() == "p" or meridiem == "오후"
    morning = (ampm or "").lower() == "a" or meridiem == "오전"
    if afternoon and hour < 12:
        return hour + 12
    if morning and hour == 12:
        return 0
    return hour


def _parse_offset(zone: str | None) -> timedelta | None:
    if not zone:
        return None
    if zone.upper() in ("Z", "UTC", "GMT"):
        return timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return sign * timedelta(hours=hours, minutes=minutes)


def _format_offset(offset: timedelta) -> str:
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
