"""Whole HTTP responses of repeated searches, served from Redis while their flights are unchanged.

The search-only marker flags a request whose operation reads nothing but `searchFlights` and
succeeded. The HTTP view then keeps its response body for `RESPONSE_TTL` seconds, keyed by the
raw request body and `Accept` header, with the inventory stamps of the searches it ran. A later
identical request gets those bytes back without parsing or executing anything, when the injected
clock says the entry is still young and every stamp is still current (one indexed SQL
statement per search). Offer ids in a stored response keep their expiry, so they are at most
`RESPONSE_TTL` seconds older than fresh ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Iterator

import orjson
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from data.search.service import InventoryStamp
from graphql import FieldNode, OperationDefinitionNode
from graphql_api.context import Context, Services

RESPONSE_TTL = 60
_FORMAT = "r1"
_SEARCH_FIELD = "searchFlights"


def _only_searches(operation: OperationDefinitionNode) -> bool:
    selections = operation.selection_set.selections
    return bool(selections) and all(
        isinstance(node, FieldNode) and node.name.value == _SEARCH_FIELD and not node.directives
        for node in selections
    )


class SearchOnlyResponses(SchemaExtension):
    """Flags the context when a query read only `searchFlights` and had no error."""

    def on_execute(self) -> Iterator[None]:
        yield
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        result = execution.result
        if (
            not isinstance(context, Context)
            or not context.search_stamps
            or document is None
            or execution.operation_type is not OperationType.QUERY
            or result is None
            or getattr(result, "errors", None)
        ):
            return
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        context.response_cacheable = len(operations) == 1 and _only_searches(operations[0])


class ResponseCache:
    """Stored responses of search-only requests (see the module docstring)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def key(self, body: bytes, accept: str) -> str:
        """The Redis key of a request."""
        digest = hashlib.blake2b(body, digest_size=16)
        digest.update(b"\0" + accept.encode())
        return self.services.cache.key("search-response", _FORMAT, digest.hexdigest())

    async def fetch(self, key: str) -> tuple[bytes, str] | None:
        """(body, content type) of a stored response still valid now."""
        raw = await self.services.cache.redis.get(key)
        if not isinstance(raw, bytes):
            return None
        header, _, body = raw.partition(b"\n")
        entry = orjson.loads(header)
        age = self.services.clock.now().timestamp() - entry["at"]
        if not 0 <= age <= RESPONSE_TTL:
            return None
        for cabin, ids, version_sum in entry["stamps"]:
            if not await InventoryStamp(cabin, tuple(ids), version_sum).is_current(
                self.services.db
            ):
                return None
        return body, str(entry["type"])

    async def store(
        self, key: str, body: bytes, content_type: str, stamps: list[InventoryStamp]
    ) -> None:
        """Keep a response with the stamps that date it."""
        header = {
            "at": self.services.clock.now().timestamp(),
            "type": content_type,
            "stamps": [(s.cabin, s.flight_ids, s.version_sum) for s in stamps],
        }
        value = orjson.dumps(header) + b"\n" + body
        await self.services.cache.redis.set(key, value, ex=RESPONSE_TTL)

    async def serve(
        self, request: Request, run: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """A stored response for this POST, or `run`'s, stored when it is a search's."""
        key = self.key(await request.body(), request.headers.get("accept", ""))
        stored = await self.fetch(key)
        if stored is not None:
            return Response(stored[0], headers={"content-type": stored[1]})
        response = await run(request)
        context = getattr(request.state, "graphql_context", None)
        if (
            isinstance(context, Context)
            and context.response_cacheable
            and response.status_code == 200
            and isinstance(response.body, bytes)
        ):
            content_type = response.headers.get("content-type", "application/json")
            await self.store(key, response.body, content_type, context.search_stamps)
        return response
