"""Why an offer id cannot be read: stable codes mirrored by the API."""

from __future__ import annotations

import enum


class OfferErrorCode(enum.StrEnum):
    INVALID_OFFER_ID = "INVALID_OFFER_ID"


class InvalidOfferId(Exception):
    """The id was not issued by us: garbled, truncated or tampered with."""

    code = OfferErrorCode.INVALID_OFFER_ID

    def __init__(self, message: str = "This offer id is not valid.") -> None:
        super().__init__(message)
        self.message = message
