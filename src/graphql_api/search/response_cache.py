"""Whole HTTP responses of repeated searches, served while their flights are unchanged.

The search-only marker flags a request whose operation reads nothing but `searchFlights` and
succeeded. The HTTP view then keeps its response body for `RESPONSE_TTL` seconds, keyed by the
raw request body and `Accept` header, with the inventory stamps of the searches it ran. A later
identical request gets those bytes back without parsing or executing anything, when the injected
clock says the entry is still young and its flights are unchanged. Offer ids in a stored response
keep their expiry, so they are at most `RESPONSE_TTL` seconds older than fresh ones.

Two levels:

- in this process (`LOCAL_ENTRIES` most recent), checked against the `InventoryWatch`: no I/O at
  all, valid while no inventory-change notification about its flights arrived since the request
  that built it began (so a change is seen within one notification's delivery time);
- in Redis, shared by every process, checked against Postgres (one indexed statement per search),
  so exact to the commit. A Redis hit is copied into the process.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from typing import NamedTuple

import orjson
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from data.inventory.stamps import InventoryStamp, stamp_checker
from data.inventory.watch import InventoryWatch
from graphql import FieldNode, OperationDefinitionNode
from graphql_api.context import Context, Services

RESPONSE_TTL = 60
LOCAL_ENTRIES = 2048
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


class _Local(NamedTuple):
    body: bytes
    content_type: str
    at: float
    token: int
    flight_ids: tuple[int, ...]


class ResponseCache:
    """Stored responses of search-only requests (see the module docstring)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.local: OrderedDict[str, _Local] = OrderedDict()

    @property
    def watch(self) -> InventoryWatch | None:
        return self.services.inventory_watch

    def key(self, body: bytes, accept: str) -> str:
        """The Redis key of a request."""
        digest = hashlib.blake2b(body, digest_size=16)
        digest.update(b"\0" + accept.encode())
        return self.services.cache.key("search-response", _FORMAT, digest.hexdigest())

    def _young(self, at: float) -> bool:
        return 0 <= self.services.clock.now().timestamp() - at <= RESPONSE_TTL

    def fetch_local(self, key: str) -> tuple[bytes, str] | None:
        """(body, content type) of this process's copy, when young and its flights unchanged."""
        entry = self.local.get(key)
        if entry is None:
            return None
        watch = self.watch
        if (
            watch is None
            or not self._young(entry.at)
            or not watch.unchanged_since(entry.token, entry.flight_ids)
        ):
            del self.local[key]
            return None
        self.local.move_to_end(key)
        return entry.body, entry.content_type

    def keep_local(
        self,
        key: str,
        body: bytes,
        content_type: str,
        at: float,
        token: int | None,
        stamps: list[InventoryStamp],
    ) -> None:
        """Keep a copy in this process, dated by the watch token taken before it was read."""
        if token is None:
            return
        ids = tuple(flight_id for stamp in stamps for flight_id in stamp.flight_ids)
        self.local[key] = _Local(body, content_type, at, token, ids)
        self.local.move_to_end(key)
        while len(self.local) > LOCAL_ENTRIES:
            self.local.popitem(last=False)

    async def fetch(self, key: str, token: int | None) -> tuple[bytes, str] | None:
        """(body, content type) of a response stored in Redis and still valid now."""
        raw = await self.services.cache.redis.get(key)
        if not isinstance(raw, bytes):
            return None
        header, _, body = raw.partition(b"\n")
        entry = orjson.loads(header)
        if not self._young(entry["at"]):
            return None
        checker = stamp_checker(self.services.db.pool)
        stamps = [InventoryStamp(cabin, tuple(ids), total) for cabin, ids, total in entry["stamps"]]
        for stamp in stamps:
            if not await checker.is_current(stamp):
                return None
        content_type = str(entry["type"])
        self.keep_local(key, body, content_type, entry["at"], token, stamps)
        return body, content_type

    async def store(
        self, key: str, body: bytes, content_type: str, stamps: list[InventoryStamp]
    ) -> None:
        """Keep a response in Redis with the stamps that date it."""
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
        body = await request.body()
        if _SEARCH_FIELD.encode() not in body:
            return await run(request)
        key = self.key(body, request.headers.get("accept", ""))
        stored = self.fetch_local(key)
        # taken before anything is read: a change heard after this makes what we read stale
        token = None if self.watch is None else self.watch.token()
        if stored is None:
            stored = await self.fetch(key, token)
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
            stamps = context.search_stamps
            at = self.services.clock.now().timestamp()
            self.keep_local(key, response.body, content_type, at, token, stamps)
            await self.store(key, response.body, content_type, stamps)
        return response
