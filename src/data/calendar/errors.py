"""Why a fare calendar cannot be served: stable codes mirrored by the API as `extensions.code`."""

from __future__ import annotations

import enum


class CalendarErrorCode(enum.StrEnum):
    UNKNOWN_AIRPORT = "UNKNOWN_AIRPORT"
    SAME_ORIGIN_DESTINATION = "SAME_ORIGIN_DESTINATION"
    INVALID_MONTH = "INVALID_MONTH"
    MONTH_OUT_OF_RANGE = "MONTH_OUT_OF_RANGE"
    INVALID_MAX_CONNECTIONS = "INVALID_MAX_CONNECTIONS"


class CalendarError(Exception):
    """A calendar the caller asked for that cannot be served; `field` names the argument."""

    def __init__(self, code: CalendarErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
