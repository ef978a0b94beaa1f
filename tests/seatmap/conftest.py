"""Seeded flights to draw seat maps of, and a way to give one of their seats to a passenger."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date

import pytest_asyncio

from data.db import Database

AssignSeat = Callable[[int, str], Awaitable[None]]


async def flight_of(db: Database, aircraft_code: str) -> int:
    """The first seeded flight flown by this aircraft type that leaves a day or more from now
    (still on sale: once sales close, a map has no seat to choose)."""
    flight_id = await db.pool.fetchval(
        "SELECT f.id FROM flight f JOIN aircraft_type t ON t.id = f.aircraft_type_id"
        " WHERE t.code = $1 AND f.departure_at > now() + interval '1 day' ORDER BY f.id LIMIT 1",
        aircraft_code,
    )
    assert isinstance(flight_id, int)
    return flight_id


@pytest_asyncio.fixture
async def a320_flight(db: Database, seeded: date) -> int:
    """A flight of an A320neo: business rows 1-4 `AC-DF`, economy rows 5-30 `ABC-DEF`."""
    return await flight_of(db, "A20N")


@pytest_asyncio.fixture
async def assign_seat(db: Database) -> AsyncIterator[AssignSeat]:
    """Book one passenger into a seat the way a booking does (one more seat sold, the seat
    assigned); the booking is removed and the seat count restored afterwards."""
    undo: list[tuple[int, int, str]] = []

    async def assign(flight_id: int, seat: str) -> None:
        async with db.pool.acquire() as conn, conn.transaction():
            booking_id = await conn.fetchval(
                "INSERT INTO booking (reference, status, contact_email, fare_brand_id, cabin,"
                " currency, base_minor, tax_minor, total_minor, offer_snapshot)"
                " VALUES ($1, 'CONFIRMED', 'seat@example.com', 1, 'ECONOMY', 'EUR', 10000, 2000,"
                " 12000, '{}'::jsonb) RETURNING id",
                "SM" + secrets.token_hex(2).upper(),
            )
            passenger_id = await conn.fetchval(
                "INSERT INTO passenger (booking_id, position, type, given_name, family_name,"
                " born_on) VALUES ($1, 0, 'ADULT', 'Ada', 'Lovelace', '1990-12-10') RETURNING id",
                booking_id,
            )
            await conn.execute(
                "INSERT INTO booking_segment (booking_id, flight_id, cabin, slice_index,"
                " segment_index) VALUES ($1, $2, 'ECONOMY', 0, 0)",
                booking_id,
                flight_id,
            )
            await conn.execute(
                "INSERT INTO seat_assignment"
                " (booking_id, passenger_id, flight_id, seat, price_minor)"
                " VALUES ($1, $2, $3, $4, 0)",
                booking_id,
                passenger_id,
                flight_id,
                seat,
            )
            await conn.execute(
                "UPDATE flight_inventory SET sold = sold + 1"
                " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
                flight_id,
            )
        undo.append((booking_id, flight_id, seat))

    yield assign
    for booking_id, flight_id, _ in undo:
        async with db.pool.acquire() as conn, conn.transaction():
            await conn.execute("DELETE FROM booking WHERE id = $1", booking_id)
            await conn.execute(
                "UPDATE flight_inventory SET sold = sold - 1"
                " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
                flight_id,
            )
