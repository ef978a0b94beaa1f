"""The database keeps the cache stamps: which statements bump the schedule generation, which
bump inventory versions, and which leave both alone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest_asyncio

from data.db import Database


async def generation(db: Database) -> int:
    value = await db.pool.fetchval("SELECT value FROM schedule_generation")
    assert isinstance(value, int)
    return value


async def versions(db: Database, flight_id: int) -> list[int]:
    rows = await db.pool.fetch(
        "SELECT version FROM flight_inventory WHERE flight_id = $1 ORDER BY cabin", flight_id
    )
    return [row[0] for row in rows]


@pytest_asyncio.fixture
async def flight(db: Database, seeded: date) -> AsyncIterator[int]:
    """A seeded flight, put back as it was afterwards."""
    flight_id = await db.pool.fetchval("SELECT id FROM flight ORDER BY id DESC LIMIT 1")
    before = await db.pool.fetchrow(
        "SELECT departure_at, arrival_at FROM flight WHERE id = $1", flight_id
    )
    yield flight_id
    await db.pool.execute(
        "UPDATE flight SET departure_at = $2, arrival_at = $3 WHERE id = $1", flight_id, *before
    )


async def test_statements_that_change_nothing_bump_nothing(db: Database, flight: int) -> None:
    # given the generation and the flight's inventory versions now
    before, kept = await generation(db), await versions(db, flight)
    # when statements run that change no schedule column and add no inventory
    await db.pool.execute("UPDATE flight SET departure_at = departure_at WHERE id = $1", flight)
    await db.pool.execute("UPDATE flight SET departure_at = departure_at WHERE id = -1")
    await db.pool.execute("INSERT INTO flight_inventory SELECT * FROM flight_inventory WHERE false")
    # then neither the generation nor any version moved (no cache goes stale for nothing)
    assert await generation(db) == before
    assert await versions(db, flight) == kept


async def test_re_timing_flights_bumps_their_versions_and_the_generation_once(
    db: Database, flight: int
) -> None:
    # given the generation and the flight's inventory versions now
    before, kept = await generation(db), await versions(db, flight)
    # when one statement re-times the flight
    await db.pool.execute(
        "UPDATE flight SET departure_at = departure_at + interval '5 minutes',"
        " arrival_at = arrival_at + interval '5 minutes' WHERE id = $1",
        flight,
    )
    # then each of its cabins' versions went up by one, and the generation once
    assert await versions(db, flight) == [version + 1 for version in kept]
    assert await generation(db) == before + 1


async def test_a_seat_change_bumps_the_version_whoever_writes_it(db: Database, flight: int) -> None:
    kept = await versions(db, flight)
    # when a statement moves a seat without touching the version, and one that bumps it itself
    statement = "UPDATE flight_inventory SET held = held + $2 {} WHERE flight_id = $1"
    await db.pool.execute(statement.format(""), flight, 1)
    await db.pool.execute(statement.format(", version = version + 1"), flight, -1)
    # then every cabin's version went up once per statement, never twice for one
    assert await versions(db, flight) == [version + 2 for version in kept]
