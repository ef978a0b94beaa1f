"""The route map: which airport pairs have flights, how long they take and how far they are,
and when the schedule ends.

It changes only when the schedule does, so each process keeps it in memory; the search planner
reads it to probe only routes that exist. A map knows the schedule generation it was read at
(`schedule_generation`, bumped by the database whenever flights are added or moved), and is read
again when it is older than `ROUTE_MAP_TTL` seconds, when the process hears that the schedule
changed (the inventory watch's `*`), or when a search read a newer generation than the map's
(`data.search.service`): a route flown for the first time is searched at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

import asyncpg
import structlog

from data.zones import zone

if TYPE_CHECKING:
    from data.search.plan import Path, Windows

log = structlog.get_logger(__name__)

ROUTE_MAP_TTL = 600.0

ROUTES_SQL = """
SELECT origin_id, destination_id,
    (extract(epoch FROM min(arrival_at - departure_at)) / 60)::int,
    (extract(epoch FROM max(arrival_at - departure_at)) / 60)::int,
    min(distance_km), max(departure_at)
FROM flight GROUP BY origin_id, destination_id
"""

GENERATION_SQL = "SELECT value FROM schedule_generation"
ZONES_SQL = "SELECT id, time_zone FROM airport"


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
    last_day: date | None = None
    """The schedule's last day (the latest local day any flight leaves on, at its origin; None:
    not known): searches of later days are refused (`data.search.service.check_scheduled`).
    A local day, not an instant: the schedule runs to the same date at every airport, and an
    instant (the last flight west of the others) falls on the next date east of it."""
    generation: int = 0
    """The schedule generation read just before the routes: the map holds every route of it
    (and perhaps of later ones)."""
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
        """Read every route of the schedule (one aggregate over `flight`), and the generation
        it is at least as new as."""
        generation = await schedule_generation(conn)
        routes: dict[int, dict[int, Route]] = {}
        lasts: dict[int, datetime] = {}
        for origin, destination, shortest, longest, distance, leaves in await conn.fetch(
            ROUTES_SQL
        ):
            routes.setdefault(origin, {})[destination] = Route(shortest, longest, distance)
            lasts[origin] = max(lasts.get(origin, leaves), leaves)
        zones = {row[0]: row[1] for row in await conn.fetch(ZONES_SQL)}
        days = [leaves.astimezone(zone(zones[origin])).date() for origin, leaves in lasts.items()]
        return cls(routes, max(days, default=None), generation)


async def schedule_generation(conn: asyncpg.Pool | asyncpg.Connection) -> int:
    """The schedule generation now (0 on a database that never had one)."""
    return int(await conn.fetchval(GENERATION_SQL) or 0)


RELOAD_RETRY_SECONDS = 5.0
"""How long after a failed background reload the next one may start (Postgres is unwell: not
one per search)."""


class RouteCache:
    """This process's route map, loaded on first use, and again after `ttl` seconds, when a
    caller saw a newer schedule generation than the map's, or when the schedule may have
    changed: `schedule_changes` (a number that moves when the process hears so, the inventory
    watch's) has moved since the map was read (`behind`).

    A map behind is read again in the background (reading every route takes a while on a big
    schedule, and the watch also moves for bulk inventory changes), so most searches go on with
    it meanwhile. A caller whose answer depends on the latest routes (a search that found
    nothing, a fare calendar, the check of the schedule's end) asks with `current=True` and
    waits for the reload, as does one that read a newer generation than the map's."""

    def __init__(
        self, ttl: float = ROUTE_MAP_TTL, *, schedule_changes: Callable[[], int] | None = None
    ) -> None:
        self.ttl = ttl
        self.schedule_changes = schedule_changes
        self._map: RouteMap | None = None
        self._loaded_at = 0.0
        self._changes_at_load = 0
        self._lock = asyncio.Lock()
        self._refresh: asyncio.Task[None] | None = None
        self._failed_at = -math.inf
        self._closed = False

    @property
    def hears_changes(self) -> bool:
        """Whether the process hears of schedule changes (it has an inventory watch)."""
        return self.schedule_changes is not None

    @property
    def behind(self) -> bool:
        """Whether the process heard the schedule may have changed since the map was read."""
        heard = self.schedule_changes
        return heard is not None and heard() != self._changes_at_load

    def _fresh(self, ttl: float, generation: int, current: bool) -> RouteMap | None:
        known = self._map
        if known is None or time.monotonic() - self._loaded_at >= ttl:
            return None
        if known.generation < generation or (current and self.behind):
            return None
        return known

    async def get(
        self,
        pool: asyncpg.Pool,
        *,
        max_age: float | None = None,
        generation: int = 0,
        current: bool = False,
    ) -> RouteMap:
        """The route map, fresh within `ttl` (or `max_age` seconds, when shorter), of schedule
        `generation` at least, and, when `current`, read since the process last heard the
        schedule may have changed (else such a reload starts in the background)."""
        ttl = self.ttl if max_age is None else min(self.ttl, max_age)
        known = self._fresh(ttl, generation, current)
        if known is None:
            async with self._lock:  # one reload for all who found it stale meanwhile
                known = self._fresh(ttl, generation, current) or await self._load(pool)
        elif self.behind:
            self._reload_soon(pool)
        return known

    def _reload_soon(self, pool: asyncpg.Pool) -> None:
        under_way = self._refresh is not None and not self._refresh.done()
        failed_lately = time.monotonic() - self._failed_at < RELOAD_RETRY_SECONDS
        if not (under_way or failed_lately or self._closed):
            self._refresh = asyncio.create_task(self._reload(pool))

    async def _load(self, pool: asyncpg.Pool) -> RouteMap:
        changes = self.schedule_changes() if self.schedule_changes else 0
        known = self._map = await RouteMap.load(pool)
        self._loaded_at = time.monotonic()
        self._changes_at_load = changes  # as heard before the read: never too new
        return known

    async def _reload(self, pool: asyncpg.Pool) -> None:
        try:
            async with self._lock:
                if self.behind:  # (a caller may have read it meanwhile)
                    await self._load(pool)
        except Exception:  # the map in hand stays; a search after RELOAD_RETRY_SECONDS retries
            self._failed_at = time.monotonic()
            log.warning("route map reload failed", exc_info=True)

    async def refreshed(self) -> None:
        """Wait for a background reload under way, if any (it failing or being stopped too)."""
        if self._refresh is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(self._refresh)

    async def close(self) -> None:
        """Stop a background reload under way, and start no other (before the pool closes)."""
        self._closed = True
        if self._refresh is not None and not self._refresh.done():
            self._refresh.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresh
