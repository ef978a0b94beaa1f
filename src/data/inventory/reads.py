"""Hot reads of flights and their cabin inventory (asyncpg rows, no ORM objects)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NamedTuple

import asyncpg


class Leg(NamedTuple):
    """One flight with the inventory of one cabin: what search, pricing and offers work on.

    Times are Unix seconds (UTC): searching compares and subtracts them by the thousand, which
    integers do several times faster than datetimes. `departure_at` and `arrival_at` give them
    as aware datetimes for what is shown.
    """

    id: int
    airline_id: int
    flight_number: int
    origin_id: int
    destination_id: int
    departs: int
    arrives: int
    aircraft_type_id: int
    distance_km: int
    cabin: str
    capacity: int
    sold: int
    held: int
    version: int

    @property
    def available(self) -> int:
        """Seats neither sold nor held."""
        return self.capacity - self.sold - self.held

    @property
    def departure_at(self) -> datetime:
        """Departure as an aware UTC datetime."""
        return datetime.fromtimestamp(self.departs, UTC)

    @property
    def arrival_at(self) -> datetime:
        """Arrival as an aware UTC datetime."""
        return datetime.fromtimestamp(self.arrives, UTC)

    @property
    def block_minutes(self) -> int:
        """Arrival minus departure, in whole minutes."""
        return (self.arrives - self.departs) // 60


class Probe(NamedTuple):
    """Flights of one route leaving inside a UTC window, wanted for slice `slice_index`."""

    slice_index: int
    origin_id: int
    destination_id: int
    earliest: datetime
    latest: datetime


# Schedules are whole minutes, so the epoch seconds are exact.
_LEG_COLUMNS = (
    "f.id, f.airline_id, f.flight_number, f.origin_id, f.destination_id,"
    " extract(epoch FROM f.departure_at)::bigint, extract(epoch FROM f.arrival_at)::bigint,"
    " f.aircraft_type_id, f.distance_km, i.cabin, i.capacity, i.sold, i.held, i.version"
)

LEGS_SQL = f"""
SELECT p.slice_index, (SELECT value FROM schedule_generation), {_LEG_COLUMNS}
FROM unnest($1::int[], $2::int[], $3::int[], $4::timestamptz[], $5::timestamptz[])
    AS p(slice_index, origin_id, destination_id, earliest, latest)
JOIN flight f ON f.origin_id = p.origin_id AND f.destination_id = p.destination_id
    AND f.departure_at >= p.earliest AND f.departure_at < p.latest
JOIN flight_inventory i ON i.flight_id = f.id AND i.cabin = $6
"""
"""The search SQL: every flight (sold out or not) of the probed routes and windows, one cabin,
with the schedule generation it read them at (the same on every row: one statement, one
snapshot).

Each probe is an index range scan on `ix_flight_route_departure`; the bare benchmark endpoint
runs this statement with the probes of `data.search.plan.plan_search`.
"""

LEGS_BY_ID_SQL = f"""
SELECT {_LEG_COLUMNS}
FROM flight f JOIN flight_inventory i ON i.flight_id = f.id AND i.cabin = $2
WHERE f.id = ANY($1::bigint[])
"""


class ReadLegs(NamedTuple):
    """What the probes of a search found, and when."""

    legs: list[tuple[int, Leg]]
    """(slice index, leg) for every flight the probes match, in no particular order."""
    schedule: int | None
    """The `schedule_generation` they were read at (None when no flight matched)."""


async def fetch_legs(
    conn: asyncpg.Connection | asyncpg.Pool, probes: Sequence[Probe], cabin: str
) -> ReadLegs:
    """Every flight the probes match, with the schedule generation read in the same snapshot."""
    if not probes:
        return ReadLegs([], None)
    columns = list(zip(*probes, strict=True))
    rows = await conn.fetch(LEGS_SQL, *columns, cabin)
    make = Leg._make
    return ReadLegs([(row[0], make(row[2:])) for row in rows], rows[0][1] if rows else None)


async def fetch_legs_by_id(
    conn: asyncpg.Connection | asyncpg.Pool, flight_ids: Sequence[int], cabin: str
) -> dict[int, Leg]:
    """The flights among `flight_ids` that exist, with their `cabin` inventory, by id."""
    rows = await conn.fetch(LEGS_BY_ID_SQL, list(flight_ids), cabin)
    return {row[0]: Leg._make(row) for row in rows}


FLIGHT_CABINS_SQL = f"""
SELECT {_LEG_COLUMNS}
FROM flight f JOIN flight_inventory i ON i.flight_id = f.id
WHERE f.id = ANY($1::bigint[])
"""


async def fetch_flight_cabins(
    conn: asyncpg.Connection | asyncpg.Pool, flight_ids: Sequence[int]
) -> dict[int, dict[str, Leg]]:
    """Every cabin of each flight among `flight_ids` that exists: flight id -> cabin -> leg."""
    flights: dict[int, dict[str, Leg]] = {}
    for row in await conn.fetch(FLIGHT_CABINS_SQL, list(flight_ids)):
        leg = Leg._make(row)
        flights.setdefault(leg.id, {})[leg.cabin] = leg
    return flights
