"""Seeding a scratch database: empty start, reset, determinism, refusal when bookings exist."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
import pytest_asyncio

from data.db import Database
from data.seed import BookingsExist, is_seeded, seed_database

START = date(2026, 10, 23)
FLIGHTS_DIGEST = (
    "SELECT md5(string_agg(concat_ws(',', id, airline_id, flight_number, origin_id,"
    " destination_id, departure_at, arrival_at, aircraft_type_id), ';' ORDER BY id))"
    " || md5(string_agg(concat_ws(',', flight_id, cabin, sold), ';' ORDER BY flight_id, cabin))"
    " FROM flight JOIN flight_inventory ON flight_id = flight.id"
)


@pytest_asyncio.fixture(scope="module")
async def scratch_db(scratch_database_url: str) -> AsyncIterator[Database]:
    """The module's fresh database, connected."""
    db = await Database.connect(scratch_database_url, pool_size=2)
    yield db
    await db.close()


async def _digest(db: Database) -> str:
    async with db.pool.acquire() as conn:
        return str(await conn.fetchval(FLIGHTS_DIGEST))


async def test_an_empty_database_is_not_seeded_until_seed_runs(scratch_db: Database) -> None:
    assert not await is_seeded(scratch_db)
    report = await seed_database(scratch_db, days=1, start=START)
    assert await is_seeded(scratch_db)
    assert report.flights > 1_000
    assert report.seconds < 30


async def test_reset_with_the_same_seed_gives_the_same_rows(scratch_db: Database) -> None:
    # given a database seeded with seed 7
    await seed_database(scratch_db, days=1, seed=7, start=START, reset=True)
    first = await _digest(scratch_db)
    # when it is reset and seeded again with seed 7, then with seed 8
    await seed_database(scratch_db, days=1, seed=7, start=START, reset=True)
    again = await _digest(scratch_db)
    await seed_database(scratch_db, days=1, seed=8, start=START, reset=True)
    other = await _digest(scratch_db)
    # then seed 7 twice gives identical flights and inventory, seed 8 does not
    assert first == again
    assert other != first


async def test_new_rows_get_ids_after_the_seeded_ones(scratch_db: Database) -> None:
    await seed_database(scratch_db, days=1, start=START, reset=True)
    async with scratch_db.pool.acquire() as conn:
        last = await conn.fetchval("SELECT max(id) FROM flight")
        new_id = await conn.fetchval(
            "INSERT INTO flight (airline_id, flight_number, origin_id, destination_id,"
            " departure_at, arrival_at, aircraft_type_id, distance_km)"
            " SELECT airline_id, 9999, origin_id, destination_id, departure_at, arrival_at,"
            " aircraft_type_id, distance_km FROM flight WHERE id = 1 RETURNING id"
        )
        airport_id = await conn.fetchval(
            "INSERT INTO airport (iata_code, name, city, country_code, time_zone, latitude,"
            " longitude, is_hub, min_connection_minutes, min_connection_intl_minutes)"
            " VALUES ('ZZZ', 'Test Field', 'Nowhere', 'GB', 'Europe/London', 0, 0, false, 30, 45)"
            " RETURNING id"
        )
    assert new_id == last + 1
    assert airport_id == 61


async def test_reset_refuses_while_bookings_exist(scratch_db: Database) -> None:
    # given a seeded database with one booking
    await seed_database(scratch_db, days=1, start=START, reset=True)
    before = await _digest(scratch_db)
    async with scratch_db.pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO booking (reference, status, contact_email, fare_brand_id, cabin,"
            " currency, base_minor, tax_minor, total_minor, offer_snapshot)"
            " VALUES ('ABC123', 'CONFIRMED', 'a@example.com', 1, 'ECONOMY', 'EUR', 100, 0, 100,"
            " '{}'::jsonb)"
        )
    # when a reset is asked for, then it is refused and nothing changed
    with pytest.raises(BookingsExist, match="bookings"):
        await seed_database(scratch_db, days=1, start=START, reset=True)
    assert await _digest(scratch_db) == before
    async with scratch_db.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM booking") == 1
        await conn.execute("DELETE FROM booking")


async def test_a_reset_never_takes_inventory_versions_back(scratch_db: Database) -> None:
    # given a seeded schedule where seats have moved (versions bumped)
    await seed_database(scratch_db, days=1, start=START, reset=True)
    async with scratch_db.pool.acquire() as conn:
        await conn.execute("UPDATE flight_inventory SET version = version + 5 WHERE flight_id < 4")
        before = await conn.fetchval("SELECT max(version) FROM flight_inventory")
    # when the schedule is replaced (flight ids start again at 1)
    await seed_database(scratch_db, days=1, seed=8, start=START, reset=True)
    # then every new row's version is above any the old schedule had, so no search or calendar
    # cached before the reset matches the new flights' stamps (ids and version sums)
    async with scratch_db.pool.acquire() as conn:
        lowest = await conn.fetchval("SELECT min(version) FROM flight_inventory")
    assert lowest == before + 1
