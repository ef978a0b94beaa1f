"""From legs to sorted offers: itineraries per slice, slice filters, prices per brand, combined
slices, price filter, sort with a stable tiebreak. Pure: no database, no clock of its own.

A multi-slice search combines each slice's best `SLICE_BEST[n]` itineraries (by the sort asked,
cheapest brand) among those that can make an offer within the price cap and in order (later
slices leaving at least `MIN_SLICE_GAP` after the one before lands; `_best_in_sequence`). A
search returns at most `MAX_OFFERS` offers.

Offers are sorted one by one (by their own price for PRICE), or, when the search groups brands,
itinerary by itinerary: an itinerary ranks by its cheapest brand and its brands follow each other
from the most basic up (the `MAX_OFFERS` cap never splits one).

Each flight is quoted once per search (`quote_segment`, every brand at once) and itineraries add
their flights' quotes up, so pricing costs a few additions per itinerary.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final, NamedTuple
from zoneinfo import ZoneInfo

from data.inventory.reads import Leg
from data.offers.pricing import segment_input
from data.offers.sales import SALES_CLOSE_SECONDS
from data.pricing.catalog import FareBrandSpec, brands_for
from data.pricing.fares import SegmentQuote, pricing_second, quote_segment, quoted_slice_totals
from data.reference.directory import AirportRecord
from data.search import rules
from data.search.itineraries import Itinerary, RouteLegs, build_itineraries
from data.search.plan import SearchPlan, SlicePlan
from data.search.query import OfferFilter, OfferSort, SearchQuery
from data.zones import zone

MAX_OFFERS = 500
SLICE_BEST = {2: 12, 3: 6, 4: 4}
"""Itineraries per slice a search of n slices combines (12³ would already be 1,728)."""


OfferRow = tuple[int, int, int, tuple[tuple[int, ...], ...], int, str, int, int, int, int]
"""One offer of a result: (its three sort values, flight ids per slice, brand rank, brand code,
base, tax, total, seats remaining), the prices for the whole party in minor units. The sort
values are those of the search's sort (e.g. price, minutes, departure for PRICE); with the flight
ids and the brand rank they break every tie, so plain tuple order sorts offers, and the first
five are an offer's place in the list (`data.search.service.SortKey`, which page cursors
carry). A plain tuple: a search makes hundreds of them and a result keeps them in this form, in
Redis too (read back, they are JSON lists)."""

OFFER_IDS: Final = 3
"""Where an `OfferRow`'s flight ids per slice are."""


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


def _leaves_in_window(rules_: OfferFilter, zone: ZoneInfo) -> Callable[[Leg], bool] | None:
    """Whether a first flight leaves in the filter's local departure window, if it has one."""
    after, before = rules_.depart_after, rules_.depart_before
    if after is None and before is None:
        return None

    def leaves(leg: Leg) -> bool:
        local = datetime.fromtimestamp(leg.departs, zone).time()
        return (after is None or local >= after) and (before is None or local <= before)

    return leaves


class _Quotes:
    """Each flight quoted once per search, in every brand of the cabin; an itinerary adds its
    flights' quotes up."""

    def __init__(
        self, query: SearchQuery, brands: Sequence[FareBrandSpec], now_second: int
    ) -> None:
        self.known: dict[int, SegmentQuote] = {}
        self.cabin, self.passengers = query.cabin, query.passengers
        self.brands, self.now_second = brands, now_second

    def slice_totals(self, itinerary: Itinerary) -> list[tuple[int, int, int, int]] | None:
        """Per brand, (base, tax, total, seats left) of the itinerary; None if it lacks seats."""
        known = self.known
        quoted = []
        for leg in itinerary:
            quote = known.get(leg.id)
            if quote is None:
                segment = segment_input(leg, self.cabin, self.now_second)
                quote = known[leg.id] = quote_segment(segment, self.brands, self.passengers)
            quoted.append(quote)
        return quoted_slice_totals(quoted, self.passengers)


def _ids(itinerary: Itinerary) -> tuple[int, ...]:
    return (itinerary[0].id,) if len(itinerary) == 1 else tuple([leg.id for leg in itinerary])


def _price_slice(itineraries: Sequence[Itinerary], quotes: _Quotes) -> list[_Priced]:
    priced: list[_Priced] = []
    for itinerary in itineraries:
        totals = quotes.slice_totals(itinerary)
        if totals is None:
            continue
        departs, arrives = itinerary[0].departs, itinerary[-1].arrives
        cheapest = min([total for _, _, total, _ in totals])
        minutes = (arrives - departs) // 60
        priced.append(_Priced(_ids(itinerary), totals, cheapest, departs, arrives, minutes))
    return priced


def _slice_rank(sort: OfferSort, item: _Priced) -> tuple[Any, ...]:
    if sort is OfferSort.DURATION:
        return (item.minutes, item.cheapest, item.departs, item.ids)
    if sort is OfferSort.DEPARTURE:
        return (item.departs, item.cheapest, item.minutes, item.ids)
    return (item.cheapest, item.minutes, item.departs, item.ids)


def _under_cap(per_slice: list[list[_Priced]], cap: int | None) -> list[list[_Priced]]:
    """Each slice's itineraries that can be part of an offer within the price cap: with the
    cheapest itinerary of every other slice, in their cheapest brands, they stay under it. (The
    slices keep their best few after this, so the cap never spends their places.)"""
    if cap is None or not all(per_slice):
        return per_slice
    floors = [min([item.cheapest for item in items]) for items in per_slice]
    least = sum(floors)
    return [
        [item for item in items if least - floor + item.cheapest <= cap]
        for items, floor in zip(per_slice, floors, strict=True)
    ]


