"""A calendar request, validated: two known, distinct airports and a month that can be sold.

A month can be asked from the current month at the origin (local time) up to the month that
holds the last bookable day (`MAX_DAYS_AHEAD` days ahead, as in search).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from data.calendar.errors import CalendarError, CalendarErrorCode
from data.enums import CabinClass
from data.reference.directory import AirportRecord, ReferenceDirectory
from data.search.query import MAX_CONNECTIONS, MAX_DAYS_AHEAD, echo
from data.zones import zone

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


@dataclass(frozen=True, slots=True)
class CalendarRequest:
    """What a calendar is of: a route, a month (its first day), a cabin, today at the origin,
    and the connections a day's itineraries may make."""

    origin: AirportRecord
    destination: AirportRecord
    month: date
    cabin: CabinClass
    today: date
    connections: int = 1

    @property
    def days(self) -> list[date]:
        """Every day of the month, in order."""
        length = calendar.monthrange(self.month.year, self.month.month)[1]
        return [self.month.replace(day=n) for n in range(1, length + 1)]

    def is_sellable(self, day: date) -> bool:
        """Whether this local day can still be searched: not past, not too far ahead."""
        return self.today <= day <= self.today + timedelta(days=MAX_DAYS_AHEAD)


def _airport(directory: ReferenceDirectory, code: str, field: str) -> AirportRecord:
    record = directory.airports_by_code.get(code.strip().upper())
    if record is None:
        raise CalendarError(
            CalendarErrorCode.UNKNOWN_AIRPORT, f"Unknown airport code “{echo(code)}”.", field
        )
    return record


def parse_month(text: str) -> date:
    """The first day of a `YYYY-MM` month; raises `CalendarError` (INVALID_MONTH) otherwise."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise CalendarError(
            CalendarErrorCode.INVALID_MONTH, f"“{echo(text)}” is not a month like 2027-03.", "month"
        )
    return date(int(match[1]), int(match[2]), 1)


def calendar_request(
    *,
    origin: str,
    destination: str,
    month: str,
    cabin: CabinClass,
    directory: ReferenceDirectory,
    now: datetime,
    connections: int = 1,
) -> CalendarRequest:
    """Validate a calendar request against the directory and the clock; raises `CalendarError`."""
    if not 0 <= connections <= MAX_CONNECTIONS:
        raise CalendarError(
            CalendarErrorCode.INVALID_MAX_CONNECTIONS,
            f"maxConnections must be 0 to {MAX_CONNECTIONS}.",
            "maxConnections",
        )
    source = _airport(directory, origin, "origin")
    target = _airport(directory, destination, "destination")
    if source.id == target.id:
        raise CalendarError(
            CalendarErrorCode.SAME_ORIGIN_DESTINATION,
            f"Origin and destination are both {source.iata_code}.",
            "destination",
        )
    first = parse_month(month)
    today = now.astimezone(zone(source.time_zone)).date()
    last = today + timedelta(days=MAX_DAYS_AHEAD)
    if not today.replace(day=1) <= first <= last.replace(day=1):
        raise CalendarError(
            CalendarErrorCode.MONTH_OUT_OF_RANGE,
            f"Fares are shown from {today:%Y-%m} to {last:%Y-%m}, not for {first:%Y-%m}.",
            "month",
        )
    return CalendarRequest(source, target, first, cabin, today, connections)
