"""Bulk loading of the generated network and schedule with COPY, on one asyncpg connection."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, TypeAlias

from data.pricing.catalog import FARE_BRANDS
from data.schedule.generator import FLIGHT_COLUMNS, INVENTORY_COLUMNS, DaySchedule, Network

SEED_TABLES = (
    "flight_inventory",
    "flight",
    "cabin_layout",
    "aircraft_type",
    "airline",
    "airport",
    "fare_brand",
)
"""Tables the seed owns, children first."""

if TYPE_CHECKING:
    import asyncpg
    from asyncpg.pool import PoolConnectionProxy

    Conn: TypeAlias = asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]

_SERIAL_TABLES = ("airport", "airline", "aircraft_type", "fare_brand", "flight")


async def truncate_seed_tables(conn: Conn) -> None:
    """Empty the reference, schedule and fare tables and restart their ids.

    CASCADE also empties tables pointing at them (bookings); callers check those are empty first.
    """
    await conn.execute(f"TRUNCATE {', '.join(SEED_TABLES)} RESTART IDENTITY CASCADE")


async def copy_reference(conn: Conn, network: Network) -> None:
    """Load airports, airlines, aircraft types with their cabins, and the fare brands."""
    airport_id = {a.iata_code: i for i, a in enumerate(network.airports, start=1)}
    await _copy(
        conn,
        "airport",
        (
            "id",
            "iata_code",
            "icao_code",
            "name",
            "city",
            "country_code",
            "time_zone",
            "latitude",
            "longitude",
            "is_hub",
            "min_connection_minutes",
            "min_connection_intl_minutes",
        ),
        (
            (
                airport_id[a.iata_code],
                a.iata_code,
                a.icao_code,
                a.name,
                a.city,
                a.country_code,
                a.time_zone,
                a.latitude,
                a.longitude,
                a.is_hub,
                a.min_connection_minutes,
                a.min_connection_intl_minutes,
            )
            for a in network.airports
        ),
    )
    country = {a.iata_code: a.country_code for a in network.airports}
    await _copy(
        conn,
        "airline",
        ("id", "iata_code", "name", "country_code", "hub_airport_id"),
        (
            (i, a.iata_code, a.name, country[a.hub], airport_id[a.hub])
            for i, a in enumerate(network.airlines, start=1)
        ),
    )
    await _copy(
        conn,
        "aircraft_type",
        ("id", "code", "name", "range_km", "cruise_kmh"),
        (
            (i, a.code, a.name, a.range_km, a.cruise_kmh)
            for i, a in enumerate(network.aircraft, start=1)
        ),
    )
    await _copy(
        conn,
        "cabin_layout",
        (
            "aircraft_type_id",
            "cabin",
            "first_row",
            "last_row",
            "seat_letters",
            "exit_rows",
            "extra_legroom_rows",
            "pitch_inches",
        ),
        (
            (
                i,
                str(c.cabin),
                c.first_row,
                c.last_row,
                c.seat_letters,
                list(c.exit_rows),
                list(c.extra_legroom_rows),
                c.pitch_inches,
            )
            for i, a in enumerate(network.aircraft, start=1)
            for c in a.cabins
        ),
    )
    await _copy(
        conn,
        "fare_brand",
        (
            "id",
            "code",
            "name",
            "cabin",
            "rank",
            "refundable",
            "changeable",
            "change_fee_minor",
            "checked_bags",
            "seat_selection_included",
            "multiplier_bp",
        ),
        (
            (
                i,
                b.code,
                b.name,
                str(b.cabin),
                b.rank,
                b.refundable,
                b.changeable,
                b.change_fee_minor,
                b.checked_bags,
                b.seat_selection_included,
                b.multiplier_bp,
            )
            for i, b in enumerate(FARE_BRANDS, start=1)
        ),
    )


async def copy_day(conn: Conn, day: DaySchedule) -> None:
    """Load one date's flights, then their inventory."""
    await conn.copy_records_to_table("flight", records=day.flights, columns=FLIGHT_COLUMNS)
    await conn.copy_records_to_table(
        "flight_inventory", records=day.inventory, columns=INVENTORY_COLUMNS
    )


@asynccontextmanager
async def bulk_load(conn: Conn, tables: tuple[str, ...]) -> AsyncIterator[None]:
    """Drop the foreign keys and plain indexes of empty `tables`, then rebuild them afterwards.

    Checking a foreign key per copied row, and growing an index row by row, cost about three
    times the COPY itself; one validating join and one index build per table are much cheaper.
    Definitions come from the catalogue, so the rebuilt schema is exactly the migrated one.
    """
    foreign_keys = await conn.fetch(
        "SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def"
        " FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[])"
        " ORDER BY conname",
        list(tables),
    )
    indexes = await conn.fetch(
        "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def"
        " FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid"
        " WHERE i.indrelid = ANY($1::regclass[]) AND c.oid IS NULL ORDER BY 1",
        list(tables),
    )
    for fk in foreign_keys:
        await conn.execute(f'ALTER TABLE {fk["tbl"]} DROP CONSTRAINT "{fk["conname"]}"')
    for index in indexes:
        await conn.execute(f"DROP INDEX {index['name']}")
    yield
    for index in indexes:
        await conn.execute(index["def"])
    for fk in foreign_keys:
        await conn.execute(f'ALTER TABLE {fk["tbl"]} ADD CONSTRAINT "{fk["conname"]}" {fk["def"]}')


async def fix_sequences(conn: Conn) -> None:
    """Move each id sequence past the pre-assigned ids, so later inserts do not collide."""
    for table in _SERIAL_TABLES:
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
        )


async def analyze(conn: Conn) -> None:
    """Refresh planner statistics of the seeded tables (the planner needs them for search)."""
    await conn.execute(f"ANALYZE {', '.join(SEED_TABLES)}")


async def _copy(
    conn: Conn,
    table: str,
    columns: tuple[str, ...],
    rows: Iterable[tuple[object, ...]],
) -> None:
    await conn.copy_records_to_table(table, records=list(rows), columns=columns)
