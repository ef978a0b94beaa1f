"""Offers priced by `data.pricing`: legs become pricing inputs, a brand and a party a price."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import NamedTuple

from data.enums import CabinClass
from data.inventory.reads import Leg
from data.offers.sales import on_sale
from data.pricing.catalog import FARE_BRANDS, FareBrandSpec
from data.pricing.fares import days_left, price_itinerary, pricing_second
from data.pricing.types import PassengerCounts, PassengerLine, PriceBreakdown, SegmentInput

BRANDS_BY_CODE: dict[str, FareBrandSpec] = {brand.code: brand for brand in FARE_BRANDS}


class PricedOffer(NamedTuple):
    """An itinerary (flights per slice) priced in one fare brand for one party."""

    slices: tuple[tuple[Leg, ...], ...]
    cabin: CabinClass
    brand: FareBrandSpec
    passengers: PassengerCounts
    currency: str
    base_minor: int
    tax_minor: int
    total_minor: int
    seats_remaining: int
    priced_second: int
    """The second it was priced at (`data.pricing.fares.pricing_second`)."""

    def passenger_lines(self) -> tuple[PassengerLine, ...]:
        """What one passenger of each type of the party pays (`passenger_lines`)."""
        return passenger_lines(
            self.slices,
            cabin=self.cabin,
            brand=self.brand,
            passengers=self.passengers,
            priced_second=self.priced_second,
        )


def segment_input(leg: Leg, cabin: CabinClass, now_second: int) -> SegmentInput:
    """The pricing view of one leg at `now_second` (`data.pricing.fares.pricing_second`)."""
    days = days_left(leg.departs, now_second)
    return SegmentInput(leg.distance_km, cabin, leg.capacity, leg.sold, leg.held, days)


def price_slices(
    slices: Sequence[Sequence[SegmentInput]],
    *,
    brand: FareBrandSpec,
    passengers: PassengerCounts,
    currency: str,
) -> PriceBreakdown | None:
    """The price of these slices in `brand`, or None when a segment lacks seats for the party."""
    price = price_itinerary(slices=slices, brand=brand, passengers=passengers, currency=currency)
    return price if price.seats_remaining >= passengers.seated else None


def price_offer(
    slices: Sequence[Sequence[Leg]],
    *,
    cabin: CabinClass,
    brand: FareBrandSpec,
    passengers: PassengerCounts,
    now: datetime,
    currency: str,
) -> PricedOffer | None:
    """Price an itinerary against the inventory in its legs; None when it cannot be sold (a
    flight's sales have closed, or seats are short)."""
    now_ts = now.timestamp()
    if brand.cabin != cabin or not all(on_sale(leg.departs, now_ts) for p in slices for leg in p):
        return None
    now_second = pricing_second(now)
    inputs = _segment_inputs(slices, cabin, now_second)
    price = price_slices(inputs, brand=brand, passengers=passengers, currency=currency)
    if price is None:
        return None
    return PricedOffer(
        slices=tuple(tuple(piece) for piece in slices),
        cabin=cabin,
        brand=brand,
        passengers=passengers,
        currency=currency,
        base_minor=price.base_minor,
        tax_minor=price.tax_minor,
        total_minor=price.total_minor,
        seats_remaining=price.seats_remaining,
        priced_second=now_second,
    )


def _segment_inputs(
    slices: Sequence[Sequence[Leg]], cabin: CabinClass, now_second: int
) -> list[list[SegmentInput]]:
    return [[segment_input(leg, cabin, now_second) for leg in piece] for piece in slices]


def passenger_lines(
    slices: Sequence[Sequence[Leg]],
    *,
    cabin: CabinClass,
    brand: FareBrandSpec,
    passengers: PassengerCounts,
    priced_second: int,
) -> tuple[PassengerLine, ...]:
    """What one passenger of each type of the party pays for these flights in `brand`, priced
    at `priced_second` against the inventory in the legs (adults, then the children and infants
    travelling): the figures of the offer priced from the same legs at the same second, broken
    down, so the lines add up to its base and taxes."""
    inputs = _segment_inputs(slices, cabin, priced_second)
    return price_itinerary(slices=inputs, brand=brand, passengers=passengers).passengers


class PriceBasis(NamedTuple):
    """What the offers of one search result were priced from, bar their flights and brand: the
    result's legs, its cabin and party, and the second it was priced at."""

    leg: Callable[[int], Leg]
    cabin: CabinClass
    passengers: PassengerCounts
    priced_second: int

    def passenger_lines(
        self, flights: Sequence[Sequence[int]], brand: FareBrandSpec
    ) -> tuple[PassengerLine, ...]:
        """`passenger_lines` of the offer of these flights (ids per slice) in `brand`."""
        leg = self.leg
        return passenger_lines(
            [[leg(flight_id) for flight_id in piece] for piece in flights],
            cabin=self.cabin,
            brand=brand,
            passengers=self.passengers,
            priced_second=self.priced_second,
        )
