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

    def priced_at(self) -> PricedAt:
        """What it was priced from, to break its price down by passenger type."""
        legs = {leg.id: leg for piece in self.slices for leg in piece}
        flights = [[leg.id for leg in piece] for piece in self.slices]
        return PricedAt(
            legs.__getitem__,
            flights,
            self.cabin,
            self.brand,
            self.passengers,
            self.priced_second,
            self.currency,
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
    inputs = [[segment_input(leg, cabin, now_second) for leg in piece] for piece in slices]
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


class PricedAt(NamedTuple):
    """What an offer was priced from: its flights (ids per slice, and the legs as they were read
    for it), its brand and party, and the second it was priced at. Enough to break its price down
    again, to the same figures, without reading anything (`passenger_lines`)."""

    leg: Callable[[int], Leg]
    flights: Sequence[Sequence[int]]
    cabin: CabinClass
    brand: FareBrandSpec
    passengers: PassengerCounts
    now_second: int
    currency: str

    def passenger_lines(self) -> tuple[PassengerLine, ...]:
        """What each passenger of each type of the party pays (adults, then children, then
        infants present): their lines add up to the offer's base and taxes."""
        cabin, now_second, leg = self.cabin, self.now_second, self.leg
        inputs = [
            [segment_input(leg(flight_id), cabin, now_second) for flight_id in piece]
            for piece in self.flights
        ]
        price = price_itinerary(
            slices=inputs, brand=self.brand, passengers=self.passengers, currency=self.currency
        )
        return price.passengers
