"""The seat map service against seeded flights (real Postgres)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from data.db import Database
from data.enums import CabinClass
from data.seatmap.errors import SeatMapError, SeatMapErrorCode
from data.seatmap.layout import Seat, SeatFeature
from data.seatmap.service import SeatMap, seat_map
from tests.seatmap.conftest import AssignSeat

NOW = datetime.now(UTC)


async def economy_of(db: Database, flight_id: int) -> SeatMap:
    found = await seat_map(
        flight_id=flight_id, cabin=CabinClass.ECONOMY, db=db, currency="EUR", now=NOW
    )
    assert found is not None
    return found


def seats_of(found: SeatMap) -> dict[str, Seat]:
    return {seat.designator: seat for row in found.rows for seat in row.seats}


async def bookable(db: Database, flight_id: int, cabin: str = "ECONOMY") -> int:
    left = await db.pool.fetchval(
        "SELECT capacity - sold - held FROM flight_inventory WHERE flight_id = $1 AND cabin = $2",
        flight_id,
        cabin,
    )
    assert isinstance(left, int)
    return left


async def test_an_a320_economy_cabin_follows_its_layout(db: Database, a320_flight: int) -> None:
    # given an A320neo flight, whose economy layout is rows 5-30, `ABC-DEF`
    layout = await db.pool.fetchrow(
        "SELECT exit_rows, extra_legroom_rows FROM cabin_layout l JOIN aircraft_type t"
        " ON t.id = l.aircraft_type_id WHERE t.code = 'A20N' AND l.cabin = 'ECONOMY'"
    )
    assert layout is not None
    # when its economy seat map is drawn
    found = await economy_of(db, a320_flight)
    seats = seats_of(found)
    # then rows 5 to 30 have seats A-F, windows at A/F, aisles at C/D, middles at B/E
    assert [row.number for row in found.rows] == list(range(5, 31))
    assert all("".join(s.designator[-1] for s in row.seats) == "ABCDEF" for row in found.rows)
    assert SeatFeature.WINDOW in seats["20A"].features
    assert SeatFeature.WINDOW in seats["20F"].features
    assert SeatFeature.AISLE in seats["20C"].features
    assert SeatFeature.AISLE in seats["20D"].features
    assert seats["20B"].features == (SeatFeature.MIDDLE,)
    # and the exit and extra-legroom rows are marked, and cost the most
    for number in layout["exit_rows"]:
        assert SeatFeature.EXIT_ROW in seats[f"{number}A"].features
        assert seats[f"{number}B"].price_minor == 2_500
    for number in layout["extra_legroom_rows"]:
        assert SeatFeature.EXTRA_LEGROOM in seats[f"{number}C"].features
    assert seats["20A"].price_minor == 1_200
    assert seats["20B"].price_minor == 800


async def test_free_seats_on_the_map_equal_the_seats_still_bookable(
    db: Database, a320_flight: int
) -> None:
    # given a flight with seats sold through other channels (no seat assignments)
    left = await bookable(db, a320_flight)
    # when its map is drawn twice
    first, second = await economy_of(db, a320_flight), await economy_of(db, a320_flight)
    # then exactly the bookable seats are free, and the same ones each time
    assert first.available == left
    assert first == second


async def test_an_assigned_seat_is_taken(
    db: Database, a320_flight: int, assign_seat: AssignSeat
) -> None:
    # given a free window seat on the map
    before = await economy_of(db, a320_flight)
    free = [d for d, s in seats_of(before).items() if s.available and d.endswith("A")]
    seat = free[0]
    # when a passenger is booked into it
    await assign_seat(a320_flight, seat)
    after = await economy_of(db, a320_flight)
    # then it is taken, and the map offers one seat fewer, as many as inventory can still sell
    assert seats_of(after)[seat].available is False
    assert after.available == before.available - 1 == await bookable(db, a320_flight)


async def test_business_seats_are_free_of_charge(db: Database, a320_flight: int) -> None:
    # when the business cabin of the A320neo is drawn
    found = await seat_map(
        flight_id=a320_flight, cabin=CabinClass.BUSINESS, db=db, currency="EUR", now=NOW
    )
    # then rows 1-4 `AC-DF` show, every seat included in the fare
    assert found is not None
    assert [row.number for row in found.rows] == [1, 2, 3, 4]
    assert {s.price_minor for row in found.rows for s in row.seats} == {0}
    assert found.available == await bookable(db, a320_flight, "BUSINESS")


async def test_a_cabin_the_aircraft_lacks_has_no_map(db: Database, a320_flight: int) -> None:
    # when the first-class map of an A320neo (business and economy only) is asked, then none
    assert (
        await seat_map(
            flight_id=a320_flight, cabin=CabinClass.FIRST, db=db, currency="EUR", now=NOW
        )
        is None
    )


async def test_an_unknown_flight_is_refused(db: Database, seeded: date) -> None:
    # when the map of a flight that does not exist is asked, then it is refused with a code
    with pytest.raises(SeatMapError) as refused:
        await seat_map(flight_id=10**12, db=db, currency="EUR", now=NOW)
    assert refused.value.code is SeatMapErrorCode.FLIGHT_NOT_FOUND


async def test_no_seat_can_be_chosen_once_the_flight_is_off_sale(
    db: Database, a320_flight: int
) -> None:
    # given a flight with free seats, as its seat map shows them an hour and a half before it
    # leaves
    departs = await db.pool.fetchval("SELECT departure_at FROM flight WHERE id = $1", a320_flight)
    before = await seat_map(
        flight_id=a320_flight, db=db, currency="EUR", now=departs - timedelta(minutes=90)
    )
    assert before is not None
    assert before.available == await bookable(db, a320_flight)
    # and a second before its sales close
    last = await seat_map(
        flight_id=a320_flight, db=db, currency="EUR", now=departs - timedelta(hours=1, seconds=1)
    )
    assert last is not None
    assert last.available == before.available
    # when its sales have closed (an hour before departure, to the second, and later)
    for now in (departs - timedelta(hours=1), departs + timedelta(hours=2)):
        after = await seat_map(flight_id=a320_flight, db=db, currency="EUR", now=now)
        # then the map still shows the cabin, with every seat taken
        assert after is not None
        assert after.available == 0
        assert len(seats_of(after)) == len(seats_of(before))
