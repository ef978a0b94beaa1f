"""Whole HTTP responses of repeated searches, served while their flights are unchanged.

`graphql_api.outcome.QueryOutcome` flags a request whose operation read nothing but `searchFlights`
and succeeded. The HTTP view then keeps its response body in this process for `RESPONSE_TTL` seconds
(the `LOCAL_ENTRIES` most recently used, at most `LOCAL_BYTES` of them together; a body over
`LARGEST_BODY` is not kept, nor one of a search that read no flight), keyed by the raw request body
and `Accept` header, with the flights its searches read. A later identical request gets those bytes
back without parsing, executing or any I/O, when the injected clock says the entry is still young
and the `InventoryWatch` heard no change to those flights since the request that built it began: a
change is seen within one notification's delivery. Offer ids in a stored response keep their expiry,
so they are at most `RESPONSE_TTL` seconds older than fresh ones.

The entries are a `data.inventory.memo.WatchedMemo`. They stay in the process: one in Redis
would cost a read on every new search and a write on every miss, and another process answering
the same search still finds its result in the Redis search cache (`data.search.service`),
checked against Postgres. Without a watch (no LISTEN connection), nothing is kept.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from data.inventory.memo import WatchedMemo
from data.inventory.stamps import InventoryStamp
from graphql_api.context import Context, Services
from graphql_api.outcome import SEARCH_FIELD

RESPONSE_TTL = 60
LOCAL_ENTRIES = 2048
LOCAL_BYTES = 64 * 1024 * 1024
"""Response bodies a process keeps, in all (a page of 100 offers is about 250 KB)."""
LARGEST_BODY = 1024 * 1024
_SEARCH_FIELD = SEARCH_FIELD.encode()


class ResponseCache:
    """Stored responses of search-only requests (see the module docstring)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.memo: WatchedMemo[bytes, tuple[bytes, str]] = WatchedMemo(
            services.inventory_watch,
            ttl=RESPONSE_TTL,
            entries=LOCAL_ENTRIES,
            max_bytes=LOCAL_BYTES,
            size=lambda stored: len(stored[0]),
        )

    @staticmethod
    def key(body: bytes, accept: str) -> bytes:
        """The key of a request."""
        digest = hashlib.blake2b(body, digest_size=16)
        digest.update(b"\0" + accept.encode())
        return digest.digest()

    def fetch(self, key: bytes) -> tuple[bytes, str] | None:
        """(body, content type) of a stored response, when young and its flights unchanged."""
        return self.memo.get(key, self.services.clock.now().timestamp())

    def store(
        self,
        key: bytes,
        body: bytes,
        content_type: str,
        token: int,
        stamps: list[InventoryStamp],
        stale_at: float = math.inf,
    ) -> None:
        """Keep a response, dated by the watch token taken before its searches read anything,
        until `stale_at` (Unix seconds) at the latest. A response with a search that read no
        flight is not kept: no change notification could make it stale when flights appear (as
        `data.search.service` keeps no such search either)."""
        if len(body) > LARGEST_BODY or not stamps or not all(s.flight_ids for s in stamps):
            return
        ids = tuple(flight_id for stamp in stamps for flight_id in stamp.flight_ids)
        now = self.services.clock.now().timestamp()
        self.memo.keep(
            key, (body, content_type), token=token, flight_ids=ids, now=now, until=stale_at
        )

    def clear(self) -> None:
        """Forget every stored response."""
        self.memo.clear()

    async def serve(
        self, request: Request, run: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """A stored response for this POST, or `run`'s, stored when it is a search's."""
        body = await request.body()
        watch = self.services.inventory_watch
        if watch is None or _SEARCH_FIELD not in body:
            return await run(request)
        key = self.key(body, request.headers.get("accept", ""))
        stored = self.fetch(key)
        if stored is not None:
            return Response(stored[0], headers={"content-type": stored[1]})
        # taken before anything is read: a change heard after this makes what we read stale
        token = watch.token()
        response = await run(request)
        context = getattr(request.state, "graphql_context", None)
        if (
            token is not None
            and isinstance(context, Context)
            and context.response_cacheable
            and response.status_code == 200
            and isinstance(response.body, bytes)
        ):
            content_type = response.headers.get("content-type", "application/json")
            self.store(
                key,
                response.body,
                content_type,
                token,
                context.search_stamps,
                context.searches_stale_at,
            )
        return response
