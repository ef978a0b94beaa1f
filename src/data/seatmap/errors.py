"""Why a seat map cannot be served: stable codes mirrored by the API as `extensions.code`."""

from __future__ import annotations

import enum


class SeatMapErrorCode(enum.StrEnum):
    FLIGHT_NOT_FOUND = "FLIGHT_NOT_FOUND"
    INVALID_FARE_BRAND = "INVALID_FARE_BRAND"


class SeatMapError(Exception):
    """A seat map the caller asked for that cannot be served; `field` names the argument."""

    def __init__(self, code: SeatMapErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
