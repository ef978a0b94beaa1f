"""seatMap over HTTP against seeded flights."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from strawberry import relay

from tests.conftest import graphql
from tests.seatmap.conftest import AssignSeat, flight_of
from tests.seatmap.statements import statements

SEAT_MAP = """
query SeatMap($flightId: ID!, $cabin: CabinClass) {
  seatMap(flightId: $flightId, cabin: $cabin) {
    cabin
    flight { id flightNumber aircraft }
    rows {
      number
      seats { designator available cabin features price { amountMinor currency } }
    }
  }
}
"""


def flight_gid(flight_id: int) -> str:
    return relay.to_base64("Flight", flight_id)


async def read_map(
    client: httpx.AsyncClient, flight_id: str, cabin: str = "ECONOMY"
) -> dict[str, Any]:
    body = await graphql(client, SEAT_MAP, {"flightId": flight_id, "cabin": cabin})
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["seatMap"]
    return found


def seats_of(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {seat["designator"]: seat for row in found["rows"] for seat in row["seats"]}


async def test_an_a320_economy_map_shows_its_layout_and_prices(
    client: httpx.AsyncClient, a320_flight: int
) -> None:
    # when the economy map of an A320neo flight is read
    found = await read_map(client, flight_gid(a320_flight))
    seats = seats_of(found)
    # then it is that flight's map: rows 5-30 of seats A-F, window, aisle and middle by position
    assert found["flight"]["id"] == flight_gid(a320_flight)
    assert found["flight"]["aircraft"] == "Airbus A320neo"
    assert found["cabin"] == "ECONOMY"
    assert [row["number"] for row in found["rows"]] == list(range(5, 31))
    assert [s["designator"] for s in found["rows"][15]["seats"]] == [
        f"20{letter}" for letter in "ABCDEF"
    ]
    assert seats["20A"]["features"] == ["WINDOW"]
    assert seats["20C"]["features"] == ["AISLE"]
    assert seats["20B"]["features"] == ["MIDDLE"]
    assert seats["11F"]["features"] == ["WINDOW", "EXIT_ROW", "EXTRA_LEGROOM"]
    # and a middle seat costs less than a window, an exit row the most, all in euros
    assert seats["20B"]["price"] == {"amountMinor": 800, "currency": "EUR"}
    assert seats["20A"]["price"] == {"amountMinor": 1200, "currency": "EUR"}
    assert seats["11F"]["price"] == {"amountMinor": 2500, "currency": "EUR"}
    assert {s["cabin"] for s in seats.values()} == {"ECONOMY"}


async def test_business_seats_are_included(client: httpx.AsyncClient, a320_flight: int) -> None:
    # when the business map is read, then rows 1-4 of `AC-DF` show with no seat price
    found = await read_map(client, flight_gid(a320_flight), "BUSINESS")
    assert [row["number"] for row in found["rows"]] == [1, 2, 3, 4]
    assert [s["designator"][-1] for s in found["rows"][0]["seats"]] == list("ACDF")
    assert {s["price"] is None for s in seats_of(found).values()} == {True}


async def test_a_booked_seat_is_unavailable_and_free_seats_match_inventory(
    client: httpx.AsyncClient, app: Starlette, a320_flight: int, assign_seat: AssignSeat
) -> None:
    # given a free aisle seat on the map
    before = seats_of(await read_map(client, flight_gid(a320_flight)))
    seat = next(d for d, s in before.items() if s["available"] and d.endswith("C"))
    # when a passenger is booked into it
    await assign_seat(a320_flight, seat)
    after = seats_of(await read_map(client, flight_gid(a320_flight)))
    # then it is taken, and the free seats are exactly the seats inventory can still sell
    assert after[seat]["available"] is False
    left = await app.state.services.db.pool.fetchval(
        "SELECT capacity - sold - held FROM flight_inventory"
        " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
        a320_flight,
    )
    assert sum(s["available"] for s in after.values()) == left


async def test_a_cabin_the_aircraft_lacks_is_null(
    client: httpx.AsyncClient, a320_flight: int
) -> None:
    # when the first-class map of an A320neo (no first class) is read, then it is null
    body = await graphql(client, SEAT_MAP, {"flightId": flight_gid(a320_flight), "cabin": "FIRST"})
    assert body == {"data": {"seatMap": None}}


@pytest.mark.parametrize(
    ("flight_id", "code"),
    [
        ("not-an-id", "INVALID_ID"),
        (relay.to_base64("Airport", 1), "INVALID_ID"),
        (relay.to_base64("Flight", "x1"), "INVALID_ID"),
        (relay.to_base64("Flight", 10**30), "INVALID_ID"),
        (relay.to_base64("Flight", "\u00b2"), "INVALID_ID"),
        (relay.to_base64("Flight", "9" * 5000), "INVALID_ID"),
        (relay.to_base64("Flight", 10**12), "FLIGHT_NOT_FOUND"),
    ],
)
async def test_a_bad_flight_id_is_an_error_with_a_code(
    client: httpx.AsyncClient, seeded: object, flight_id: str, code: str
) -> None:
    # when a map is asked for something that is not a known flight
    body = await graphql(client, SEAT_MAP, {"flightId": flight_id})
    # then it is an error with that code, pointing at the argument (and the map is null)
    assert body["data"] == {"seatMap": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["field"] == "flightId"


async def test_statements_per_map_do_not_grow_with_the_cabin(
    client: httpx.AsyncClient, app: Starlette, a320_flight: int
) -> None:
    # given a small cabin (A320neo business, 16 seats) and a big one (A380 economy, 500 seats)
    big = await flight_of(app.state.services.db, "A388")
    counts = []
    for flight_id, cabin in ((a320_flight, "BUSINESS"), (big, "ECONOMY")):
        # when each map is read with its flight
        async with statements(app.state.services.db.pool) as run:
            found = await read_map(client, flight_gid(flight_id), cabin)
        assert found["rows"]
        counts.append(len(run))
    # then each costs the same two statements: the seat map and the flight
    assert counts == [2, 2]


BRAND_MAP = """
query SeatMap($flightId: ID!, $brand: String) {
  seatMap(flightId: $flightId, cabin: ECONOMY, fareBrand: $brand) {
    rows { seats { price { amountMinor } } }
  }
}
"""


@pytest.mark.parametrize(("brand", "priced"), [("ECONOMY_LIGHT", True), ("ECONOMY_FLEX", False)])
async def test_seats_are_priced_as_the_fare_brand_sells_them(
    client: httpx.AsyncClient, a320_flight: int, brand: str, priced: bool
) -> None:
    # when a traveller with a fare brand opens the economy map
    body = await graphql(client, BRAND_MAP, {"flightId": flight_gid(a320_flight), "brand": brand})
    prices = [seat["price"] for row in body["data"]["seatMap"]["rows"] for seat in row["seats"]]
    # then seats cost extra with a brand without seat selection, and nothing with one that has it
    assert any(price is not None for price in prices) is priced
    assert all(price is None for price in prices) is not priced


async def test_a_fare_brand_of_another_cabin_is_an_error_with_a_code(
    client: httpx.AsyncClient, a320_flight: int
) -> None:
    variables = {"flightId": flight_gid(a320_flight), "brand": "BUSINESS_FLEX"}
    body = await graphql(client, BRAND_MAP, variables)
    [error] = body["errors"]
    assert error["extensions"]["code"] == "INVALID_FARE_BRAND"
    assert error["extensions"]["field"] == "fareBrand"


async def test_a_flight_says_when_its_sales_close(
    client: httpx.AsyncClient, a320_flight: int
) -> None:
    # when a flight is read
    body = await graphql(
        client,
        "query($id: ID!) { node(id: $id) { ... on Flight { departureAt salesCloseAt } } }",
        {"id": flight_gid(a320_flight)},
    )
    flight = body["data"]["node"]
    departs = datetime.fromisoformat(flight["departureAt"])
    closes = datetime.fromisoformat(flight["salesCloseAt"])
    # then its sales close an hour before it leaves, written in the same (origin's) zone
    assert departs - closes == timedelta(hours=1)
    assert closes.utcoffset() is not None
