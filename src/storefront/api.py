"""How the storefront talks to the API: in-process by default, over HTTP when split into tiers.

The storefront only speaks GraphQL documents (`documents/*.graphql`), as a third-party app would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import httpx
import strawberry

from graphql_api.context import Context, Services

DOCUMENTS = Path(__file__).parent / "documents"


@cache
def document(name: str) -> str:
    """The text of `documents/<name>.graphql`."""
    return (DOCUMENTS / f"{name}.graphql").read_text()


@dataclass
class ApiResult:
    """Data plus errors, as a GraphQL response carries them."""

    data: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def error_message(self) -> str | None:
        """The first error's message, for showing on a page."""
        return str(self.errors[0].get("message")) if self.errors else None

    @property
    def error_code(self) -> str | None:
        """The first error's `extensions.code`, if any."""
        code = self.error_extensions.get("code")
        return None if code is None else str(code)

    @property
    def error_extensions(self) -> dict[str, Any]:
        """The first error's `extensions` (empty when none)."""
        return dict(self.errors[0].get("extensions") or {}) if self.errors else {}


class ApiClient(Protocol):
    """Runs one named GraphQL document."""

    async def execute(
        self,
        name: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> ApiResult: ...


@dataclass
class InProcessApi:
    """Executes documents against the schema in this process (no HTTP hop)."""

    schema: strawberry.Schema
    services: Services

    async def execute(
        self,
        name: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> ApiResult:
        result = await self.schema.execute(
            document(name), variable_values=variables, context_value=Context(services=self.services)
        )
        errors = [dict(err.formatted) for err in result.errors or []]
        return ApiResult(data=result.data, errors=errors)


UNAVAILABLE = ApiResult(
    data=None,
    errors=[
        {
            "message": "Skyport is not answering right now. Please try again in a moment.",
            "extensions": {"code": "API_UNAVAILABLE"},
        }
    ],
)
"""What a page gets when the API tier cannot be reached or answers with no GraphQL response."""


@dataclass
class RemoteApi:
    """Executes documents against a separate API tier (`SKYPORT_API_URL`). An API that is down,
    slow past the timeout, or answering with something other than a GraphQL response (a proxy's
    502 page) is an `API_UNAVAILABLE` error for the page to show, not a crash."""

    url: str
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=10))

    async def close(self) -> None:
        """Close the HTTP client's connections."""
        await self.client.aclose()

    async def execute(
        self,
        name: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> ApiResult:
        try:
            response = await self.client.post(
                self.url,
                json={"query": document(name), "variables": variables or {}},
                headers={"accept": "application/graphql-response+json", **(headers or {})},
            )
            body = response.json()
        except (httpx.HTTPError, ValueError):
            return UNAVAILABLE
        if not isinstance(body, dict) or not ("data" in body or "errors" in body):
            return UNAVAILABLE
        return ApiResult(data=body.get("data"), errors=body.get("errors") or [])
