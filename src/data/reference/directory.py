"""The reference directory: airports, airlines and aircraft held in memory for fast lookups.

The tables are small (hundreds of rows) and change only when the schedule is re-seeded, so every
process loads them once at start-up; `airport_by_id` and friends never touch the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg
import orjson

from data.cache import Cache
from data.reference.matching import RANKING, AirportMatcher, Match, normalise, typed_as_code

AUTOCOMPLETE_TTL_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class AirportRecord:
    """An airport as the API shows it."""

    id: int
    iata_code: str
    name: str
    city: str
    country_code: str
    time_zone: str
    latitude: float
    longitude: float
    is_hub: bool
    min_connection_minutes: int
    min_connection_intl_minutes: int


@dataclass(frozen=True, slots=True)
class AirlineRecord:
    """An airline as the API shows it."""

    id: int
    iata_code: str
    name: str


@dataclass(frozen=True, slots=True)
class AircraftRecord:
    """An aircraft type as the API shows it."""

    id: int
    code: str
    name: str


class ReferenceDirectory:
    """In-memory airports, airlines and aircraft types, with airport autocomplete."""

    def __init__(
        self,
        airports: Iterable[AirportRecord],
        airlines: Iterable[AirlineRecord],
        aircraft: Iterable[AircraftRecord],
    ) -> None:
        self.airports = {a.id: a for a in airports}
        self.airports_by_code = {a.iata_code: a for a in self.airports.values()}
        self.airlines = {a.id: a for a in airlines}
        self.airlines_by_code = {a.iata_code: a for a in self.airlines.values()}
        self.aircraft = {a.id: a for a in aircraft}
        self.matcher = AirportMatcher(self.airports.values())
        # (what ranks them: another seed's ids, names or hubs give other answers)
        ranked = sorted(
            (a.id, a.iata_code, a.city, a.name, a.is_hub) for a in self.airports.values()
        )
        self.fingerprint = hashlib.blake2b(repr(ranked).encode(), digest_size=6).hexdigest()

    @classmethod
    async def load(cls, pool: asyncpg.Pool) -> ReferenceDirectory:
        """Read the reference tables once."""
        async with pool.acquire() as conn:
            airports = await conn.fetch(
                "SELECT id, iata_code, name, city, country_code, time_zone, latitude, longitude,"
                " is_hub, min_connection_minutes, min_connection_intl_minutes FROM airport"
            )
            airlines = await conn.fetch("SELECT id, iata_code, name FROM airline")
            aircraft = await conn.fetch("SELECT id, code, name FROM aircraft_type")
        return cls(
            (AirportRecord(*row) for row in airports),
            (AirlineRecord(*row) for row in airlines),
            (AircraftRecord(*row) for row in aircraft),
        )

    async def match_airports_cached(
        self, cache: Cache, text: str, *, first: int = 10
    ) -> list[Match]:
        """`AirportMatcher.matches` through a shared Redis cache (an hour; keyed by the airport
        set)."""
        written = "code" if typed_as_code(text) else "text"  # (MAN and man rank otherwise)
        words = ",".join(normalise(part) for part in text.split(","))  # ("london, uk" too)
        key = cache.key("airports", RANKING, self.fingerprint, first, written, words)
        hit = await cache.fetch(key)
        if hit is not None:
            try:
                found = orjson.loads(hit)
                return [Match(self.airports[i], plain) for i, plain in found if i in self.airports]
            except (orjson.JSONDecodeError, TypeError, ValueError):  # computed again below
                pass
        matches = self.matcher.matches(text, first=first)
        stored = orjson.dumps([(match.airport.id, match.plain) for match in matches])
        cache.store_soon(key, stored, ttl_seconds=AUTOCOMPLETE_TTL_SECONDS)
        return matches
