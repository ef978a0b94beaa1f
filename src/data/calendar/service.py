"""fareCalendar as a service: the lowest one-adult price per day, cached per route and month.

A day's price is the total (fare and taxes) of the cheapest offer a one-adult search of that day
finds in the cabin's cheapest brand, direct or with one connection (searchFlights' default
`maxConnections`), so the calendar and the results page agree. Past days, days beyond the
bookable range and days without flights have no price.

The month is cached in Redis, each day with the inventory stamp it was priced at
(`data.calendar.stamps`). A request stamps the month in one statement and re-prices only the
days whose stamp moved, whose price is older than `CALENDAR_TTL`, whose priced flight has left,
or one of whose priced flights has had a booking class close by date (`DayPrice.stale_at`): a
seat that changes on any flight a day's search reads shows at once, and so does a fare rising
with time. A month the process answered lately comes back from memory, with no statement, while
the inventory watch heard no change to its flights (`data.calendar.memo`).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import orjson
import structlog

from data.cache import Cache
from data.calendar.memo import CalendarMemo
from data.calendar.month import CalendarRequest, calendar_request
from data.calendar.stamps import Stamp, day_probes, day_stamps
from data.enums import CabinClass
from data.inventory.reads import Probe
from data.offers.sales import sales_close
from data.pricing.buckets import price_moves_by
from data.pricing.fares import pricing_second
from data.reference.directory import ReferenceDirectory
from data.search.deps import SearchDeps
from data.search.errors import SearchError
from data.search.routes import RouteMap
from data.search.service import SEARCH_CACHE_TTL, cheapest_offer

log = structlog.get_logger(__name__)

CALENDAR_TTL = SEARCH_CACHE_TTL
CALENDAR_CONNECTIONS = 1
"""Connections a day's itineraries may make unless the caller asks otherwise."""
CACHE_FORMAT = "c4"
"""Part of every key; c4: keys hold the connections."""


class DayPrice(NamedTuple):
    """One adult's lowest total on a day, and when it goes stale though no seat moves."""

    lowest_minor: int
    stale_at: int
    """Unix seconds: the first flight of that offer leaves, or a booking class of one of its
    flights closes by date (its price moves)."""


DayPricer = Callable[[date], Awaitable[DayPrice | None]]
"""The lowest price on a local departure day, or None when nothing can be sold."""


class CalendarDay(NamedTuple):
    """One day of the calendar and its lowest price in minor units (None: nothing to sell)."""

    day: date
    lowest_minor: int | None


@dataclass(frozen=True, slots=True)
class FareCalendar:
    """Every day of a month on a route, in order, priced in `currency`."""

    request: CalendarRequest
    currency: str
    days: tuple[CalendarDay, ...]


class _Entry(NamedTuple):
    lowest_minor: int | None
    version_sum: int
    rows: int
    priced_at: float
    stale_at: int | None


def _what(request: CalendarRequest, currency: str) -> tuple[str, ...]:
    """What makes one calendar another: route, month, cabin, connections, currency."""
    return (
        request.origin.iata_code,
        request.destination.iata_code,
        f"{request.month:%Y-%m}",
        request.cabin.value,
        str(request.connections),
        currency,
    )


def _cache_key(cache: Cache, request: CalendarRequest, currency: str) -> str:
    return cache.key("calendar", CACHE_FORMAT, *_what(request, currency))


async def _load(cache: Cache, key: str) -> dict[str, _Entry]:
    raw = await cache.fetch(key)
    if raw is None:
        return {}
    try:
        data: dict[str, Any] = orjson.loads(raw)
        return {day: _Entry(*entry) for day, entry in data.items()}
    except (orjson.JSONDecodeError, AttributeError, TypeError) as error:
        log.warning("cached calendar unreadable", key=key, error=repr(error))
        return {}


def _is_current(entry: _Entry | None, stamp: Stamp, now: datetime) -> bool:
    if entry is None or (entry.version_sum, entry.rows) != stamp:
        return False
    if entry.stale_at is not None and entry.stale_at <= now.timestamp():
        return False  # the flight of that price has left
    return 0 <= now.timestamp() - entry.priced_at <= CALENDAR_TTL


def search_pricer(request: CalendarRequest, *, deps: SearchDeps) -> DayPricer:
    """Days priced by search's cheapest offer (one adult, the request's cabin and connections)."""

    async def price(day: date) -> DayPrice | None:
        try:
            offer = await cheapest_offer(
                origin=request.origin.iata_code,
                destination=request.destination.iata_code,
                day=day,
                cabin=request.cabin,
                max_connections=request.connections,
                deps=deps,
            )
        except SearchError:  # e.g. local midnight passed since the month was read: no sale
            return None
        if offer is None:
            return None
        stale_at = price_moves_by(
            request.cabin.value,
            (leg.departs for piece in offer.slices for leg in piece),
            pricing_second(deps.clock.now()),
            # then the offer's first flight is no longer sold
            at_latest=sales_close(offer.slices[0][0].departs),
        )
        return DayPrice(offer.total_minor, stale_at)

    return price


