"""Cached searches: served again while nothing moved, stale the moment a seat moves."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from data.cache import Cache
from data.clock import FrozenClock
from data.db import Database
from data.inventory.stamps import InventoryStamp
from data.offers.sales import SALES_CLOSE
from graphql_api.context import Services
from graphql_api.search import response_cache
from skyport.app import create_app
from skyport.settings import Settings
from storefront.api import document
from tests.conftest import in_process_client
from tests.search.conftest import SEARCH, at, offers, run, search_input

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


def flight_id_of(flight_global_id: str) -> int:
    return int(base64.b64decode(flight_global_id).decode().split(":")[1])


@asynccontextmanager
async def more_held(db: Database, flight_global_id: str, seats: int) -> AsyncIterator[None]:
    """Hold `seats` more economy seats on a flight, then give them back. (The statement leaves
    the version alone: the database bumps it, whoever writes.)"""
    flight_id = flight_id_of(flight_global_id)
    update = (
        "UPDATE flight_inventory SET held = held + $2 WHERE flight_id = $1 AND cabin = 'ECONOMY'"
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
    # when three seats of one offered flight are held (by a statement that leaves the version
    # alone: the database bumps it)
    async with more_held(db, flight, 3):
        after = seats_by_flight(await run(services, SEATS, variables))
        # then the very next identical search shows it
        assert after[flight] == free - 3
        assert {f: n for f, n in after.items() if f != flight} == {
            f: n for f, n in before.items() if f != flight
        }
    # and when they are released, the search shows the seats again
    assert seats_by_flight(await run(services, SEATS, variables)) == before


@dataclass
class Portal:
    """A started portal on a frozen clock, and an HTTP client for it."""

    app: Starlette
    http: httpx.AsyncClient
    clock: FrozenClock

    async def later(self, payload: dict[str, Any]) -> httpx.Response:
        """The same POST a second later: a freshly computed answer would carry offer ids with a
        later expiry, so an identical body can only be a stored one."""
        self.clock.advance(timedelta(seconds=1))
        return await self.http.post("/graphql", json=payload)


@pytest_asyncio.fixture
async def portal(settings: Settings, seeded: date) -> AsyncIterator[Portal]:
    """The whole portal over HTTP, its clock frozen at the real now."""
    clock = FrozenClock(datetime.now(UTC).replace(microsecond=0))
    application = create_app(settings, clock=clock)
    async with LifespanManager(application), in_process_client(application) as http:
        yield Portal(application, http, clock)


async def test_repeated_http_searches_are_served_whole_until_a_seat_moves(
    portal: Portal, db: Database, day: date
) -> None:
    # given a search answered once
    payload = {
        "query": SEATS,
        "variables": {"input": search_input(("FRA", "JFK", day), maxConnections=0)},
    }
    first = await portal.http.post("/graphql", json=payload)
    before = seats_by_flight(first.json())
    # when it is posted again a second later, then the answer is the stored one, byte for byte
    second = await portal.later(payload)
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    # and when a seat moves on one of its flights, the next answer is fresh
    flight = next(f for f, n in before.items() if n > 10)
    async with more_held(db, flight, 2):
        # (as soon as the process has heard Postgres's change notification)
        await portal.app.state.services.inventory_watch.caught_up(db.pool)
        third = seats_by_flight((await portal.http.post("/graphql", json=payload)).json())
        assert third[flight] == before[flight] - 2
        assert {f: n for f, n in third.items() if f != flight} == {
            f: n for f, n in before.items() if f != flight
        }


def departures(body: dict[str, Any]) -> dict[str, str]:
    """Departure time by flight id, of every flight a searchFlights response offers."""
    return {
        segment["flight"]["id"]: segment["flight"]["departureAt"]
        for node in offers(body)
        for piece in node["slices"]
        for segment in piece["segments"]
    }


async def test_a_retimed_flight_shows_its_new_time_at_once(
    client: httpx.AsyncClient, app: Starlette, db: Database, day: date
) -> None:
    # given a search answered (and kept: in Redis, and whole in the process)
    payload = {
        "query": SEARCH,
        "variables": {"input": search_input(("AMS", "JFK", day), maxConnections=0), "first": 100},
    }
    before = departures((await client.post("/graphql", json=payload)).json())
    await app.state.services.cache.settle()  # (the Redis copy is written)
    flight = next(iter(before))
    # when one of its flights is re-timed ten minutes later
    move = (
        "UPDATE flight SET departure_at = departure_at + $2::interval,"
        " arrival_at = arrival_at + $2::interval WHERE id = $1"
    )
    await db.pool.execute(move, flight_id_of(flight), timedelta(minutes=10))
    try:
        await app.state.services.inventory_watch.caught_up(db.pool)
        after = departures((await client.post("/graphql", json=payload)).json())
    finally:
        await db.pool.execute(move, flight_id_of(flight), timedelta(minutes=-10))
        await app.state.services.inventory_watch.caught_up(db.pool)
    # then the very next answer shows the new time, and the other flights as they were
    assert at(after[flight]) == at(before[flight]) + timedelta(minutes=10)
    assert {f: t for f, t in after.items() if f != flight} == {
        f: t for f, t in before.items() if f != flight
    }


async def test_a_flight_added_to_the_schedule_is_found_at_once(
    client: httpx.AsyncClient, app: Starlette, db: Database, day: date
) -> None:
    # given a search answered (and kept: in Redis, and whole in the process)
    payload = {
        "query": SEATS,
        "variables": {"input": search_input(("MAD", "JFK", day), maxConnections=0)},
    }
    before = seats_by_flight((await client.post("/graphql", json=payload)).json())
    await app.state.services.cache.settle()  # (the Redis copy is written)
    model = flight_id_of(next(iter(before)))
    # when a flight is added to the schedule on that route, a quarter of an hour after one of
    # its flights
    async with db.pool.acquire() as conn, conn.transaction():
        added = await conn.fetchval(
            "INSERT INTO flight (airline_id, flight_number, origin_id, destination_id,"
            " departure_at, arrival_at, aircraft_type_id, distance_km)"
            " SELECT airline_id, 9001, origin_id, destination_id, departure_at + interval '15m',"
            " arrival_at + interval '15m', aircraft_type_id, distance_km FROM flight WHERE id = $1"
            " RETURNING id",
            model,
        )
        await conn.execute(
            "INSERT INTO flight_inventory (flight_id, cabin, capacity, sold, held, version)"
            " SELECT $2, cabin, capacity, 0, 0, 0 FROM flight_inventory WHERE flight_id = $1",
            model,
            added,
        )
    try:
        await app.state.services.inventory_watch.caught_up(db.pool)
        after = seats_by_flight((await client.post("/graphql", json=payload)).json())
    finally:
        await db.pool.execute("DELETE FROM flight WHERE id = $1", added)
        await app.state.services.inventory_watch.caught_up(db.pool)
    # then the very next answer offers it too
    assert {flight_id_of(f) for f in after} == {flight_id_of(f) for f in before} | {added}


async def test_a_query_mixing_search_with_other_fields_is_not_stored_whole(
    portal: Portal, day: date
) -> None:
    # given a query that also asks for airports next to a search
    query = """
    query Mixed($input: FlightSearchInput!) {
      airports(search: "Syd") { iataCode }
      searchFlights(input: $input, first: 1) { totalCount edges { node { id } } }
    }
    """
    payload = {
        "query": query,
        "variables": {"input": search_input(("MAD", "JFK", day), maxConnections=0)},
    }
    # when it is posted twice, a second apart
    first = await portal.http.post("/graphql", json=payload)
    second = await portal.later(payload)
    # then both are answered, the second afresh (a new offer id, not a stored body)
    assert first.json()["data"]["searchFlights"]["totalCount"] > 0
    assert second.json()["data"]["searchFlights"]["totalCount"] > 0
    assert second.content != first.content


async def test_the_storefronts_search_is_stored_whole_for_a_storefront_of_its_own(
    portal: Portal, day: date
) -> None:
    # given the storefront's search document, as a storefront split from its API tier posts it
    payload = {
        "query": document("SearchFlights"),
        "variables": {"input": search_input(("LHR", "JFK", day)), "first": 90},
    }
    # when the same search is posted again a second later
    first = await portal.http.post("/graphql", json=payload)
    second = await portal.later(payload)
    # then the answer is the stored one, byte for byte (the document reads searches only)
    assert first.json()["data"]["searchFlights"]["totalCount"] > 0
    assert second.content == first.content


def another_database(redis_url: str, db: int) -> str:
    """The same Redis server, another numbered database (TCP or unix-socket URL)."""
    parts = urlsplit(redis_url)
    if parts.scheme == "unix":
        query = "&".join([q for q in parts.query.split("&") if q and not q.startswith("db=")])
        return urlunsplit(parts._replace(query=f"{query}&db={db}".lstrip("&")))
    return urlunsplit(parts._replace(path=f"/{db}"))


async def test_caches_can_live_in_a_redis_of_their_own(
    settings: Settings, seeded: date, cache: Cache
) -> None:
    # given a portal whose caches have a Redis of their own (here: another database of it)
    assert settings.redis_url is not None
    namespace = f"{cache.namespace}-split"
    own = Cache.from_url(another_database(settings.redis_url, 7), namespace=namespace)
    split = settings.model_copy(
        update={
            "cache_redis_url": another_database(settings.redis_url, 7),
            "redis_namespace": namespace,
        }
    )
    application = create_app(split)
    # when it answers a search
    async with LifespanManager(application), in_process_client(application) as http:
        payload = {
            "query": SEATS,
            "variables": {"input": search_input(("CDG", "JFK", seeded + timedelta(days=2)))},
        }
        assert seats_by_flight((await http.post("/graphql", json=payload)).json())
        await application.state.services.cache.settle()
    # then the result is stored in the caches' Redis, and none in the queue's
    pattern = f"{namespace}:search:*"
    try:
        assert [key async for key in own.redis.scan_iter(match=pattern)]
        assert not [key async for key in cache.redis.scan_iter(match=pattern)]
    finally:
        async for key in own.redis.scan_iter(match=f"{namespace}:*"):
            await own.redis.delete(key)
        await own.close()


async def test_a_search_is_answered_while_redis_is_down(services: Services, day: date) -> None:
    # given the search cache's Redis is unreachable (nothing listens on its port)
    down = Cache.from_url("redis://127.0.0.1:1/0", namespace=services.cache.namespace)
    services.cache = down
    try:
        # when a traveller searches, then offers come back all the same (computed, not cached)
        variables = {"input": search_input(("LHR", "JFK", day), maxConnections=0)}
        assert seats_by_flight(await run(services, SEATS, variables))
    finally:
        await down.close()


async def test_an_unreadable_cached_search_is_computed_again(
    services: Services, cache: Cache, day: date
) -> None:
    # given a search whose cached result has been damaged in Redis (the run's cached searches
    # are dropped first, so what is there afterwards is this search's)
    variables = {"input": search_input(("CDG", "JFK", day), maxConnections=1)}
    pattern = f"{cache.namespace}:search:*"
    async for key in cache.redis.scan_iter(match=pattern):
        await cache.redis.delete(key)
    answer = seats_by_flight(await run(services, SEATS, variables))
    await cache.settle()
    stored = {key async for key in cache.redis.scan_iter(match=pattern)}
    assert stored
    for key in stored:
        await cache.redis.set(key, b'{"not": "a search result"')
    # when it runs again, then it answers as before
    assert seats_by_flight(await run(services, SEATS, variables)) == answer


def test_stored_responses_stay_within_their_byte_budget(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a process that keeps at most 1 MB of stored responses, none larger than 300 KB
    monkeypatch.setattr(response_cache, "LOCAL_BYTES", 1_000_000)
    monkeypatch.setattr(response_cache, "LARGEST_BODY", 300_000)
    stored = response_cache.ResponseCache(services)
    read = [InventoryStamp("ECONOMY", (1, 2), 7, 1)]
    # when big pages of offers are stored, and one too big to keep
    for n in range(10):
        stored.store(f"page {n}".encode(), b"x" * 250_000, "application/json", 0, read)
    stored.store(b"huge", b"x" * 400_000, "application/json", 0, read)
    # then only the most recent pages that fit are kept, and the huge one is not
    assert list(stored.memo.kept) == [f"page {n}".encode() for n in (6, 7, 8, 9)]
    kept = stored.memo.kept.values()
    assert stored.memo.bytes == sum(len(entry.value[0]) for entry in kept) == 1_000_000


async def test_a_search_that_read_no_flight_is_not_cached(
    services: Services, cache: Cache, day: date
) -> None:
    # given a search no flight can answer (no nonstop flies London to Sydney)
    variables = {"input": search_input(("LHR", "SYD", day), maxConnections=0)}
    pattern = f"{cache.namespace}:search:*"
    before = {key async for key in cache.redis.scan_iter(match=pattern)}
    # when it runs, then it finds nothing, and nothing is cached that flights appearing later
    # (a new schedule) would not make stale
    assert seats_by_flight(await run(services, SEATS, variables)) == {}
    await cache.settle()
    assert {key async for key in cache.redis.scan_iter(match=pattern)} == before


async def test_a_response_whose_search_read_no_flight_is_not_stored(
    client: httpx.AsyncClient, app: Starlette, day: date
) -> None:
    # given the portal over HTTP, and a search no flight can answer (no nonstop London-Sydney)
    payload = {
        "query": SEATS,
        "variables": {"input": search_input(("LHR", "SYD", day), maxConnections=0)},
    }
    view = next(route.app for route in app.routes if getattr(route, "path", "") == "/graphql")
    responses = view.app.response_cache  # type: ignore[attr-defined]
    kept = set(responses.memo.kept)
    # when it is answered
    body = (await client.post("/graphql", json=payload)).json()
    # then it found nothing, and its response was not kept whole: no change notification would
    # make it stale when a schedule with such flights is loaded
    assert seats_by_flight(body) == {}
    assert set(responses.memo.kept) == kept


async def test_a_cached_search_goes_stale_when_a_flight_it_offers_goes_off_sale(
    services: Services, clock: FrozenClock, day: date
) -> None:
    # given the earliest flight a search for tomorrow offers
    variables = {"input": search_input(("LHR", "JFK", day), maxConnections=0, sort="DEPARTURE")}
    earliest = at(offers(await run(services, SEARCH, variables))[0]["slices"][0]["departureAt"])
    # and the same search made a minute before that flight's sales close (and cached then)
    clock.current = earliest.astimezone(UTC) - SALES_CLOSE - timedelta(minutes=1)
    first = offers(await run(services, SEARCH, variables))[0]
    assert at(first["slices"][0]["departureAt"]) == earliest
    # (an offer expires when its first flight goes off sale, at the latest)
    assert at(first["expiresAt"]) == earliest - SALES_CLOSE
    await services.cache.settle()
    # when it runs again two minutes later, well within the cache's five
    clock.advance(timedelta(minutes=2))
    found = offers(await run(services, SEARCH, variables))
    # then the flight no longer sold is offered no more
    assert found
    assert all(at(o["slices"][0]["departureAt"]) > clock.now() + SALES_CLOSE for o in found)


async def test_a_stored_response_goes_stale_when_a_flight_it_offers_goes_off_sale(
    settings: Settings, services: Services, day: date
) -> None:
    # given the earliest flight a search offers, and a portal whose clock is 30 s before its
    # sales close
    search = search_input(("LHR", "JFK", day), maxConnections=0, sort="DEPARTURE")
    search["passengers"] = {"adults": 2}
    payload = {"query": SEARCH, "variables": {"input": search}}
    earliest = at(
        offers(await run(services, SEARCH, payload["variables"]))[0]["slices"][0]["departureAt"]
    )
    clock = FrozenClock(earliest.astimezone(UTC) - SALES_CLOSE - timedelta(seconds=30))
    application = create_app(settings, clock=clock)
    async with LifespanManager(application), in_process_client(application) as http:
        # when the search is answered, and again (the stored response, byte for byte)
        first = await http.post("/graphql", json=payload)
        assert (await http.post("/graphql", json=payload)).content == first.content
        # and asked again 50 s later, once that flight is no longer sold (within the 60 s a
        # response is kept)
        clock.advance(timedelta(seconds=50))
        found = offers((await http.post("/graphql", json=payload)).json())
    # then the answer no longer offers it
    assert found
    assert all(at(o["slices"][0]["departureAt"]) > clock.now() + SALES_CLOSE for o in found)


async def test_a_cached_search_goes_stale_when_a_fare_class_closes_by_date(
    services: Services, clock: FrozenClock, day: date
) -> None:
    # given the earliest flight a search for tomorrow offers, and the same search made a minute
    # before its H class closes (a day before departure), and cached then
    variables = {"input": search_input(("LHR", "JFK", day), maxConnections=0, sort="DEPARTURE")}
    earliest = offers(await run(services, SEARCH, variables))[0]
    flight = earliest["slices"][0]["segments"][0]["flight"]["id"]
    leaves = at(earliest["slices"][0]["departureAt"]).astimezone(UTC)
    clock.current = leaves - timedelta(days=1, minutes=1)

    def light_price(body: dict[str, Any]) -> int:
        (price,) = [
            o["totalAmount"]["amountMinor"]
            for o in offers(body)
            if o["fareBrand"]["code"] == "ECONOMY_LIGHT"
            and o["slices"][0]["segments"][0]["flight"]["id"] == flight
        ]
        return int(price)

    before = light_price(await run(services, SEARCH, variables))
    await services.cache.settle()
    # when it runs again two minutes later (no seat has moved; well within the cache's five)
    clock.advance(timedelta(minutes=2))
    after = light_price(await run(services, SEARCH, variables))
    # then it shows the flight's new price, as a search nobody cached does
    fresh = {"input": {**variables["input"], "sort": "PRICE"}}
    assert after == light_price(await run(services, SEARCH, fresh))
    assert after > before
