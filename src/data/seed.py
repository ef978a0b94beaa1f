"""Seed a database with real airports, fictional airlines, a generated schedule and fare brands."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Literal

from data.db import Database
from data.pricing.catalog import FARE_BRANDS
from data.schedule import loader
from data.schedule.generator import build_network, generate_schedule

DEFAULT_DAYS: dict[str, int] = {"demo": 60, "large": 14}


class SeedError(Exception):
    """The seed cannot run against this database as asked."""


class AlreadySeeded(SeedError):
    """The database already holds a network; seeding again needs `reset=True`."""

    def __init__(self) -> None:
        super().__init__(
            "the database already holds airports, fare brands or flights; "
            "pass reset=True to replace the reference data and the schedule"
        )


class BookingsExist(SeedError):
    """A reset would delete flights that bookings point at."""

    def __init__(self) -> None:
        super().__init__(
            "refusing to reset: the database holds bookings on the seeded flights; "
            "reset a database without bookings, or drop it and start afresh"
        )


@dataclass(frozen=True, slots=True)
class SeedReport:
    """What a seed loaded and how long it took."""

    airports: int
    airlines: int
    aircraft_types: int
    fare_brands: int
    flights: int
    inventory_rows: int
    seconds: float


async def is_seeded(db: Database) -> bool:
    """Whether the database already holds flights."""
    async with db.pool.acquire() as conn:
        return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM flight)"))


async def seed_database(
    db: Database,
    *,
    scale: Literal["demo", "large"] = "demo",
    days: int | None = None,
    seed: int = 7,
    start: date,
    reset: bool = False,
) -> SeedReport:
    """Load the network at `scale` and `days` dates of flights from `start` (60 demo, 14 large).

    One transaction: a failed seed leaves the database as it was. Raises `AlreadySeeded` when
    the network is already there and `reset` is false, `BookingsExist` when a reset would
    delete flights that bookings point at.
    """
    began = time.perf_counter()
    day_count = DEFAULT_DAYS[scale] if days is None else days
    if day_count < 1:
        raise ValueError(f"days must be at least 1, not {day_count}")
    network = build_network(scale)
    flights = inventory_rows = 0
    async with db.pool.acquire() as conn, conn.transaction():
        await conn.execute("LOCK TABLE booking, airport, flight IN SHARE ROW EXCLUSIVE MODE")
        present = await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM airport) OR EXISTS (SELECT 1 FROM flight)"
            " OR EXISTS (SELECT 1 FROM fare_brand)"
        )
        if present and not reset:
            raise AlreadySeeded()
        version = 0
        if reset:
            if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM booking)"):
                raise BookingsExist()
            # Flight ids start again at 1; versions must not, or a search or calendar cached
            # before the reset would match the new flights' stamps (ids and version sums).
            version = await conn.fetchval(
                "SELECT coalesce(max(version) + 1, 0) FROM flight_inventory"
            )
            await loader.truncate_seed_tables(conn)
        await loader.copy_reference(conn, network)
        async with loader.bulk_load(conn, ("flight", "flight_inventory")):
            schedule = generate_schedule(
                network, start=start, days=day_count, seed=seed, version=version
            )
            for day in schedule:
                await loader.copy_day(conn, day)
                flights += len(day.flights)
                inventory_rows += len(day.inventory)
        await loader.fix_sequences(conn)
    async with db.pool.acquire() as conn:
        await loader.analyze(conn)
    return SeedReport(
        airports=len(network.airports),
        airlines=len(network.airlines),
        aircraft_types=len(network.aircraft),
        fare_brands=len(FARE_BRANDS),
        flights=flights,
        inventory_rows=inventory_rows,
        seconds=round(time.perf_counter() - began, 3),
    )
