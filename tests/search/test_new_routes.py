"""A route flown for the first time is searched at once, not when the route map is next read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from data.db import Database
from data.inventory.watch import InventoryWatch
from data.reference.directory import ReferenceDirectory
from data.search.routes import RouteCache, RouteMap
from data.search.rules import great_circle_km
from data.zones import zone
from graphql_api.context import Services
from tests.search.conftest import SEARCH, offers, run, search_input


async def unflown_pair(db: Database, directory: ReferenceDirectory) -> tuple[str, str]:
    """Two airports that both have flights, but none from one to the other."""
    routes = await RouteMap.load(db.pool)
    code = {airport.id: airport.iata_code for airport in directory.airports.values()}
    served = sorted(routes.routes, key=lambda airport_id: code[airport_id])
    return next(
        (code[a], code[b]) for a in served for b in served if a != b and not routes.route(a, b)
    )


@asynccontextmanager
async def first_flight(
    db: Database, directory: ReferenceDirectory, origin: str, destination: str, day: date
) -> AsyncIterator[int]:
    """A flight between the two airports, leaving at noon local time on `day` (an economy cabin
    of 150 seats), removed again afterwards."""
    a, b = directory.airports_by_code[origin], directory.airports_by_code[destination]
    leaves = datetime.combine(day, time(12), zone(a.time_zone))
    distance = round(great_circle_km(a, b))
    async with db.pool.acquire() as conn, conn.transaction():
        model = await conn.fetchrow("SELECT airline_id, aircraft_type_id FROM flight LIMIT 1")
        assert model is not None
        flight = await conn.fetchval(
            "INSERT INTO flight (airline_id, flight_number, origin_id, destination_id,"
            " departure_at, arrival_at, aircraft_type_id, distance_km)"
            " VALUES ($1, 9002, $2, $3, $4, $5, $6, $7) RETURNING id",
            model["airline_id"],
            a.id,
            b.id,
            leaves,
            leaves + timedelta(minutes=60 + distance // 12),
            model["aircraft_type_id"],
            distance,
        )
        await conn.execute(
            "INSERT INTO flight_inventory (flight_id, cabin, capacity, sold, held, version)"
            " VALUES ($1, 'ECONOMY', 150, 0, 0, 0)",
            flight,
        )
    try:
        yield flight
    finally:
        await db.pool.execute("DELETE FROM flight WHERE id = $1", flight)


def flight_numbers(body: dict[str, object]) -> set[str]:
    return {
        segment["flight"]["flightNumber"]
        for offer in offers(body)  # type: ignore[arg-type]
        for piece in offer["slices"]
        for segment in piece["segments"]
    }


async def test_a_route_flown_for_the_first_time_is_searched_at_once(
    services: Services, db: Database, directory: ReferenceDirectory, day: date
) -> None:
    # given a process that searched two airports with no flight between them, found nothing,
    # and keeps its route map (with no notification of schedule changes to go by)
    assert services.inventory_watch is None
    origin, destination = await unflown_pair(db, directory)
    variables = {"input": search_input((origin, destination, day), maxConnections=0)}
    assert offers(await run(services, SEARCH, variables)) == []
    kept = await services.routes.get(db.pool)
    # when the schedule gains a first flight between them
    async with first_flight(db, directory, origin, destination, day):
        # then the very next search offers it: it saw the schedule is newer than its map
        found = flight_numbers(await run(services, SEARCH, variables))
        assert any(number.endswith(" 9002") for number in found), found
        fresh = await services.routes.get(db.pool)
        assert fresh is not kept
        airports = directory.airports_by_code
        assert fresh.route(airports[origin].id, airports[destination].id)
    # and while the schedule stays as it is, the map is not read again
    assert await services.routes.get(db.pool) is await services.routes.get(db.pool)


async def test_the_route_map_is_read_again_when_the_process_hears_the_schedule_changed(
    db: Database,
) -> None:
    # given a route map kept by a process that counts what it heard of schedule changes
    heard = [0]
    routes = RouteCache(schedule_changes=lambda: heard[0])
    kept = await routes.get(db.pool)
    assert await routes.get(db.pool) is kept
    # when it hears one, then searches go on with the map in hand while it is read again in
    # the background, and get the new one once it is read
    heard[0] += 1
    assert await routes.get(db.pool) is kept
    await routes.refreshed()
    again = await routes.get(db.pool)
    assert again is not kept
    assert await routes.get(db.pool) is again
    # and a search that read a generation newer than the map's gets one at least that new
    newer = await routes.get(db.pool, generation=again.generation + 1)
    assert newer is not again


async def test_the_apis_route_map_goes_by_the_inventory_watch(
    services: Services, watch: InventoryWatch
) -> None:
    # the API's services read the route map again whenever the watch may have missed anything
    # (the schedule's `*`, too many flights to track, a new connection)
    listening = replace(services, routes=RouteCache(), inventory_watch=watch)
    assert listening.routes.schedule_changes is not None
    assert listening.routes.schedule_changes() == watch.everything_since


CALENDAR = """
query Calendar($origin: String!, $destination: String!, $month: String!) {
  fareCalendar(origin: $origin, destination: $destination, month: $month, maxConnections: 0) {
    date lowestPrice { amountMinor }
  }
}
"""


async def test_with_a_watch_a_new_route_is_searched_and_priced_at_once(
    services: Services,
    db: Database,
    directory: ReferenceDirectory,
    watch: InventoryWatch,
    day: date,
) -> None:
    # given a process that hears of schedule changes (as the API's does), which searched two
    # airports with no flight between them and priced their month: nothing either time
    listening = replace(services, routes=RouteCache(), inventory_watch=watch)
    origin, destination = await unflown_pair(db, directory)
    variables = {"input": search_input((origin, destination, day), maxConnections=0)}
    month = {"origin": origin, "destination": destination, "month": f"{day:%Y-%m}"}
    assert offers(await run(listening, SEARCH, variables)) == []
    days = (await run(listening, CALENDAR, month))["data"]["fareCalendar"]
    assert all(entry["lowestPrice"] is None for entry in days)
    # when the schedule gains a first flight between them, and the process hears of it
    async with first_flight(db, directory, origin, destination, day):
        await watch.caught_up(db.pool)
        # then the very next search offers it, and the very next calendar prices its day (the
        # route map, read again in the background, is waited for when the answer depends on it)
        found = flight_numbers(await run(listening, SEARCH, variables))
        assert any(number.endswith(" 9002") for number in found), found
        days = (await run(listening, CALENDAR, month))["data"]["fareCalendar"]
        priced = [entry["date"] for entry in days if entry["lowestPrice"] is not None]
        assert priced == [day.isoformat()]


async def test_with_a_watch_a_day_added_after_the_schedule_is_searched_at_once(
    services: Services, db: Database, directory: ReferenceDirectory, watch: InventoryWatch
) -> None:
    # given a process that hears of schedule changes, and the day after the schedule's last
    listening = replace(services, routes=RouteCache(), inventory_watch=watch)
    last_day = (await listening.routes.get(db.pool)).last_day
    assert last_day is not None
    later = last_day + timedelta(days=1)
    variables = {"input": search_input(("LHR", "JFK", later), maxConnections=0)}
    refused = await run(listening, SEARCH, variables)
    assert refused["errors"][0]["extensions"]["code"] == "DATE_NOT_SCHEDULED"
    # when a flight is added that day, and the process hears of it
    async with first_flight(db, directory, "LHR", "JFK", later):
        await watch.caught_up(db.pool)
        # then the very next search of that day offers it
        found = flight_numbers(await run(listening, SEARCH, variables))
        assert any(number.endswith(" 9002") for number in found), found
