"""The Flight node over HTTP, at a chosen moment (a frozen clock)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from strawberry import relay

from data.clock import FrozenClock
from data.db import Database
from tests.seatmap.conftest import flight_of

SEATS = """
query Seats($id: ID!) {
  node(id: $id) { ... on Flight { seatsRemaining capacity salesCloseAt } }
  seatMap(flightId: $id) { rows { seats { available } } }
}
"""


async def seats_at(http: httpx.AsyncClient, flight: str) -> tuple[dict[str, Any], int]:
    """The flight's seats for sale, capacity and sales close, and the free seats of its map."""
    response = await http.post("/graphql", json={"query": SEATS, "variables": {"id": flight}})
    body = response.json()
    assert "errors" not in body, body
    rows = body["data"]["seatMap"]["rows"]
    free = sum(seat["available"] for row in rows for seat in row["seats"])
    return body["data"]["node"], free


@pytest.mark.parametrize(
    "after_close", [timedelta(0), timedelta(minutes=59), timedelta(hours=3)], ids=str
)
async def test_a_flight_has_no_seat_for_sale_once_its_sales_have_closed(
    http: httpx.AsyncClient, db: Database, clock: FrozenClock, after_close: timedelta
) -> None:
    # given a flight with seats for sale, as it is a second before its sales close
    flight_id = await flight_of(db, "A20N")
    flight = relay.to_base64("Flight", flight_id)
    departs: datetime = await db.pool.fetchval(
        "SELECT departure_at FROM flight WHERE id = $1", flight_id
    )
    clock.current = departs - timedelta(hours=1, seconds=1)
    before, free_before = await seats_at(http, flight)
    assert before["seatsRemaining"] == free_before > 0
    closes = datetime.fromisoformat(before["salesCloseAt"])
    assert closes == departs - timedelta(hours=1)
    # when its sales have closed (to the second, before it leaves, and after)
    clock.current = closes + after_close
    after, free_after = await seats_at(http, flight)
    # then it has no seat for sale, as its seat map shows none free; its cabin is as large
    assert after["seatsRemaining"] == free_after == 0
    assert after["capacity"] == before["capacity"] > 0