def _best_in_sequence(
    per_slice: list[list[_Priced]], sort: OfferSort, best: int
) -> list[list[_Priced]]:
    """Each slice's `best` itineraries by the sort, among those that can be combined in order:
    an itinerary is kept only if a later slice has one leaving after it lands, and one of the
    previous slice's kept itineraries lands before it leaves. (Ranking first would let a sort
    keep only itineraries no other slice can follow: the earliest flights of a second slice
    leave before the first slice's land.)"""
    gap = rules.MIN_SLICE_GAP_SECONDS
    followed: list[list[_Priced]] = []
    latest_next = None  # the latest departure of the next slice's itineraries that can go on
    for items in reversed(per_slice):
        if latest_next is not None:
            items = [item for item in items if item.arrives + gap <= latest_next]
        followed.append(items)
        latest_next = max((item.departs for item in items), default=-1)
    followed.reverse()
    kept: list[list[_Priced]] = []
    earliest = None  # the earliest a next itinerary may leave after one kept before
    for items in followed:
        if earliest is not None:
            items = [item for item in items if item.departs >= earliest]
        items.sort(key=lambda item: _slice_rank(sort, item))
        kept.append(items[:best])
        earliest = min((item.arrives for item in kept[-1]), default=2**62) + gap
    return kept


def _in_sequence(combo: Sequence[_Priced]) -> bool:
    return all(
        later.departs >= earlier.arrives + rules.MIN_SLICE_GAP_SECONDS
        for earlier, later in itertools.pairwise(combo)
    )


class _Keyer:
    """Offers behind their sort keys, one itinerary (or combination of slices) at a time."""

    def __init__(self, query: SearchQuery, brands: Sequence[FareBrandSpec]) -> None:
        self.sort = query.sort
        self.cap = query.filter.max_price_minor
        self.grouped = query.group_brands
        self.brands = [(brand.rank, brand.code) for brand in brands]
        self.keyed: list[OfferRow] = []

    def add(
        self,
        ids: tuple[tuple[int, ...], ...],
        minutes: int,
        departs: int,
        prices: Sequence[tuple[int, int, int, int]],
    ) -> None:
        """The offers of one itinerary from its price per brand, (base, tax, total, seats) in
        rank order; those over the price cap are left out."""
        cap, sort, keyed = self.cap, self.sort, self.keyed
        offered = list(zip(self.brands, prices, strict=True))
        if cap is not None:
            offered = [offer for offer in offered if offer[1][2] <= cap]
        group = min([price[2] for _, price in offered]) if self.grouped and offered else None
        for (rank, code), (base, tax, total, seats) in offered:
            price = total if group is None else group
            if sort is OfferSort.PRICE:
                first, second, third = price, minutes, departs
            elif sort is OfferSort.DURATION:
                first, second, third = minutes, price, departs
            else:
                first, second, third = departs, price, minutes
            keyed.append((first, second, third, ids, rank, code, base, tax, total, seats))


def _combine(per_slice: list[list[_Priced]], keyer: _Keyer) -> None:
    """Every combination of slices in every brand, to `keyer`."""
    for combo in itertools.product(*per_slice):
        if not _in_sequence(combo):
            continue
        prices = []
        for parts in zip(*(item.totals for item in combo), strict=True):
            base = sum(part[0] for part in parts)
            tax = sum(part[1] for part in parts)
            prices.append((base, tax, base + tax, min(part[3] for part in parts)))
        ids = tuple(item.ids for item in combo)
        minutes = sum(item.minutes for item in combo)
        keyer.add(ids, minutes, combo[0].departs, prices)


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
    quotes = _Quotes(query, brands, now_second)
    keyer = _Keyer(query, brands)
    rules_ = query.filter
    airlines = rules_.airline_ids
    # the first flight must still be on sale (later ones leave later still)
    not_before = int(now_ts) + SALES_CLOSE_SECONDS + 1

    def itineraries(slice_plan: SlicePlan) -> list[Itinerary]:
        legs = RouteLegs(
            leg
            for index, leg in rows
            if index == slice_plan.index and (not airlines or leg.airline_id in airlines)
        )
        local = zone(slice_plan.query.origin.time_zone)
        return build_itineraries(
            slice_plan,
            legs,
            airports,
            seats=seats,
            not_before=not_before,
            first_leg=_leaves_in_window(rules_, local),
            max_stops=rules_.max_stops,
        )

    if len(plan.slices) == 1:  # one-way: an offer per itinerary and brand, nothing to combine
        for itinerary in itineraries(plan.slices[0]):
            totals = quotes.slice_totals(itinerary)
            if totals is not None:
                departs = itinerary[0].departs
                minutes = (itinerary[-1].arrives - departs) // 60
                keyer.add((_ids(itinerary),), minutes, departs, totals)
    else:
        priced = [_price_slice(itineraries(slice_plan), quotes) for slice_plan in plan.slices]
        under_cap = _under_cap(priced, rules_.max_price_minor)
        _combine(_best_in_sequence(under_cap, query.sort, SLICE_BEST[len(plan.slices)]), keyer)
    keyed = keyer.keyed
    keyed.sort()
    if query.group_brands and len(keyed) > MAX_OFFERS:
        cut = keyed[MAX_OFFERS][OFFER_IDS]  # an itinerary the cap would split is left out whole
        end = MAX_OFFERS
        while end and keyed[end - 1][OFFER_IDS] == cut:
            end -= 1
        del keyed[end:]
    offers = keyed[:MAX_OFFERS] if len(keyed) > MAX_OFFERS else keyed
    used = {leg.id: leg for _, leg in rows}
    flown = {leg_id for offer in offers for piece in offer[OFFER_IDS] for leg_id in piece}
    return offers, {leg_id: used[leg_id] for leg_id in flown}
