"""The route map: which airport pairs have flights, how long they take and how far they are,
and when the schedule ends.

It changes only when the schedule does, so each process keeps it in memory and reloads it after
`ROUTE_MAP_TTL` seconds; the search planner reads it to probe only routes that exist.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import asyncpg

if TYPE_CHECKING:
    from data.search.plan import Path, Windows

ROUTE_MAP_TTL = 600.0

ROUTES_SQL = """
SELECT origin_id, destination_id,
    (extract(epoch FROM min(arrival_at - departure_at)) / 60)::int,
    (extract(epoch FROM max(arrival_at - departure_at)) / 60)::int,
    min(distance_km), max(departure_at)
FROM flight GROUP BY origin_id, destination_id
"""


@dataclass(frozen=True, slots=True)
class Route:
    """A served airport pair: shortest and longest block time, and its distance."""

    min_minutes: int
    max_minutes: int
    distance_km: int


@dataclass
class RouteMap:
    """Routes by origin, and by destination."""

    routes: dict[int, dict[int, Route]]
    last_departure: datetime | None = None
    """When the schedule's last flight leaves (None: not known); searches of later days are
    refused (`data.search.service.check_scheduled`)."""
    into: dict[int, dict[int, Route]] = field(init=False)
    """Routes arriving at each airport, by origin."""
    paths: dict[tuple[int, int, int], tuple[tuple[Path, ...], Windows]] = field(
        init=False, default_factory=dict
    )
    """The planner's memo per (origin, destination, connections): candidate paths and the
    route windows they read (`data.search.plan.candidate_paths`)."""

    def __post_init__(self) -> None:
        self.into = {}
        for origin, destinations in self.routes.items():
            for destination, route in destinations.items():
                self.into.setdefault(destination, {})[origin] = route

    def outbound(self, origin: int) -> dict[int, Route]:
        """Routes leaving `origin`, by destination."""
        return self.routes.get(origin, {})

    def routes_into(self, destination: int) -> dict[int, Route]:
        """Routes arriving at `destination`, by origin."""
        return self.into.get(destination, {})

    def route(self, origin: int, destination: int) -> Route | None:
        """The route between two airports, if one is flown."""
        return self.routes.get(origin, {}).get(destination)

    @classmethod
    async def load(cls, conn: asyncpg.Pool | asyncpg.Connection) -> RouteMap:
        """Read every route of the schedule (one aggregate over `flight`)."""
        routes: dict[int, dict[int, Route]] = {}
        last: datetime | None = None
        for origin, destination, shortest, longest, distance, leaves in await conn.fetch(
            ROUTES_SQL
        ):
            routes.setdefault(origin, {})[destination] = Route(shortest, longest, distance)
            last = leaves if last is None else max(last, leaves)
        return cls(routes, last)


class RouteCache:
    """This process's route map, loaded on first use and again after `ttl` seconds."""

    def __init__(self, ttl: float = ROUTE_MAP_TTL) -> None:
        self.ttl = ttl
        self._map: RouteMap | None = None
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()

    async def get(self, pool: asyncpg.Pool, *, max_age: float | None = None) -> RouteMap:
        """The route map, fresh within `ttl` (or `max_age` seconds, when shorter)."""
        ttl = self.ttl if max_age is None else min(self.ttl, max_age)
        if self._map is not None and time.monotonic() - self._loaded_at < ttl:
            return self._map
        async with self._lock:
            if self._map is None or time.monotonic() - self._loaded_at >= ttl:
                self._map = await RouteMap.load(pool)
                self._loaded_at = time.monotonic()
        return self._map

    def clear(self) -> None:
        """Forget the map (after a re-seed)."""
        self._map = None