async def fare_calendar(
    *,
    origin: str,
    destination: str,
    month: str,
    cabin: CabinClass = CabinClass.ECONOMY,
    connections: int = CALENDAR_CONNECTIONS,
    deps: SearchDeps,
    pricer: DayPricer | None = None,
    memo: CalendarMemo[FareCalendar] | None = None,
) -> FareCalendar:
    """The lowest price per day of `month` (YYYY-MM), of itineraries with at most `connections`
    connections; raises `CalendarError` for bad input. With a `memo`, a month answered lately
    is answered again from memory while it is current."""
    db, cache, directory, currency = deps.db, deps.cache, deps.directory, deps.currency
    now = deps.clock.now()
    request = calendar_request(
        origin=origin,
        destination=destination,
        month=month,
        cabin=cabin,
        directory=directory,
        now=now,
        connections=connections,
    )
    memo_key = _memo_key(request, currency)
    if memo is not None:
        remembered = memo.get(memo_key, now.timestamp())
        if remembered is not None:
            return remembered
    token = None if memo is None else memo.token()  # before anything is read
    # (a month is kept in memory under the token: its probes must be of a route map read since
    # the process last heard the schedule change, or a new route would be missing from it)
    probes = _probes(request, await deps.routes.get(db.pool, current=True), directory, now)
    key = _cache_key(cache, request, currency)
    (stamps, flight_ids), cached = await asyncio.gather(
        day_stamps(db.pool, probes, cabin.value), _load(cache, key)
    )
    entries = {day: cached.get(day.isoformat()) for day in stamps}
    stale = [
        day
        for day, stamp in stamps.items()
        if stamp[1] > 0 and not _is_current(entries[day], stamp, now)
    ]
    if stale:
        price = pricer or search_pricer(request, deps=deps)
        entries |= await _reprice(stale, stamps, price, deps.calendar_gate, now)
        stored = {day.isoformat(): tuple(e) for day, e in entries.items() if e is not None}
        cache.store_soon(key, orjson.dumps(stored), ttl_seconds=CALENDAR_TTL)
    answer, until = _assemble(request, currency, entries, stamps)
    if memo is not None:
        memo.keep(
            memo_key,
            answer,
            token=token,
            flight_ids=flight_ids,
            until=until,
            now=now.timestamp(),
        )
    return answer


def _memo_key(request: CalendarRequest, currency: str) -> tuple[str, ...]:
    """What a remembered month is kept under (today at the origin too: a new day starts anew)."""
    return (*_what(request, currency), request.today.isoformat())


def _probes(
    request: CalendarRequest, routes: RouteMap, directory: ReferenceDirectory, now: datetime
) -> dict[date, tuple[Probe, ...]]:
    """The route windows each sellable day's search reads (the days' stamps read the same)."""
    return {
        day: day_probes(
            origin=request.origin.iata_code,
            destination=request.destination.iata_code,
            day=day,
            cabin=request.cabin,
            connections=request.connections,
            routes=routes,
            directory=directory,
            now=now,
        )
        for day in request.days
        if request.is_sellable(day)
    }


async def _reprice(
    days: list[date],
    stamps: dict[date, Stamp],
    price: DayPricer,
    gate: asyncio.Semaphore,
    now: datetime,
) -> dict[date, _Entry]:
    """Fresh entries for `days`, priced through the process's calendar `gate` (shared by every
    request of the process), stamped as read and dated `now` (when the request began)."""

    async def priced(day: date) -> DayPrice | None:
        async with gate:
            return await price(day)

    entries = {}
    for day, found in zip(days, await asyncio.gather(*map(priced, days)), strict=True):
        amount, stale_at = found if found is not None else (None, None)
        entries[day] = _Entry(amount, *stamps[day], now.timestamp(), stale_at)
    return entries


def _assemble(
    request: CalendarRequest,
    currency: str,
    entries: dict[date, _Entry | None],
    stamps: dict[date, Stamp],
) -> tuple[FareCalendar, float]:
    """The month, a day priced where its flights sell, and when the first price shown goes
    stale (see `DayPrice.stale_at`, and `CALENDAR_TTL`)."""
    days = []
    until = math.inf
    for day in request.days:
        entry = entries.get(day)
        if entry is not None and day in stamps and stamps[day][1] > 0:
            days.append(CalendarDay(day, entry.lowest_minor))
            until = min(until, entry.priced_at + CALENDAR_TTL)
            if entry.stale_at is not None:
                until = min(until, entry.stale_at)
        else:
            days.append(CalendarDay(day, None))
    return FareCalendar(request=request, currency=currency, days=tuple(days)), until
