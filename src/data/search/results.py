"""From legs to sorted offers: itineraries per slice, slice filters, prices per brand, combined
slices, price filter, sort with a stable tiebreak. Pure: no database, no clock of its own.

A multi-slice search combines each slice's best `SLICE_BEST[n]` itineraries (by the sort asked,
cheapest brand), later slices leaving at least `MIN_SLICE_GAP` after the one before lands. A
search returns at most `MAX_OFFERS` offers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from data.enums import CabinClass
from data.inventory.reads import Leg
from data.offers.pricing import segment_input
from data.pricing.catalog import brands_for
from data.pricing.fares import slice_totals
from data.pricing.types import SegmentInput
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
    itinerary: Itinerary
    ids: tuple[int, ...]
    """The flight ids of the itinerary."""
    prices: dict[str, tuple[int, int, int, int]]
    """brand code -> (base, tax, total, seats remaining)."""


def _slice_allowed(itinerary: Itinerary, rules_: OfferFilter, zone: ZoneInfo) -> bool:
    if rules_.max_stops is not None and len(itinerary) - 1 > rules_.max_stops:
        return False
    if rules_.airline_ids and any(leg.airline_id not in rules_.airline_ids for leg in itinerary):
        return False
    if rules_.depart_after is None and rules_.depart_before is None:
        return True
    local = itinerary[0].departure_at.astimezone(zone).time()
    if rules_.depart_after is not None and local < rules_.depart_after:
        return False
    return rules_.depart_before is None or local <= rules_.depart_before


def _price_slice(
    itineraries: Sequence[Itinerary], query: SearchQuery, now: datetime
) -> list[_Priced]:
    inputs: dict[int, SegmentInput] = {}
    brands = brands_for(query.cabin)
    passengers = query.passengers
    priced: list[_Priced] = []
    for itinerary in itineraries:
        segments = []
        for leg in itinerary:
            segment = inputs.get(leg.id)
            if segment is None:
                segment = inputs[leg.id] = segment_input(leg, query.cabin, now)
            segments.append(segment)
        totals = slice_totals(segments, brands, passengers)
        prices = {
            brand.code: total
            for brand, total in zip(brands, totals, strict=True)
            if total is not None
        }
        if prices:
            priced.append(_Priced(itinerary, tuple(leg.id for leg in itinerary), prices))
    return priced


def _minutes(itinerary: Itinerary) -> int:
    return int((itinerary[-1].arrival_at - itinerary[0].departure_at).total_seconds()) // 60


def _slice_rank(sort: OfferSort, item: _Priced) -> tuple[Any, ...]:
    cheapest = min(total for _, _, total, _ in item.prices.values())
    start = item.itinerary[0].departure_at
    ids = item.ids
    if sort is OfferSort.DURATION:
        return (_minutes(item.itinerary), cheapest, start, ids)
    if sort is OfferSort.DEPARTURE:
        return (start, cheapest, _minutes(item.itinerary), ids)
    return (cheapest, _minutes(item.itinerary), start, ids)


def _in_sequence(combo: Sequence[_Priced]) -> bool:
    return all(
        later.itinerary[0].departure_at >= earlier.itinerary[-1].arrival_at + rules.MIN_SLICE_GAP
        for earlier, later in itertools.pairwise(combo)
    )


def _combine(per_slice: list[list[_Priced]], cabin: CabinClass) -> list[OfferRow]:
    brands = brands_for(cabin)
    rows: list[OfferRow] = []
    if len(per_slice) == 1:  # one-way: an offer per itinerary and brand, nothing to combine
        for item in per_slice[0]:
            single: tuple[tuple[int, ...], ...] = (item.ids,)
            for brand in brands:
                price = item.prices.get(brand.code)
                if price is not None:
                    rows.append(OfferRow(single, brand.code, *price))
        return rows
    for combo in itertools.product(*per_slice):
        if not _in_sequence(combo):
            continue
        ids = tuple(item.ids for item in combo)
        for brand in brands:
            prices = [item.prices.get(brand.code) for item in combo]
            if any(p is None for p in prices):
                continue
            base = tax = total = 0
            seats = None
            for p in prices:
                assert p is not None
                base, tax, total = base + p[0], tax + p[1], total + p[2]
                seats = p[3] if seats is None else min(seats, p[3])
            assert seats is not None
            rows.append(OfferRow(ids, brand.code, base, tax, total, seats))
    return rows


def _sort_key(
    sort: OfferSort, legs: Mapping[int, Leg], ranks: Mapping[str, int]
) -> Callable[[OfferRow], tuple[Any, ...]]:
    def key(row: OfferRow) -> tuple[Any, ...]:
        minutes = 0
        for piece in row.slices:
            first, last = legs[piece[0]], legs[piece[-1]]
            minutes += int((last.arrival_at - first.departure_at).total_seconds()) // 60
        start = legs[row.slices[0][0]].departure_at
        tail = (row.slices, ranks[row.brand])
        if sort is OfferSort.DURATION:
            return (minutes, row.total_minor, start, *tail)
        if sort is OfferSort.DEPARTURE:
            return (start, row.total_minor, minutes, *tail)
        return (row.total_minor, minutes, start, *tail)

    return key


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
    per_slice: list[list[_Priced]] = []
    for slice_plan in plan.slices:
        legs = RouteLegs(leg for index, leg in rows if index == slice_plan.index)
        zone = ZoneInfo(slice_plan.query.origin.time_zone)
        itineraries = [
            itinerary
            for itinerary in build_itineraries(slice_plan, legs, airports, seats=seats)
            if _slice_allowed(itinerary, query.filter, zone)
            and all(leg.departure_at > now for leg in itinerary)
        ]
        priced = _price_slice(itineraries, query, now)
        if len(plan.slices) > 1:
            priced.sort(key=lambda item: _slice_rank(query.sort, item))
            priced = priced[: SLICE_BEST[len(plan.slices)]]
        per_slice.append(priced)
    offers = _combine(per_slice, query.cabin)
    cap = query.filter.max_price_minor
    if cap is not None:
        offers = [offer for offer in offers if offer.total_minor <= cap]
    used = {leg.id: leg for _, leg in rows}
    ranks = {brand.code: brand.rank for brand in brands_for(query.cabin)}
    offers.sort(key=_sort_key(query.sort, used, ranks))
    offers = offers[:MAX_OFFERS]
    flown = {leg_id for offer in offers for piece in offer.slices for leg_id in piece}
    return offers, {leg_id: used[leg_id] for leg_id in flown}
