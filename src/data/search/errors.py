"""Why a search cannot run: stable codes mirrored by the API as `extensions.code`."""

from __future__ import annotations

import enum


class SearchErrorCode(enum.StrEnum):
    NO_SLICES = "NO_SLICES"
    TOO_MANY_SLICES = "TOO_MANY_SLICES"
    UNKNOWN_AIRPORT = "UNKNOWN_AIRPORT"
    SAME_ORIGIN_DESTINATION = "SAME_ORIGIN_DESTINATION"
    DATE_IN_PAST = "DATE_IN_PAST"
    DATE_TOO_FAR = "DATE_TOO_FAR"
    DATE_NOT_SCHEDULED = "DATE_NOT_SCHEDULED"
    SLICES_OUT_OF_ORDER = "SLICES_OUT_OF_ORDER"
    INVALID_PASSENGERS = "INVALID_PASSENGERS"
    TOO_MANY_PASSENGERS = "TOO_MANY_PASSENGERS"
    TOO_MANY_INFANTS = "TOO_MANY_INFANTS"
    INVALID_MAX_CONNECTIONS = "INVALID_MAX_CONNECTIONS"
    INVALID_FILTER = "INVALID_FILTER"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE"


class SearchError(Exception):
    """A search the caller asked for that cannot be served; `field` points into the input."""

    def __init__(
        self,
        code: SearchErrorCode,
        message: str,
        field: str | None = None,
        details: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details or {}
        """More about the error for the caller (e.g. `lastDate` for DATE_NOT_SCHEDULED)."""
