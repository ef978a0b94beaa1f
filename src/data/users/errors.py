"""Failures of user operations, with stable codes mirrored by the API."""

from __future__ import annotations

import enum


class UserErrorCode(enum.StrEnum):
    EMAIL_TAKEN = "EMAIL_TAKEN"
    INVALID_EMAIL = "INVALID_EMAIL"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"


class UserServiceError(Exception):
    """An expected failure: carries a stable code and a message for people."""

    def __init__(self, code: UserErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
