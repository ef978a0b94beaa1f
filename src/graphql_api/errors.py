"""Errors a client is meant to read: a clear message and a stable `extensions.code`."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class ApiError(GraphQLError):
    """A GraphQL error the client caused (bad arguments, not found, forbidden); never masked."""

    def __init__(self, message: str, *, code: str, field: str | None = None, **extra: Any) -> None:
        extensions: dict[str, Any] = {"code": code, **extra}
        if field is not None:
            extensions["field"] = field
        super().__init__(message, extensions=extensions)


def bad_input(message: str, *, field: str | None = None, code: str = "BAD_USER_INPUT") -> ApiError:
    """An `ApiError` for arguments that cannot be served."""
    return ApiError(message, code=code, field=field)
