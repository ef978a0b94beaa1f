"""From legs to sorted offers: itineraries per slice, slice filters, prices per brand, combined
slices, price filter, sort with a stable tiebreak. Pure: no database, no clock of its own.

A multi-slice search combines each slice's best `SLICE_BEST[n]` itineraries (by the sort asked,
cheapest brand), later slices leaving at least `MIN_SLICE_GAP` after the one before lands. A
search returns at most `MAX_OFFERS` offers.

Each flight is quoted once per search (`quote_segment`, every brand at once) and itineraries add
their flights' quotes up, so pricing costs a few additions per itinerary.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from data.inventory.reads import Leg
from data.offers.pricing import segment_input
from data.pricing.catalog import FareBrandSpec, brands_for
from data.pricing.fares import SegmentQuote, pricing_second, quote_segment, quoted_slice_totals
from data.reference.directory import AirportRecord
from data.search import rules
from data.search.itineraries import Itinerary, RouteLegs, build_itineraries
from data.search.plan import SearchPlan
from data.search.query import OfferFilter, OfferSort, SearchQuery

MAX_OFFERS = 500
SLICE_BEST = {1: MAX_OFFERS, 2: 12, 3: 6, 4: 4}


class OfferRow(NamedTuple):
    """One offer of a result: flight ids per slice, brand code and the price for the party."""

    slices: tuple[tuple[int, ...], ...]
    brand: str
    base_minor: int
    tax_minor: int
    total_minor: int
    seats_remaining: int


class _Priced(NamedTuple):
    """An itinerary of one slice with its price in every brand of the cabin."""

    ids: tuple[int, ...]
    """The flight ids of the itinerary."""
    totals: list[tuple[int, int, int, int]]
    """Per brand of the cabin, in rank order: (base, tax, total, seats remaining)."""
    cheapest: int
    departs: int
    arrives: int
    minutes: int


def _slice_allowed(itinerary: Itinerary, rules_: OfferFilter, zone: ZoneInfo) -> bool:
    if rules_.max_stops is not None and len(itinerary) - 1 > rules_.max_stops:
        return False
    if rules_.airline_ids and any(leg.airline_id not in rules_.airline_ids for leg in itinerary):
        return False
    if rules_.depart_after is None and rules_.depart_before is None:
        return True
    local = datetime.fromtimestamp(itinerary[0].departs, zone).time()
    if rules_.depart_after is not None and local < rules_.depart_after:
        return False
    return rules_.depart_before is None or local <= rules_.depart_before


def _price_slice(
    itineraries: Sequence[Itinerary],
    query: SearchQuery,
    brands: Sequence[FareBrandSpec],
    now_second: int,
) -> list[_Priced]:
    quotes: dict[int, SegmentQuote] = {}
    cabin, passengers = query.cabin, query.passengers
    priced: list[_Priced] = []
    for itinerary in itineraries:
        quoted = []
        for leg in itinerary:
            quote = quotes.get(leg.id)
            if quote is None:
                segment = segment_input(leg, cabin, now_second)
                quote = quotes[leg.id] = quote_segment(segment, brands, passengers)
            quoted.append(quote)
        totals = quoted_slice_totals(quoted, passengers)
        if totals is None:
            continue
        first, last = itinerary[0], itinerary[-1]
        priced.append(
            _Priced(
                tuple(leg.id for leg in itinerary),
                totals,
                min(total for _, _, total, _ in totals),
                first.departs,
                last.arrives,
                (last.arrives - first.departs) // 60,
            )
        )
    return priced


def _slice_rank(sort: OfferSort, item: _Priced) -> tuple[Any, ...]:
    if sort is OfferSort.DURATION:
        return (item.minutes, item.cheapest, item.departs, item.ids)
    if sort is OfferSort.DEPARTURE:
        return (item.departs, item.cheapest, item.minutes, item.ids)
    return (item.cheapest, item.minutes, item.departs, item.ids)


def _in_sequence(combo: Sequence[_Priced]) -> bool:
    return all(
        later.departs >= earlier.arrives + rules.MIN_SLICE_GAP_SECONDS
        for earlier, later in itertools.pairwise(combo)
    )


def _offer_key(
    sort: OfferSort, total: int, minutes: int, departs: int, tail: tuple[Any, ...]
) -> tuple[Any, ...]:
    """The sort key of an offer; `tail` (flight ids per slice, brand rank) breaks ties."""
    if sort is OfferSort.DURATION:
        return (minutes, total, departs, *tail)
    if sort is OfferSort.DEPARTURE:
        return (departs, total, minutes, *tail)
    return (total, minutes, departs, *tail)


def _combine(
    per_slice: list[list[_Priced]],
    brands: Sequence[FareBrandSpec],
    sort: OfferSort,
    cap: int | None,
) -> list[tuple[tuple[Any, ...], OfferRow]]:
    """(sort key, offer) for every combination of slices and brand, under the price cap."""
    keyed: list[tuple[tuple[Any, ...], OfferRow]] = []
    if len(per_slice) == 1:  # one-way: an offer per itinerary and brand, nothing to combine
        for item in per_slice[0]:
            single = (item.ids,)
            for brand, price in zip(brands, item.totals, strict=True):
                total = price[2]
                if cap is not None and total > cap:
                    continue
                key = _offer_key(sort, total, item.minutes, item.departs, (single, brand.rank))
                keyed.append((key, OfferRow(single, brand.code, *price)))
        return keyed
    for combo in itertools.product(*per_slice):
        if not _in_sequence(combo):
            continue
        ids = tuple(item.ids for item in combo)
        minutes = sum(item.minutes for item in combo)
        departs = combo[0].departs
        for index, brand in enumerate(brands):
            prices = [item.totals[index] for item in combo]
            base = sum(price[0] for price in prices)
            tax = sum(price[1] for price in prices)
            total = sum(price[2] for price in prices)
            if cap is not None and total > cap:
                continue
            seats = min(price[3] for price in prices)
            key = _offer_key(sort, total, minutes, departs, (ids, brand.rank))
            keyed.append((key, OfferRow(ids, brand.code, base, tax, total, seats)))
    return keyed


def assemble_offers(
    query: SearchQuery,
    plan: SearchPlan,
    rows: Sequence[tuple[int, Leg]],
    *,
    airports: Mapping[int, AirportRecord],
    now: datetime,
) -> tuple[list[OfferRow], dict[int, Leg]]:
    """Sorted offers (at most `MAX_OFFERS`) and the legs they fly, from the plan's legs."""
    seats = query.passengers.seated
    brands = brands_for(query.cabin)
    now_ts, now_second = now.timestamp(), pricing_second(now)
    per_slice: list[list[_Priced]] = []
    for slice_plan in plan.slices:
        legs = RouteLegs(leg for index, leg in rows if index == slice_plan.index)
        zone = ZoneInfo(slice_plan.query.origin.time_zone)
        itineraries = [
            itinerary
            for itinerary in build_itineraries(slice_plan, legs, airports, seats=seats)
            if _slice_allowed(itinerary, query.filter, zone)
            and all(leg.departs > now_ts for leg in itinerary)
        ]
        priced = _price_slice(itineraries, query, brands, now_second)
        if len(plan.slices) > 1:
            priced.sort(key=lambda item: _slice_rank(query.sort, item))
            priced = priced[: SLICE_BEST[len(plan.slices)]]
        per_slice.append(priced)
    keyed = _combine(per_slice, brands, query.sort, query.filter.max_price_minor)
    keyed.sort(key=itemgetter(0))
    offers = [offer for _, offer in keyed[:MAX_OFFERS]]
    used = {leg.id: leg for _, leg in rows}
    flown = {leg_id for offer in offers for piece in offer.slices for leg_id in piece}
    return offers, {leg_id: used[leg_id] for leg_id in flown}
