"""Seat-map page helpers: lay a row's seats out with their aisles."""

from __future__ import annotations

from typing import Any

AISLE = None


def with_aisles(seats: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """The row's seats with `None` where an aisle runs (after a seat with `aisleAfter`)."""
    laid_out: list[dict[str, Any] | None] = []
    for seat in seats:
        laid_out.append(seat)
        if seat.get("aisleAfter"):
            laid_out.append(AISLE)
    return laid_out


def calendar_window(days: list[dict[str, Any]], around: str, span: int = 3) -> list[dict[str, Any]]:
    """The calendar days within `span` days of `around` (an ISO date), in order."""
    dates = [day["date"] for day in days]
    if around not in dates:
        return []
    centre = dates.index(around)
    return days[max(0, centre - span) : centre + span + 1]
