"""Cached searches: served again while nothing moved, stale the moment a seat moves."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import httpx
from starlette.applications import Starlette

from data.cache import Cache
from data.db import Database
from graphql_api.context import Services
from tests.search.conftest import run, search_input

SEATS = """
query Seats($input: FlightSearchInput!) {
  searchFlights(input: $input, first: 100) {
    totalCount
    edges { node { id seatsRemaining slices { segments { flight { id seatsRemaining } } } } }
  }
}
"""


def seats_by_flight(body: dict[str, Any]) -> dict[str, int]:
    assert "errors" not in body, body
    return {
        segment["flight"]["id"]: segment["flight"]["seatsRemaining"]
        for edge in body["data"]["searchFlights"]["edges"]
        for piece in edge["node"]["slices"]
        for segment in piece["segments"]
    }


@asynccontextmanager
async def more_held(db: Database, flight_global_id: str, seats: int) -> AsyncIterator[None]:
    """Hold `seats` more economy seats on a flight (bumping its version), then give them back."""
    flight_id = int(base64.b64decode(flight_global_id).decode().split(":")[1])
    update = (
        "UPDATE flight_inventory SET held = held + $2, version = version + 1"
        " WHERE flight_id = $1 AND cabin = 'ECONOMY'"
    )
    async with db.pool.acquire() as conn:
        await conn.execute(update, flight_id, seats)
        try:
            yield
        finally:
            await conn.execute(update, flight_id, -seats)


async def test_a_seat_moving_makes_the_cached_search_stale_at_once(
    services: Services, db: Database, day: date
) -> None:
    # given a direct search, run twice (the second from the cache) with the same answer
    variables = {"input": search_input(("LHR", "JFK", day), maxConnections=0)}
    before = seats_by_flight(await run(services, SEATS, variables))
    assert seats_by_flight(await run(services, SEATS, variables)) == before
    flight, free = next((f, n) for f, n in before.items() if n > 10)
    # when three seats of one offered flight are held (UPDATE ... version = version + 1)
    async with more_held(db, flight, 3):
        after = seats_by_flight(await run(services, SEATS, variables))
        # then the very next identical search shows it
        assert after[flight] == free - 3
        assert {f: n for f, n in after.items() if f != flight} == {
            f: n for f, n in before.items() if f != flight
        }
    # and when they are released, the search shows the seats again
    assert seats_by_flight(await run(services, SEATS, variables)) == before


async def test_repeated_http_searches_are_served_whole_until_a_seat_moves(
    client: httpx.AsyncClient, app: Starlette, cache: Cache, db: Database, day: date
) -> None:
    # given the same search posted twice
    payload = {
        "query": SEATS,
        "variables": {"input": search_input(("FRA", "JFK", day), maxConnections=0)},
    }
    first = await client.post("/graphql", json=payload)
    stored = [key async for key in cache.redis.scan_iter(match=cache.key("search-response", "*"))]
    second = await client.post("/graphql", json=payload)
    # then the second answer is the stored response, byte for byte
    assert stored
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    before = seats_by_flight(first.json())
    flight = next(f for f, n in before.items() if n > 10)
    # when a seat moves on one of its flights, then the next answer is fresh
    async with more_held(db, flight, 2):
        # (as soon as the process has heard Postgres's change notification)
        await app.state.services.inventory_watch.caught_up(db.pool)
        third = seats_by_flight((await client.post("/graphql", json=payload)).json())
        assert third[flight] == before[flight] - 2


async def test_a_repeated_search_is_answered_from_the_process_without_redis(
    client: httpx.AsyncClient, app: Starlette, cache: Cache, db: Database, day: date
) -> None:
    # given a search answered once (so kept in this process and in Redis)
    payload = {
        "query": SEATS,
        "variables": {"input": search_input(("MAD", "JFK", day), maxConnections=0)},
    }
    first = await client.post("/graphql", json=payload)
    before = seats_by_flight(first.json())
    # when Redis loses every stored response and a second passes (a fresh answer would carry
    # offer ids with a later expiry), the same search is still answered byte for byte
    async for key in cache.redis.scan_iter(match=cache.key("search-response", "*")):
        await cache.redis.delete(key)
    await asyncio.sleep(1.1)
    second = await client.post("/graphql", json=payload)
    assert second.content == first.content
    # and when a seat moves on one of its flights, the process's copy is dropped too
    flight = next(f for f, n in before.items() if n > 10)
    async with more_held(db, flight, 1):
        await app.state.services.inventory_watch.caught_up(db.pool)
        third = seats_by_flight((await client.post("/graphql", json=payload)).json())
        assert third[flight] == before[flight] - 1
        assert {f: n for f, n in third.items() if f != flight} == {
            f: n for f, n in before.items() if f != flight
        }


async def test_a_query_mixing_search_with_other_fields_is_not_stored_whole(
    client: httpx.AsyncClient, cache: Cache, day: date
) -> None:
    # given a query that also asks for airports next to a search (a different date, fresh)
    query = """
    query Mixed($input: FlightSearchInput!) {
      airports(search: "Syd") { iataCode }
      searchFlights(input: $input, first: 1) { totalCount }
    }
    """
    variables = {"input": search_input(("MAD", "JFK", day), maxConnections=0)}
    pattern = cache.key("search-response", "*")
    known = {key async for key in cache.redis.scan_iter(match=pattern)}
    # when it is posted
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    # then it is answered but no whole response is stored for it
    assert response.json()["data"]["searchFlights"]["totalCount"] > 0
    assert {key async for key in cache.redis.scan_iter(match=pattern)} == known
