"""fareCalendar over HTTP against the seeded demo network."""

from __future__ import annotations

import calendar as months
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from strawberry import relay

from tests.conftest import SEED_DAYS, graphql
from tests.seatmap.statements import statements

FARE_CALENDAR = """
query Calendar($origin: String!, $destination: String!, $month: String!, $cabin: CabinClass) {
  fareCalendar(origin: $origin, destination: $destination, month: $month, cabin: $cabin) {
    date
    lowestPrice { amountMinor currency }
  }
}
"""

CHEAPEST = """
query Cheapest($origin: String!, $destination: String!, $day: Date!, $cabin: CabinClass!) {
  searchFlights(
    input: {slices: [{origin: $origin, destination: $destination, departureDate: $day}],
            cabin: $cabin, sort: PRICE}
    first: 1
  ) {
    edges { node { totalAmount { amountMinor } slices { segments { flight { id } } } } }
  }
}
"""


async def read_calendar(
    client: httpx.AsyncClient,
    month: date,
    origin: str = "LHR",
    destination: str = "JFK",
    cabin: str = "ECONOMY",
) -> list[dict[str, Any]]:
    body = await graphql(
        client,
        FARE_CALENDAR,
        {"origin": origin, "destination": destination, "month": f"{month:%Y-%m}", "cabin": cabin},
    )
    assert "errors" not in body, body
    days: list[dict[str, Any]] = body["data"]["fareCalendar"]
    return days


async def cheapest(client: httpx.AsyncClient, day: date, cabin: str = "ECONOMY") -> dict[str, Any]:
    body = await graphql(
        client,
        CHEAPEST,
        {"origin": "LHR", "destination": "JFK", "day": day.isoformat(), "cabin": cabin},
    )
    assert "errors" not in body, body
    edges = body["data"]["searchFlights"]["edges"]
    assert edges, f"no offer on {day}"
    offer: dict[str, Any] = edges[0]["node"]
    return offer


def price_on(days: list[dict[str, Any]], day: date) -> int | None:
    found = next(d for d in days if d["date"] == day.isoformat())
    price = found["lowestPrice"]
    return None if price is None else int(price["amountMinor"])


