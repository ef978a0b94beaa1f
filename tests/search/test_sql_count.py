"""searchFlights runs a fixed number of SQL statements, however many offers it returns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest_asyncio

from data.cache import Cache
from data.clock import SystemClock
from data.db import Database
from data.inventory.watch import InventoryWatch
from data.reference.directory import ReferenceDirectory
from data.search.routes import RouteCache
from graphql_api.context import ApiConfig, Services
from skyport.settings import Settings
from tests.search.conftest import SEARCH, SECRET, offers, run, search_input
from tests.search.test_new_routes import unflown_pair

# asyncpg's own housekeeping: type introspection on a connection's first use of a type (with
# JIT switched off around it) and the session reset when a connection returns to the pool.
HOUSEKEEPING = ("typeinfo_tree", "current_setting('jit')", "set_config('jit'", "CLOSE ALL")


class Statements:
    """Every statement of ours the pool's connections send, via asyncpg query loggers."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def __call__(self, record: Any) -> None:
        if not any(marker in record.query for marker in HOUSEKEEPING):
            self.queries.append(record.query)

    async def count(self, action: Any) -> int:
        self.queries.clear()
        await action
        return len(self.queries)


@pytest_asyncio.fixture
async def counted(
    settings: Settings, cache: Cache, seeded: date
) -> AsyncIterator[tuple[Services, Statements]]:
    """Services over a pool of two connections that log every statement; a fresh cache space."""
    assert settings.database_url is not None
    db = await Database.connect(settings.database_url, pool_size=2)
    statements = Statements()
    first, second = await asyncio.gather(db.pool.acquire(), db.pool.acquire())
    for conn in (first, second):
        conn.add_query_logger(statements)
        await db.pool.release(conn)
    services = Services(
        db=db,
        cache=Cache(redis=cache.redis, namespace=cache.key("sql-count", id(statements))),
        clock=SystemClock(),
        directory=await ReferenceDirectory.load(db.pool),
        config=ApiConfig(secret_key=SECRET),
    )
    await services.routes.get(db.pool)
    yield services, statements
    await db.close()


async def test_statements_per_search_do_not_grow_with_offers(
    counted: tuple[Services, Statements], day: date
) -> None:
    services, statements = counted
    one = {"input": search_input(("LHR", "SYD", day)), "first": 1}
    hundred = {"input": search_input(("LHR", "JFK", day)), "first": 100}
    # given two fresh searches, one showing 1 offer and one 100 offers
    one_count = await statements.count(run(services, SEARCH, one))
    hundred_count = await statements.count(run(services, SEARCH, hundred))
    assert len(offers(await run(services, SEARCH, one))) == 1
    assert len(offers(await run(services, SEARCH, hundred))) == 100
    # then both ran the same, single statement: the flights of every probed route
    assert one_count == hundred_count == 1
    # and repeating a search (once its result is in Redis) costs one statement too: the
    # inventory-version check
    await services.cache.settle()
    assert await statements.count(run(services, SEARCH, hundred)) == 1
    assert "sum(version)" in statements.queries[0]


async def test_offer_lookups_batch_their_flights(
    counted: tuple[Services, Statements], day: date
) -> None:
    services, statements = counted
    # given three offers, one of them with two flights
    found = offers(
        await run(services, SEARCH, {"input": search_input(("CDG", "AKL", day)), "first": 3})
    )
    ids = [offer["id"] for offer in found]
    query = "query Offers(" + ", ".join(f"$o{i}: ID!" for i in range(3)) + ") {"
    query += " ".join(
        f"o{i}: offer(id: $o{i}) {{ totalAmount {{ amountMinor }} }}" for i in range(3)
    )
    query += " }"
    # when they are all read in one request
    count = await statements.count(run(services, query, {f"o{i}": ids[i] for i in range(3)}))
    # then their flights came in one statement (the FlightByIdLoader batch)
    assert count == 1


async def test_concurrent_cached_searches_cost_one_statement_each(
    counted: tuple[Services, Statements], day: date
) -> None:
    services, statements = counted
    searches = [{"input": search_input((o, "JFK", day), maxConnections=0)} for o in ("LHR", "FRA")]
    for variables in searches:
        await run(services, SEARCH, variables)
    await services.cache.settle()
    # given two cached searches, when each is asked five times at once
    bodies = []

    async def ask_all() -> None:
        bodies.extend(
            await asyncio.gather(*(run(services, SEARCH, v) for v in searches for _ in range(5)))
        )

    count = await statements.count(ask_all())
    # then all ten answers are right, each after its own version check
    assert all(offers(body) for body in bodies)
    assert count == 10
    assert all("sum(version)" in query for query in statements.queries)


async def test_a_search_that_finds_nothing_costs_a_statement_only_without_a_watch(
    counted: tuple[Services, Statements], watch: InventoryWatch, day: date
) -> None:
    # given a search between two airports with no flight between them, direct only
    services, statements = counted
    origin, destination = await unflown_pair(services.db, services.directory)
    nothing = {"input": search_input((origin, destination, day), maxConnections=0)}
    # when a process that hears of schedule changes runs it, it sends no statement at all (no
    # route to probe, and the watch would tell it of a new one)
    listening = replace(services, routes=RouteCache(), inventory_watch=watch)
    assert listening.routes.hears_changes
    await listening.routes.get(services.db.pool)  # (its route map, read once per process)
    answered: list[dict[str, Any]] = []

    async def search(on: Services) -> None:
        answered.append(await run(on, SEARCH, {**nothing, "first": 1}))

    count = await statements.count(search(listening))
    assert count == 0, statements.queries
    assert offers(answered[-1]) == []  # (answered, with no offer: not refused before any SQL)
    # while one that does not asks the schedule's generation (to see a route flown since)
    assert not services.routes.hears_changes
    count = await statements.count(search(services))
    assert offers(answered[-1]) == []
    assert count == 1
    assert "schedule_generation" in statements.queries[0]
