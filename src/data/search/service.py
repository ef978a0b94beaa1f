"""searchFlights as a service: a Redis-cached result, checked against inventory versions.

A result is cached under the normalised search for `SEARCH_CACHE_TTL` seconds (written in the
background: `Cache.store_soon`), with the stamp (sum of versions, count) of every flight the search
read — sold out or not — and the schedule generation they were read at. The database bumps a
flight's version on every change of its seats or times, and the generation when flights are added or
moved (`data.inventory.stamps`), so a hit is served only when the stamp is unchanged: a seat that
moves on any of those flights, or a flight added to the schedule, makes the cached search stale at
once; so do the first flight of any offer going off sale, a booking class of an offered flight
closing by date (its price moves with no seat moving), and the end of the departure day at the
origin (the search is then of a past day). Versions never go back, not even across `seed --reset`
(which starts flight ids again). A search that read no flight is not cached: nothing would make it
stale when flights appear.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import orjson
import structlog

from data.cache import Cache
from data.db import Database
from data.enums import CabinClass
from data.inventory.reads import Leg, ReadLegs, fetch_legs
from data.inventory.stamps import InventoryStamp, stamp_checker
from data.offers.pricing import BRANDS_BY_CODE, PriceBasis, PricedOffer
from data.offers.sales import sales_close
from data.pricing.buckets import price_moves_by
from data.pricing.fares import pricing_second
from data.pricing.types import PassengerCounts
from data.search.deps import SearchDeps
from data.search.errors import SearchError, SearchErrorCode
from data.search.plan import SearchPlan, plan_search
from data.search.query import (
    MAX_DAYS_AHEAD,
    OfferSort,
    SearchQuery,
    SliceSpec,
    build_search_query,
)
from data.search.results import OFFER_IDS, OfferRow, assemble_offers
from data.search.routes import RouteMap, schedule_generation

log = structlog.get_logger(__name__)

SEARCH_CACHE_TTL = 300
CACHE_FORMAT = "s8"
"""Part of every key: bumped when a result's shape or what a search finds changes (s8: a trip
of several slices keeps the best of each slice that can be combined in order), so a deploy never
serves results of the old rules."""


class SearchResult:
    """Sorted offers of a search, the legs they fly, and the stamp that dates them.

    A result read back from Redis stays in its decoded JSON form until a page of it is shown:
    only the offers and legs of that page become objects.
    """

    def __init__(
        self,
        *,
        query: SearchQuery,
        offers: Sequence[Sequence[Any]],
        legs: dict[int, Any],
        stamp: InventoryStamp,
        priced_at: datetime,
        currency: str,
        stale_at: int | None,
    ) -> None:
        self.query = query
        self.rows = offers
        self.legs = legs
        self.stamp = stamp
        self.priced_at = priced_at
        self.currency = currency
        self.stale_at = stale_at
        """Unix seconds from which the result is stale though no seat moved: the first flight of
        an offer leaves, a booking class of an offered flight closes by date, or the departure
        day ends at the origin (see `stale_at`)."""

    @property
    def total(self) -> int:
        """How many offers the search found."""
        return len(self.rows)

    def leg(self, flight_id: int) -> Leg:
        """A leg of the result by flight id."""
        leg = self.legs[flight_id]
        if not isinstance(leg, Leg):
            leg = self.legs[flight_id] = Leg._make(leg)
        return leg

    def page(self, offset: int, limit: int) -> list[PricedOffer]:
        """Offers `offset` to `offset + limit`, in order."""
        second = pricing_second(self.priced_at)
        return [self._offer(row, second) for row in self.rows[offset : offset + limit]]

    def itinerary_count(self) -> int:
        """How many itineraries the search found: each is offered in one or more fare brands,
        so there are as many as `total` at most."""
        return len({itinerary_of(row) for row in self.rows})

    def price_basis(self) -> PriceBasis:
        """What its offers were priced from, to break an offer's price down by passenger type
        (`PriceBasis.passenger_lines`)."""
        query = self.query
        return PriceBasis(self.leg, query.cabin, query.passengers, pricing_second(self.priced_at))

    def airlines(self) -> list[tuple[int, int, int]]:
        """(airline id, itineraries found with a flight of it, itineraries it flies alone), most
        itineraries first, then by id: the choices a filter by airline has (which keeps the
        itineraries flown by the airlines chosen only). Each itinerary counts once, whatever its
        brands."""
        counts: Counter[int] = Counter()
        alone: Counter[int] = Counter()
        seen: set[tuple[tuple[int, ...], ...]] = set()
        for row in self.rows:
            itinerary = itinerary_of(row)
            if itinerary not in seen:
                seen.add(itinerary)
                flown = {self.leg(i).airline_id for piece in itinerary for i in piece}
                counts.update(flown)
                if len(flown) == 1:
                    alone.update(flown)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [(airline, count, alone[airline]) for airline, count in ranked]

    def place(self, index: int) -> SortKey:
        """The place in the list of the offer at `index` (what a page cursor carries)."""
        return sort_key(self.rows[index])

    def after(self, place: SortKey) -> int:
        """The index of the first offer that sorts after `place`. A page that follows a cursor
        starts there, so offers that have gone or moved meanwhile neither repeat nor skip the
        ones still in place."""
        return bisect_right(self.rows, place, key=sort_key)

    def _offer(self, row: Sequence[Any], priced_second: int) -> PricedOffer:
        _, _, _, slices, _, brand, base_minor, tax_minor, total_minor, seats_remaining = row
        return PricedOffer(
            slices=tuple(tuple(self.leg(i) for i in piece) for piece in slices),
            cabin=self.query.cabin,
            brand=BRANDS_BY_CODE[brand],
            passengers=self.query.passengers,
            currency=self.currency,
            base_minor=base_minor,
            tax_minor=tax_minor,
            total_minor=total_minor,
            seats_remaining=seats_remaining,
            priced_second=priced_second,
        )


SortKey = tuple[int, int, int, tuple[tuple[int, ...], ...], int]
"""An offer's place in its list: the first five values of its row (sort values, flight ids per
slice, brand rank)."""


def sort_key(row: Sequence[Any]) -> SortKey:
    """The place of an offer row, as tuples (a row read back from Redis holds lists)."""
    return (row[0], row[1], row[2], itinerary_of(row), row[4])


def itinerary_of(row: Sequence[Any]) -> tuple[tuple[int, ...], ...]:
    """The flight ids per slice of an offer row, as tuples (a row read back from Redis holds
    lists): what its fare brands share."""
    return tuple(tuple(piece) for piece in row[OFFER_IDS])


def _cache_key(cache: Cache, query: SearchQuery, currency: str) -> str:
    digest = hashlib.blake2b(f"{query.cache_key()}|{currency}".encode(), digest_size=16)
    return cache.key("search", CACHE_FORMAT, digest.hexdigest())


def _encode(result: SearchResult) -> bytes:
    legs = [tuple(leg) for leg in result.legs.values()]
    stamp = result.stamp
    return orjson.dumps(
        {
            "at": result.priced_at.timestamp(),
            "stamp": [stamp.flight_ids, stamp.version_sum, stamp.schedule],
            "legs": legs,
            "offers": result.rows,
            "stale_at": result.stale_at,
        }
    )


def _decode(raw: bytes, query: SearchQuery, currency: str) -> SearchResult:
    data = orjson.loads(raw)
    ids, version_sum, schedule = data["stamp"]
    return SearchResult(
        query=query,
        offers=data["offers"],
        legs={row[0]: row for row in data["legs"]},
        stamp=InventoryStamp(query.cabin.value, tuple(ids), version_sum, schedule),
        priced_at=datetime.fromtimestamp(data["at"], UTC),
        currency=currency,
        stale_at=data["stale_at"],
    )


async def _cached(
    key: str, query: SearchQuery, *, db: Database, cache: Cache, now: datetime, currency: str
) -> SearchResult | None:
    raw = await cache.fetch(key)
    if raw is None:
        return None
    try:
        result = _decode(raw, query, currency)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        log.warning("cached search unreadable", key=key, error=repr(error))
        return None
    age = (now - result.priced_at).total_seconds()
    if not 0 <= age <= SEARCH_CACHE_TTL:
        return None
    if result.stale_at is not None and result.stale_at <= now.timestamp():
        return None  # an offer's flight has left, or its price moved with time
    return result if await stamp_checker(db.pool).is_current(result.stamp) else None


async def search_offers(query: SearchQuery, *, deps: SearchDeps) -> SearchResult:
    """Every offer of a validated search, sorted; from Redis while its flights are unchanged."""
    db, cache, directory, currency = deps.db, deps.cache, deps.directory, deps.currency
    now = deps.clock.now()
    key = _cache_key(cache, query, currency)
    cached = await _cached(key, query, db=db, cache=cache, now=now, currency=currency)
    if cached is not None:
        return cached
    plan, (rows, schedule) = await _plan_and_read(query, deps)
    offers, legs = assemble_offers(query, plan, rows, airports=directory.airports, now=now)
    versions = {leg.id: leg.version for _, leg in rows}
    result = SearchResult(
        query=query,
        offers=offers,
        legs=legs,
        stamp=InventoryStamp(
            query.cabin.value, tuple(versions), sum(versions.values()), schedule or 0
        ),
        priced_at=now,
        currency=currency,
        stale_at=stale_at(query, offers, legs, now),
    )
    if versions:  # a search that read no flight has no stamp to go stale by: not kept
        cache.store_soon(key, _encode(result), ttl_seconds=SEARCH_CACHE_TTL)
    return result


async def _plan_and_read(query: SearchQuery, deps: SearchDeps) -> tuple[SearchPlan, ReadLegs]:
    """The search's plan on this process's route map, and the legs its probes read, made again
    on a newer map when the one in hand may lack a route the schedule has now, so a route flown
    for the first time is searched at once and no result is cached under a generation whose
    routes it did not probe:
    - the legs were read at a newer schedule generation than the map's;
    - or nothing was read (and nothing is cached), and the process heard the schedule may have
      changed since the map was read (its inventory watch's `*`), or, with no watch, the
      schedule's generation is newer than the map's."""
    pool, cabin, routes = deps.db.pool, query.cabin.value, deps.routes
    known = await routes.get(pool)
    plan = plan_search(query, routes=known, directory=deps.directory)
    read = await fetch_legs(pool, plan.probes, cabin)
    generation, current = 0, False
    if read.legs:
        generation = read.schedule or 0
    elif routes.hears_changes:
        current = routes.behind
    else:
        generation = await schedule_generation(pool)
    if generation <= known.generation and not current:
        return plan, read
    fresh = await routes.get(pool, generation=generation, current=current)
    plan = plan_search(query, routes=fresh, directory=deps.directory)
    return plan, await fetch_legs(pool, plan.probes, cabin)


SCHEDULE_RECHECK_SECONDS = 30.0
"""How old a route map may be before a search it would refuse as after the schedule reads the
schedule's end again (a new schedule may have been loaded since)."""


async def ensure_scheduled(query: SearchQuery, deps: SearchDeps) -> None:
    """`check_scheduled` against this process's route map, read again first when it is older
    than `SCHEDULE_RECHECK_SECONDS` and would refuse the search."""
    try:
        check_scheduled(query, await deps.routes.get(deps.db.pool))
    except SearchError:
        fresher = await deps.routes.get(
            deps.db.pool, max_age=SCHEDULE_RECHECK_SECONDS, current=True
        )
        check_scheduled(query, fresher)


async def last_scheduled_day(deps: SearchDeps) -> date | None:
    """The schedule's last local departure date, the same at every airport (None before any
    flight is loaded): a search of a later day is refused (`check_scheduled`)."""
    return (await deps.routes.get(deps.db.pool)).last_day


async def nearest_limit(error: SearchError, deps: SearchDeps) -> SearchError:
    """A date too far ahead (`DATE_TOO_FAR`) with the schedule's end as its last date when that
    comes first, so the last date the error names is one a search can have."""
    if error.code is not SearchErrorCode.DATE_TOO_FAR:
        return error
    last = await last_scheduled_day(deps)
    if last is None or last >= date.fromisoformat(error.details["lastDate"]):
        return error
    return SearchError(
        error.code,
        f"No flights are on sale after {last.isoformat()} yet (and none more than"
        f" {MAX_DAYS_AHEAD} days ahead): the last date is {last.isoformat()}.",
        error.field,
        {"lastDate": last.isoformat()},
    )


def check_scheduled(query: SearchQuery, routes: RouteMap) -> None:
    """Refuse a slice on a day after the schedule's last day (`DATE_NOT_SCHEDULED`): no flight
    is on sale then, which an empty list would not say. (For a customer's search; a search made
    for them, like a calendar day's, just finds nothing.)"""
    last = routes.last_day
    if last is None:
        return
    for index, piece in enumerate(query.slices):
        if piece.day > last:
            raise SearchError(
                SearchErrorCode.DATE_NOT_SCHEDULED,
                f"No flights are on sale after {last.isoformat()} yet: the schedule ends there."
                " Choose an earlier date.",
                f"slices.{index}.departureDate",
                {"lastDate": last.isoformat()},
            )


def stale_at(
    query: SearchQuery, offers: Sequence[OfferRow], legs: dict[int, Leg], now: datetime
) -> int:
    """When a search's offers stop being what a new search would find, though no seat moved: the
    sales of the first flight of an offer close (`data.offers.sales`), a booking class of an
    offered flight closes by date, or the departure day ends at the origin (from then on the
    search is of a past day)."""
    day_ends = int(query.slices[0].departure_window()[1].timestamp())
    firsts = {row[OFFER_IDS][0][0] for row in offers}
    latest = min([day_ends, *(sales_close(legs[flight_id].departs) for flight_id in firsts)])
    return price_moves_by(
        query.cabin.value,
        (leg.departs for leg in legs.values()),
        pricing_second(now),
        at_latest=latest,
    )


async def cheapest_offer(
    *,
    origin: str,
    destination: str,
    day: date,
    cabin: CabinClass = CabinClass.ECONOMY,
    passengers: PassengerCounts | None = None,
    max_connections: int = 1,
    deps: SearchDeps,
) -> PricedOffer | None:
    """The cheapest offer from `origin` to `destination` (IATA codes) leaving on local `day`.

    None when nothing flies or everything is sold out; raises `SearchError` for bad input (a
    past day, an unknown airport). Served from the search cache like any search.
    """
    party = passengers or PassengerCounts()
    query = build_search_query(
        slices=[SliceSpec(origin, destination, day)],
        adults=party.adults,
        children=party.children,
        infants=party.infants,
        cabin=cabin,
        max_connections=max_connections,
        sort=OfferSort.PRICE,
        directory=deps.directory,
        now=deps.clock.now(),
    )
    result = await search_offers(query, deps=deps)
    return next(iter(result.page(0, 1)), None)
