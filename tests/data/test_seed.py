"""The seeded tables (shared seed fixture): airports, fleet, capacity, connections, fare brands."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from data.enums import CabinClass
from data.reference.airports import REQUIRED_AIRPORTS
from data.reference.fleet import RESERVED_CARRIER_CODES
from data.seed import AlreadySeeded, is_seeded, seed_database
from skyport import migrate
from tests.data.conftest import SEEDED_DAYS, SeededDatabase

ONE_STOP = """
SELECT v.iata_code AS via, f1.arrival_at, f2.departure_at,
       v.min_connection_intl_minutes AS mct
FROM flight f1
JOIN airport a ON a.id = f1.origin_id
JOIN airport v ON v.id = f1.destination_id
JOIN flight f2 ON f2.origin_id = f1.destination_id
JOIN airport b ON b.id = f2.destination_id
WHERE a.iata_code = $1 AND b.iata_code = $2
  AND (f1.departure_at AT TIME ZONE a.time_zone)::date = $3
  AND f2.departure_at >= f1.arrival_at + make_interval(mins => v.min_connection_intl_minutes)
  AND f2.departure_at <= f1.arrival_at + interval '12 hours'
ORDER BY f2.arrival_at
"""


async def test_report_counts_what_was_loaded(seeded_db: SeededDatabase) -> None:
    report = seeded_db.report
    async with seeded_db.db.pool.acquire() as conn:
        flights = await conn.fetchval("SELECT count(*) FROM flight")
        inventory = await conn.fetchval("SELECT count(*) FROM flight_inventory")
        airports = await conn.fetchval("SELECT count(*) FROM airport")
    assert (report.flights, report.inventory_rows, report.airports) == (
        flights,
        inventory,
        airports,
    )
    assert report.airports == 60
    assert report.flights > 1_000 * SEEDED_DAYS
    assert await is_seeded(seeded_db.db)


async def test_required_airports_are_there_in_their_time_zones(seeded_db: SeededDatabase) -> None:
    async with seeded_db.db.pool.acquire() as conn:
        rows = await conn.fetch("SELECT iata_code, time_zone, icao_code FROM airport")
    zones = {r["iata_code"]: r["time_zone"] for r in rows}
    assert set(REQUIRED_AIRPORTS) <= zones.keys()
    assert zones["LHR"] == "Europe/London"
    assert zones["HND"] == "Asia/Tokyo"
    assert zones["AKL"] == "Pacific/Auckland"
    assert all(ZoneInfo(zone) for zone in zones.values())
    assert all(r["icao_code"] and len(r["icao_code"]) == 4 for r in rows)


async def test_airlines_are_fictional_and_based_at_hubs(seeded_db: SeededDatabase) -> None:
    async with seeded_db.db.pool.acquire() as conn:
        rows = await conn.fetch(
            "SELECT al.iata_code, ap.is_hub FROM airline al JOIN airport ap"
            " ON ap.id = al.hub_airport_id"
        )
        off_hub = await conn.fetchval(
            "SELECT count(*) FROM flight f JOIN airline al ON al.id = f.airline_id"
            " WHERE al.hub_airport_id NOT IN (f.origin_id, f.destination_id)"
        )
    assert len(rows) >= 3
    assert all(r["is_hub"] for r in rows)
    assert not {r["iata_code"] for r in rows} & RESERVED_CARRIER_CODES
    assert off_hub == 0  # hub and spoke: every flight starts or ends at its airline's hub


async def test_no_flight_is_longer_than_its_aircrafts_range(seeded_db: SeededDatabase) -> None:
    async with seeded_db.db.pool.acquire() as conn:
        too_far = await conn.fetchval(
            "SELECT count(*) FROM flight f JOIN aircraft_type t ON t.id = f.aircraft_type_id"
            " WHERE f.distance_km > t.range_km"
        )
        types_flown = await conn.fetchval("SELECT count(DISTINCT aircraft_type_id) FROM flight")
    assert too_far == 0
    assert types_flown >= 5


async def test_inventory_capacity_is_the_cabin_layout_capacity(seeded_db: SeededDatabase) -> None:
    async with seeded_db.db.pool.acquire() as conn:
        mismatched = await conn.fetchval(
            """
            SELECT count(*) FROM flight f
            JOIN cabin_layout c ON c.aircraft_type_id = f.aircraft_type_id
            FULL JOIN flight_inventory i ON i.flight_id = f.id AND i.cabin = c.cabin
            WHERE i.flight_id IS NULL OR c.cabin IS NULL
               OR i.capacity <> (c.last_row - c.first_row + 1)
                                * length(replace(c.seat_letters, '-', ''))
            """
        )
        stock = await conn.fetchrow(
            "SELECT bool_and(sold <= capacity) AS fits, bool_and(held = 0 AND version = 0)"
            " AS fresh, count(DISTINCT sold) AS levels FROM flight_inventory"
        )
        cabins = await conn.fetch(
            "SELECT aircraft_type_id, count(*) AS n FROM cabin_layout GROUP BY 1"
        )
    assert mismatched == 0
    assert stock is not None
    assert stock["fits"]
    assert stock["fresh"]
    assert stock["levels"] > 50  # other channels sold different amounts, so prices vary
    assert all(2 <= r["n"] <= 4 for r in cabins)


async def test_long_haul_pairs_need_one_stop_with_a_sensible_layover(
    seeded_db: SeededDatabase,
) -> None:
    async with seeded_db.db.pool.acquire() as conn:
        for origin, destination in (("LHR", "SYD"), ("JFK", "SIN"), ("CDG", "AKL")):
            direct = await conn.fetchval(
                "SELECT count(*) FROM flight f JOIN airport a ON a.id = f.origin_id"
                " JOIN airport b ON b.id = f.destination_id"
                " WHERE a.iata_code = $1 AND b.iata_code = $2",
                origin,
                destination,
            )
            assert direct == 0, f"{origin}-{destination} is flown non-stop"
            for offset in range(SEEDED_DAYS - 1):
                day = seeded_db.start + timedelta(days=offset)
                options = await conn.fetch(ONE_STOP, origin, destination, day)
                assert options, f"no one-stop {origin}-{destination} leaving {day}"
                for option in options:
                    layover = option["departure_at"] - option["arrival_at"]
                    assert timedelta(hours=1) <= layover <= timedelta(hours=12)
                    assert layover >= timedelta(minutes=option["mct"])


async def test_flight_numbers_are_unique_per_airline_and_local_day(
    seeded_db: SeededDatabase,
) -> None:
    async with seeded_db.db.pool.acquire() as conn:
        repeated = await conn.fetchval(
            "SELECT count(*) FROM (SELECT 1 FROM flight f JOIN airport a ON a.id = f.origin_id"
            " GROUP BY f.airline_id, f.flight_number,"
            " (f.departure_at AT TIME ZONE a.time_zone)::date HAVING count(*) > 1) AS twice"
        )
    assert repeated == 0


async def test_fare_brands_grow_dearer_with_flexibility(seeded_db: SeededDatabase) -> None:
    async with seeded_db.db.pool.acquire() as conn:
        rows = await conn.fetch("SELECT * FROM fare_brand ORDER BY cabin, rank")
    by_cabin: dict[str, list[int]] = {}
    for row in rows:
        by_cabin.setdefault(row["cabin"], []).append(row["multiplier_bp"])
    assert set(by_cabin) == {str(c) for c in CabinClass}
    assert all(1 <= len(m) <= 3 and m == sorted(set(m)) for m in by_cabin.values())
    light = next(r for r in rows if r["code"] == "ECONOMY_LIGHT")
    assert (light["checked_bags"], light["refundable"], light["changeable"]) == (0, False, False)


async def test_seeding_again_without_reset_raises_already_seeded(
    seeded_db: SeededDatabase,
) -> None:
    with pytest.raises(AlreadySeeded, match="reset=True"):
        await seed_database(seeded_db.db, days=1, start=seeded_db.start)
    assert await is_seeded(seeded_db.db)


async def test_seeded_schema_still_matches_the_migrations(seeded_db: SeededDatabase) -> None:
    # the loader drops and rebuilds foreign keys and indexes around COPY; nothing may drift
    await asyncio.to_thread(migrate.check, seeded_db.url)
    async with seeded_db.db.pool.acquire() as conn:
        indexes = {
            r["indexname"]
            for r in await conn.fetch("SELECT indexname FROM pg_indexes WHERE tablename = 'flight'")
        }
        unvalidated = await conn.fetchval(
            "SELECT count(*) FROM pg_constraint WHERE NOT convalidated"
        )
    assert {"ix_flight_origin_departure", "ix_flight_destination_departure"} <= indexes
    assert unvalidated == 0