async def test_the_calendar_prices_flown_days_and_leaves_the_rest_empty(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the network seeded for a few days from today
    last = seeded + timedelta(days=SEED_DAYS - 1)
    tomorrow = seeded + timedelta(days=1)
    # when the calendar of the month holding tomorrow is read
    days = await read_calendar(client, tomorrow)
    # then every day of the month is listed in order, priced in euros from tomorrow to the last
    # seeded day and empty before today and after the schedule ends
    length = months.monthrange(tomorrow.year, tomorrow.month)[1]
    assert [d["date"] for d in days] == [
        tomorrow.replace(day=n).isoformat() for n in range(1, length + 1)
    ]
    for entry in days:
        day = date.fromisoformat(entry["date"])
        if tomorrow <= day <= last:
            assert entry["lowestPrice"]["currency"] == "EUR"
            assert entry["lowestPrice"]["amountMinor"] > 0
        elif day < seeded or day > last:
            assert entry["lowestPrice"] is None


@pytest.mark.parametrize("cabin", ["ECONOMY", "BUSINESS"])
async def test_a_day_costs_the_cheapest_offer_search_shows(
    client: httpx.AsyncClient, seeded: date, cabin: str
) -> None:
    # given a seeded day
    day = seeded + timedelta(days=2)
    # when the calendar and a one-adult search of that day are read
    days = await read_calendar(client, day, cabin=cabin)
    offer = await cheapest(client, day, cabin)
    # then the calendar shows the cheapest offer's total
    assert price_on(days, day) == offer["totalAmount"]["amountMinor"]


async def test_selling_the_cheapest_flight_updates_the_calendar_at_once(
    client: httpx.AsyncClient, app: Starlette, seeded: date
) -> None:
    # given a calendar already read (so cached) and the day's cheapest offer
    day = seeded + timedelta(days=1)
    before = await read_calendar(client, day)
    offer = await cheapest(client, day)
    assert price_on(before, day) == offer["totalAmount"]["amountMinor"]
    flight_node_id = offer["slices"][0]["segments"][0]["flight"]["id"]
    pool = app.state.services.db.pool
    flight_id = int(relay.GlobalID.from_id(flight_node_id).node_id)
    sold = await pool.fetchval(
        "SELECT sold FROM flight_inventory WHERE flight_id = $1 AND cabin = 'ECONOMY'", flight_id
    )
    # when that flight sells its last economy seats
    await pool.execute(
        "UPDATE flight_inventory SET sold = capacity - held"
        " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
        flight_id,
    )
    await app.state.services.inventory_watch.caught_up(pool)  # (the process hears of it)
    try:
        after = await read_calendar(client, day)
        now_cheapest = await cheapest(client, day)
    finally:
        await pool.execute(
            "UPDATE flight_inventory SET sold = $2 WHERE flight_id = $1 AND cabin = 'ECONOMY'",
            flight_id,
            sold,
        )
        await app.state.services.inventory_watch.caught_up(pool)
    # then the calendar shows the new cheapest offer, which no longer flies that flight
    flown = [s["flight"]["id"] for piece in now_cheapest["slices"] for s in piece["segments"]]
    assert flight_node_id not in flown
    assert price_on(after, day) == now_cheapest["totalAmount"]["amountMinor"]


async def test_a_calendar_read_again_costs_no_statement(
    client: httpx.AsyncClient, app: Starlette, seeded: date
) -> None:
    # given a calendar read once
    month = seeded + timedelta(days=1)
    first = await read_calendar(client, month, "FRA", "SIN")
    # when it is read again
    async with statements(app.state.services.db.pool) as run:
        again = await read_calendar(client, month, "FRA", "SIN")
    # then the process answered from memory (its flights unchanged), and the answer is the same
    assert run == []
    assert again == first


async def test_a_warm_calendar_another_process_priced_costs_one_statement(
    client: httpx.AsyncClient, app: Starlette, seeded: date
) -> None:
    # given a calendar read once, and then forgotten by this process (as if another had read it)
    month = seeded + timedelta(days=1)
    first = await read_calendar(client, month, "FRA", "SIN")
    app.state.services.calendar_memo.kept.clear()
    # when it is read again
    async with statements(app.state.services.db.pool) as run:
        again = await read_calendar(client, month, "FRA", "SIN")
    # then one statement stamped the month's inventory (prices came from Redis), and the answer
    # is the same
    assert len(run) == 1, run
    assert again == first


@pytest.mark.parametrize(
    ("origin", "destination", "month", "code"),
    [
        ("LHR", "QQQ", "this", "UNKNOWN_AIRPORT"),
        ("JFK", "jfk", "this", "SAME_ORIGIN_DESTINATION"),
        ("LHR", "JFK", "2027-00", "INVALID_MONTH"),
        ("LHR", "JFK", "2027/01", "INVALID_MONTH"),
        ("LHR", "JFK", "2020-01", "MONTH_OUT_OF_RANGE"),
        ("LHR", "JFK", "2999-01", "MONTH_OUT_OF_RANGE"),
    ],
)
async def test_bad_input_is_an_error_with_a_code(
    client: httpx.AsyncClient, seeded: date, origin: str, destination: str, month: str, code: str
) -> None:
    # when the calendar is asked with bad input
    asked = f"{seeded:%Y-%m}" if month == "this" else month
    body = await graphql(
        client, FARE_CALENDAR, {"origin": origin, "destination": destination, "month": asked}
    )
    # then it is an error with that code and a message, not a 500 or an empty list
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == code
    assert error["message"]


CONNECTIONS_CALENDAR = """
query Calendar($origin: String!, $destination: String!, $month: String!, $max: Int) {
  fareCalendar(origin: $origin, destination: $destination, month: $month, maxConnections: $max) {
    date
    lowestPrice { amountMinor }
  }
}
"""

DIRECT_CHEAPEST = """
query Cheapest($day: Date!, $max: Int!) {
  searchFlights(
    input: {slices: [{origin: "LHR", destination: "SYD", departureDate: $day}],
            maxConnections: $max, sort: PRICE}
    first: 1
  ) { totalCount edges { node { totalAmount { amountMinor } } } }
}
"""


async def test_a_calendar_of_direct_flights_prices_only_them(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a route with no direct flight (London to Sydney) and a day on it
    day = seeded + timedelta(days=2)
    variables = {"origin": "LHR", "destination": "SYD", "month": f"{day:%Y-%m}"}
    # when its calendar is read for direct flights only, and as usual (one stop allowed)
    direct = await graphql(client, CONNECTIONS_CALENDAR, {**variables, "max": 0})
    usual = await graphql(client, CONNECTIONS_CALENDAR, variables)
    # then the direct calendar has no price on any day, as a direct search finds nothing
    assert "errors" not in direct, direct
    assert all(d["lowestPrice"] is None for d in direct["data"]["fareCalendar"])
    none = await graphql(client, DIRECT_CHEAPEST, {"day": day.isoformat(), "max": 0})
    assert none["data"]["searchFlights"]["totalCount"] == 0
    # while the usual one prices the day at the cheapest one-stop offer
    found = await graphql(client, DIRECT_CHEAPEST, {"day": day.isoformat(), "max": 1})
    cheapest_offer = found["data"]["searchFlights"]["edges"][0]["node"]["totalAmount"]
    assert price_on(usual["data"]["fareCalendar"], day) == cheapest_offer["amountMinor"]


async def test_a_calendar_with_too_many_connections_is_refused(
    client: httpx.AsyncClient, seeded: date
) -> None:
    body = await graphql(
        client,
        CONNECTIONS_CALENDAR,
        {"origin": "LHR", "destination": "JFK", "month": f"{seeded:%Y-%m}", "max": 3},
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INVALID_MAX_CONNECTIONS"
