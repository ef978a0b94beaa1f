"""From legs to sorted offers: itineraries per slice, slice filters, prices per brand, combined
slices, price filter, sort with a stable tiebreak. Pure: no database, no clock of its own.

A multi-slice search combines each slice's best `SLICE_BEST[n]` itineraries (by the sort asked,
cheapest brand), later slices leaving at least `MIN_SLICE_GAP` after the one before lands. A
search returns at most `MAX_OFFERS` offers.

Offers are sorted one by one (by their own price for PRICE), or, when the search groups brands,
itinerary by itinerary: an itinerary ranks by its cheapest brand and its brands follow each other
from the most basic up (the `MAX_OFFERS` cap never splits one).

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
from data.zones import zone

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
        ids = (first.id,) if len(itinerary) == 1 else tuple([leg.id for leg in itinerary])
        cheapest = min([total for _, _, total, _ in totals])
        departs, arrives = first.departs, last.arrives
        priced.append(_Priced(ids, totals, cheapest, departs, arrives, (arrives - departs) // 60))
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


class _Combiner:
    """Offers with their sort keys, each itinerary (or combination of slices) at a time."""

    def __init__(self, query: SearchQuery) -> None:
        self.sort = query.sort
        self.cap = query.filter.max_price_minor
        self.grouped = query.group_brands
        self.keyed: list[tuple[tuple[Any, ...], OfferRow]] = []

    def add(
        self,
        ids: tuple[tuple[int, ...], ...],
        minutes: int,
        departs: int,
        prices: Sequence[tuple[FareBrandSpec, tuple[int, int, int, int]]],
    ) -> None:
        """The offers of one itinerary: a price per brand, kept under the price cap."""
        cap = self.cap
        if cap is not None:
            prices = [(brand, price) for brand, price in prices if price[2] <= cap]
        cheapest = min(price[2] for _, price in prices) if self.grouped and prices else 0
        for brand, price in prices:
            total = cheapest if self.grouped else price[2]
            key = _offer_key(self.sort, total, minutes, departs, (ids, brand.rank))
            self.keyed.append((key, OfferRow(ids, brand.code, *price)))


def _combine(
    per_slice: list[list[_Priced]], brands: Sequence[FareBrandSpec], query: SearchQuery
) -> list[tuple[tuple[Any, ...], OfferRow]]:
    """(sort key, offer) for every combination of slices and brand, under the price cap."""
    combiner = _Combiner(query)
    if len(per_slice) == 1:  # one-way: an offer per itinerary and brand, nothing to combine
        for item in per_slice[0]:
            prices = list(zip(brands, item.totals, strict=True))
            combiner.add((item.ids,), item.minutes, item.departs, prices)
        return combiner.keyed
    for combo in itertools.product(*per_slice):
        if not _in_sequence(combo):
            continue
        prices = []
        for index, brand in enumerate(brands):
            parts = [item.totals[index] for item in combo]
            base = sum(part[0] for part in parts)
            tax = sum(part[1] for part in parts)
            seats = min(part[3] for part in parts)
            prices.append((brand, (base, tax, base + tax, seats)))
        ids = tuple(item.ids for item in combo)
        minutes = sum(item.minutes for item in combo)
        combiner.add(ids, minutes, combo[0].departs, prices)
    return combiner.keyed


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
        local = zone(slice_plan.query.origin.time_zone)
        itineraries = [
            itinerary
            for itinerary in build_itineraries(slice_plan, legs, airports, seats=seats)
            if _slice_allowed(itinerary, query.filter, local)
            and all(leg.departs > now_ts for leg in itinerary)
        ]
        priced = _price_slice(itineraries, query, brands, now_second)
        if len(plan.slices) > 1:
            priced.sort(key=lambda item: _slice_rank(query.sort, item))
            priced = priced[: SLICE_BEST[len(plan.slices)]]
        per_slice.append(priced)
    keyed = _combine(per_slice, brands, query)
    keyed.sort(key=itemgetter(0))
    offers = [offer for _, offer in keyed[:MAX_OFFERS]]
    if query.group_brands and len(keyed) > MAX_OFFERS:
        cut = keyed[MAX_OFFERS][1].slices  # an itinerary the cap would split is left out whole
        while offers and offers[-1].slices == cut:
            offers.pop()
    used = {leg.id: leg for _, leg in rows}
    flown = {leg_id for offer in offers for piece in offer.slices for leg_id in piece}
    return offers, {leg_id: used[leg_id] for leg_id in flown}
