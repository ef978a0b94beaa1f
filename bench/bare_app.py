"""The baseline: bare Starlette + asyncpg + orjson running Skyport's search SQL, nothing else.

`POST /legs` takes the probes a search plans (computed by the benchmark beforehand) and answers
the rows of `data.inventory.reads.LEGS_SQL` as JSON. `POST /fetch100` answers one indexed
100-row fetch of an airport's departures. No itinerary building, pricing or GraphQL.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from data.db import asyncpg_dsn, light_reset
from data.inventory.reads import LEGS_SQL

FETCH_100_SQL = """
SELECT id, airline_id, flight_number, origin_id, destination_id, departure_at, arrival_at
FROM flight WHERE origin_id = $1 AND departure_at >= $2 ORDER BY departure_at LIMIT 100
"""


def create_bare_app() -> Starlette:
    """The baseline app, on DATABASE_URL."""
    pool: dict[str, asyncpg.Pool] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # the pool as Skyport configures its own: asyncpg's default reset would cost the baseline
        # a round trip per request that Skyport does not pay
        pool["db"] = await asyncpg.create_pool(
            asyncpg_dsn(os.environ["DATABASE_URL"]), max_size=10, reset=light_reset
        )
        yield
        await pool["db"].close()

    def rows_json(rows: list[asyncpg.Record]) -> Response:
        body = orjson.dumps([dict(row) for row in rows])
        return Response(body, media_type="application/json")

    async def legs(request: Request) -> Response:
        spec = orjson.loads(await request.body())
        probes = spec["probes"]
        rows = await pool["db"].fetch(
            LEGS_SQL,
            [p[0] for p in probes],
            [p[1] for p in probes],
            [p[2] for p in probes],
            [datetime.fromisoformat(p[3]) for p in probes],
            [datetime.fromisoformat(p[4]) for p in probes],
            spec["cabin"],
        )
        return rows_json(rows)

    async def fetch100(request: Request) -> Response:
        spec = orjson.loads(await request.body())
        rows = await pool["db"].fetch(
            FETCH_100_SQL, spec["origin_id"], datetime.fromisoformat(spec["after"])
        )
        return rows_json(rows)

    async def livez(request: Request) -> Response:
        return Response("ok")

    return Starlette(
        routes=[
            Route("/legs", legs, methods=["POST"]),
            Route("/fetch100", fetch100, methods=["POST"]),
            Route("/livez", livez),
        ],
        lifespan=lifespan,
    )
