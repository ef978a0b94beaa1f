"""Offers and what they are made of: fare brands, slices and segments."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

import strawberry
from strawberry import relay

from data.enums import PassengerType as PassengerTypeValue
from data.inventory.reads import Leg
from data.offers.errors import InvalidOfferId
from data.offers.pricing import BRANDS_BY_CODE, PricedOffer, price_offer
from data.offers.sales import sales_close
from data.offers.tokens import OfferSigner, OfferToken, read_offer
from data.pricing.catalog import CHANGE_FEE_CURRENCY, FareBrandSpec, brands_for
from data.pricing.types import PassengerCounts, PassengerLine
from data.reference.directory import ReferenceDirectory
from data.search.service import SearchResult
from graphql_api.common.enums import CabinClass, PassengerType
from graphql_api.common.types import Money
from graphql_api.context import Context
from graphql_api.errors import ApiError
from graphql_api.flights.types import Flight
from graphql_api.reference.types import Airport


@strawberry.type(description="What a fare brand allows.")
class FareConditions:
    refundable: bool = strawberry.field(description="Whether the fare is refunded on cancel.")
    changeable: bool = strawberry.field(description="Whether flights can be changed.")
    change_fee: Money | None = strawberry.field(description="Fee per change, if changeable.")
    checked_bags: int = strawberry.field(description="Checked bags included per passenger.")
    seat_selection_included: bool = strawberry.field(description="Free seat selection.")


@strawberry.type(description="A branded fare of a cabin, e.g. Economy Light.")
class FareBrand:
    code: str = strawberry.field(description="Stable code, e.g. ECONOMY_LIGHT.")
    name: str = strawberry.field(description="Name shown to travellers.")
    cabin: CabinClass = strawberry.field(description="The cabin this brand sells.")
    conditions: FareConditions = strawberry.field(description="What the fare allows.")


@strawberry.type(description="One flight of a slice, in the offer's cabin.")
class Segment:
    flight: Flight = strawberry.field(description="The flight.")
    cabin: CabinClass = strawberry.field(description="The cabin booked on it.")


@strawberry.type(description="One way of an offer: from an origin to a destination, with stops.")
class OfferSlice:
    origin: Airport = strawberry.field(description="Where the slice starts.")
    destination: Airport = strawberry.field(description="Where the slice ends.")
    departure_at: datetime = strawberry.field(description="First departure, origin's zone.")
    arrival_at: datetime = strawberry.field(description="Last arrival, destination's zone.")
    duration_minutes: int = strawberry.field(description="Arrival minus departure, in minutes.")
    stops: int = strawberry.field(description="Connections on the way.")
    segments: list[Segment] = strawberry.field(description="The flights, in order.")


@strawberry.type(
    description="What each passenger of one type pays for the whole trip, and how many travel:"
    " an offer's amounts are the sum, over its types, of `count` times these."
)
class PassengerPrice:
    type: PassengerType = strawberry.field(description="Adult, child or infant (on a lap).")
    count: int = strawberry.field(description="How many passengers of this type travel.")
    base_amount: Money = strawberry.field(description="Fares of one passenger of this type.")
    tax_amount: Money = strawberry.field(
        description="Taxes and charges of one passenger of this type."
    )
    total_amount: Money = strawberry.field(description="Base plus taxes, for one passenger.")


@strawberry.type(description="A priced itinerary that can be booked until it expires.")
class Offer(relay.Node):
    id: relay.NodeID[str]
    expires_at: datetime = strawberry.field(description="When this offer can no longer be booked.")
    total_amount: Money = strawberry.field(description="What the party pays: base plus taxes.")
    base_amount: Money = strawberry.field(description="Fares of the whole party.")
    tax_amount: Money = strawberry.field(description="Taxes and charges of the whole party.")
    fare_brand: FareBrand = strawberry.field(description="The fare brand and its conditions.")
    slices: list[OfferSlice] = strawberry.field(description="The ways of the trip, in order.")
    seats_remaining: int = strawberry.field(
        description="Seats bookable at this price: the fewest across the segments."
    )
    passengers: list[PassengerType] = strawberry.field(description="Who travels, one per person.")
    breakdown: strawberry.Private[Callable[[], tuple[PassengerLine, ...]]] = dataclasses.field(
        compare=False, repr=False
    )
    """Its price by passenger type, worked out when asked for, from what it was priced from
    (not part of what the offer is: offers of the same id, price and flights are equal)."""
    alternative: strawberry.Private[bool] = False
    """Whether this offer is one of another's `otherFareBrands` (whose own are that offer and
    its siblings: it lists none, so the field cannot be nested to multiply work)."""

    @strawberry.field(
        description="The same flights for the same party in the cabin's other fare brands, "
        "priced now, from the most basic up; a brand that cannot be sold now is left out. Each "
        "is an offer of its own, expiring when this one does. Empty where this offer is read "
        "as one of another's otherFareBrands (that list already holds its siblings); an offer "
        "fetched by its own id (offer, node) lists its other brands, the offer it came from "
        "among them."
    )
    async def other_fare_brands(self, info: strawberry.Info[Context, None]) -> list[Offer]:
        return [] if self.alternative else await other_brand_offers(info, self.id)

    @strawberry.field(
        description="The price per passenger, by type (adults, then children, then infants, "
        "those travelling only): a child pays less than an adult and an infant on a lap less "
        "still, with taxes of their own."
    )
    def price_per_passenger(self) -> list[PassengerPrice]:
        currency = self.total_amount.currency
        return [
            PassengerPrice(
                type=line.passenger_type,
                count=line.quantity,
                base_amount=Money(amount_minor=line.unit_base_minor, currency=currency),
                tax_amount=Money(amount_minor=line.unit_tax_minor, currency=currency),
                total_amount=Money(
                    amount_minor=line.unit_base_minor + line.unit_tax_minor, currency=currency
                ),
            )
            for line in self.breakdown()
        ]

    @classmethod
    async def resolve_nodes(
        cls,
        *,
        info: strawberry.Info[Context, None],
        node_ids: Iterable[str],
        required: bool = False,
    ) -> list[Any]:
        # together, so the flight loader reads every offer's flights in one statement
        return list(await asyncio.gather(*(current_offer(info, i) for i in node_ids)))


_brands: dict[str, FareBrand] = {}


def fare_brand_node(brand: FareBrandSpec) -> FareBrand:
    """The (shared, immutable) GraphQL view of a catalogue brand."""
    node = _brands.get(brand.code)
    if node is None:
        fee = brand.change_fee_minor
        node = _brands[brand.code] = FareBrand(
            code=brand.code,
            name=brand.name,
            cabin=brand.cabin,
            conditions=FareConditions(
                refundable=brand.refundable,
                changeable=brand.changeable,
                change_fee=None
                if fee is None
                else Money(amount_minor=fee, currency=CHANGE_FEE_CURRENCY),
                checked_bags=brand.checked_bags,
                seat_selection_included=brand.seat_selection_included,
            ),
        )
    return node


_CABINS = {cabin.value: cabin for cabin in CabinClass}


class OfferBuilder:
    """Builds Offer nodes for one request, sharing flights, slices and the expiry between its
    offers."""

    def __init__(self, directory: ReferenceDirectory, secret: bytes) -> None:
        self.directory = directory
        self.secret = secret
        self.flights: dict[tuple[int, str], Flight] = {}
        self.slices: dict[tuple[int, ...], OfferSlice] = {}
        self.expiry: tuple[int, datetime] | None = None

    def flight(self, leg: Leg) -> Flight:
        """The Flight node of a leg (one per flight and cabin per request)."""
        key = (leg.id, leg.cabin)
        node = self.flights.get(key)
        if node is None:
            node = self.flights[key] = Flight.from_leg(leg, self.directory)
        return node

    def slice(self, legs: Sequence[Leg]) -> OfferSlice:
        """The OfferSlice of consecutive legs."""
        key = tuple([leg.id for leg in legs])
        node = self.slices.get(key)
        return self._slice(key, legs) if node is None else node

    def _slice(self, key: tuple[int, ...], legs: Sequence[Leg]) -> OfferSlice:
        flights = [self.flight(leg) for leg in legs]
        first, last = flights[0], flights[-1]
        node = self.slices[key] = OfferSlice(
            origin=first.origin,
            destination=last.destination,
            departure_at=first.departure_at,
            arrival_at=last.arrival_at,
            duration_minutes=(legs[-1].arrives - legs[0].departs) // 60,
            stops=len(legs) - 1,
            segments=[
                Segment(flight=flight, cabin=_CABINS[leg.cabin])
                for flight, leg in zip(flights, legs, strict=True)
            ],
        )
        return node

    def _expiry(self, expires_at: int) -> datetime:
        if self.expiry is None or self.expiry[0] != expires_at:
            self.expiry = (expires_at, datetime.fromtimestamp(expires_at, UTC))
        return self.expiry[1]

    def offer(self, priced: PricedOffer, *, expires_at: int) -> Offer:
        """The Offer node of a priced offer, its id signed to expire at Unix time `expires_at`
        (or when its first flight goes off sale, if sooner)."""
        expires_at = min(expires_at, sales_close(priced.slices[0][0].departs))
        signer = OfferSigner(
            self.secret,
            cabin=priced.cabin,
            passengers=priced.passengers,
            currency=priced.currency,
            expires_at=expires_at,
        )
        flights = [[leg.id for leg in piece] for piece in priced.slices]
        return self._node(
            signer.sign(flights, priced.brand.code, priced.total_minor),
            self._expiry(expires_at),
            priced.currency,
            (priced.base_minor, priced.tax_minor, priced.total_minor),
            priced.brand,
            [self.slice(piece) for piece in priced.slices],
            priced.seats_remaining,
            _travellers(priced.passengers),
            priced.passenger_lines,
        )

    def page(
        self, result: SearchResult, offset: int, limit: int, *, expires_at: int
    ) -> list[Offer]:
        """The Offer nodes of offers `offset` to `offset + limit` of a search result, read
        straight from its rows: the slices of an itinerary are built once for all its brands.
        Each expires at `expires_at`, or when its first flight goes off sale if sooner."""
        query, currency = result.query, result.currency
        signers: dict[int, OfferSigner] = {}
        travellers = _travellers(query.passengers)
        basis = result.price_basis()
        nodes = []
        for row in result.rows[offset : offset + limit]:
            _, _, _, flights, _, code, base, tax, total, seats = row
            slices = []
            for piece in flights:
                key = tuple(piece)
                node = self.slices.get(key)
                if node is None:
                    node = self._slice(key, [result.leg(flight_id) for flight_id in key])
                slices.append(node)
            ends = min(expires_at, sales_close(result.leg(flights[0][0]).departs))
            signer = signers.get(ends)
            if signer is None:
                signer = signers[ends] = OfferSigner(
                    self.secret,
                    cabin=query.cabin,
                    passengers=query.passengers,
                    currency=currency,
                    expires_at=ends,
                )
            offer_id = signer.sign(flights, code, total)
            brand = BRANDS_BY_CODE[code]
            nodes.append(
                self._node(
                    offer_id,
                    self._expiry(ends),
                    currency,
                    (base, tax, total),
                    brand,
                    slices,
                    seats,
                    travellers,
                    partial(basis.passenger_lines, flights, brand),
                )
            )
        return nodes

    @staticmethod
    def _node(
        offer_id: str,
        expires_at: datetime,
        currency: str,
        price: tuple[int, int, int],
        brand: FareBrandSpec,
        slices: list[OfferSlice],
        seats_remaining: int,
        travellers: list[PassengerTypeValue],
        breakdown: Callable[[], tuple[PassengerLine, ...]],
    ) -> Offer:
        base, tax, total = price
        return Offer(
            id=offer_id,
            expires_at=expires_at,
            total_amount=Money(amount_minor=total, currency=currency),
            base_amount=Money(amount_minor=base, currency=currency),
            tax_amount=Money(amount_minor=tax, currency=currency),
            fare_brand=fare_brand_node(brand),
            slices=slices,
            seats_remaining=seats_remaining,
            passengers=travellers,
            breakdown=breakdown,
        )


def _travellers(party: PassengerCounts) -> list[PassengerTypeValue]:
    return (
        [PassengerTypeValue.ADULT] * party.adults
        + [PassengerTypeValue.CHILD] * party.children
        + [PassengerTypeValue.INFANT] * party.infants
    )


def _token(info: strawberry.Info[Context, None], offer_id: str) -> OfferToken:
    try:
        return read_offer(offer_id, info.context.services.config.secret_key)
    except InvalidOfferId as error:
        raise ApiError(error.message, code=error.code, field="id") from None


async def _legs(info: strawberry.Info[Context, None], token: OfferToken) -> list[list[Leg]] | None:
    """The offer's flights, slice by slice, with their inventory now (through the request's
    flight loader: the offers of one request read their flights in one statement); None when a
    flight or its cabin is gone."""
    found = await info.context.loaders.flight_by_id.load_many(token.flight_ids)
    cabins = dict(zip(token.flight_ids, found, strict=True))
    slices: list[list[Leg]] = []
    for piece in token.slices:
        legs = [(cabins[flight_id] or {}).get(token.cabin.value) for flight_id in piece]
        if any(leg is None for leg in legs):
            return None
        slices.append([leg for leg in legs if leg is not None])
    return slices


def _priced(
    info: strawberry.Info[Context, None],
    token: OfferToken,
    slices: list[list[Leg]],
    brands: Iterable[FareBrandSpec],
) -> list[Offer]:
    """The offers of these slices in each of the brands that can be sold now."""
    services = info.context.services
    now = services.clock.now()
    builder = OfferBuilder(services.directory, services.config.secret_key)
    offers = []
    for brand in brands:
        priced = price_offer(
            slices,
            cabin=token.cabin,
            brand=brand,
            passengers=token.passengers,
            now=now,
            currency=token.currency,
        )
        if priced is not None:
            offers.append(builder.offer(priced, expires_at=token.expires_at))
    return offers


def _alternatives(offers: list[Offer]) -> list[Offer]:
    for offer in offers:
        offer.alternative = True
    return offers


async def current_offer(info: strawberry.Info[Context, None], offer_id: str) -> Offer | None:
    """The offer behind a signed id, re-priced now; None when expired or no longer sellable."""
    token = _token(info, offer_id)
    brand = BRANDS_BY_CODE.get(token.brand)
    if token.expires_at <= info.context.services.clock.now().timestamp() or brand is None:
        return None
    slices = await _legs(info, token)
    offers = [] if slices is None else _priced(info, token, slices, [brand])
    return offers[0] if offers else None


async def other_brand_offers(info: strawberry.Info[Context, None], offer_id: str) -> list[Offer]:
    """The offer's flights and party in the cabin's other brands. (The offer itself is current:
    `offer(id)` answers null once it expires, and a search's offers are new.)"""
    token = _token(info, offer_id)
    slices = await _legs(info, token)
    if slices is None:
        return []
    others = [brand for brand in brands_for(token.cabin) if brand.code != token.brand]
    return _alternatives(_priced(info, token, slices, others))
