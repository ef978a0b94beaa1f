"""The searchFlights input, as the public contract spells it."""

from __future__ import annotations

from datetime import date

import strawberry

from data.search.query import FilterSpec, SliceSpec
from graphql_api.common.enums import CabinClass, OfferSort
from graphql_api.common.inputs import built_from_coerced


@strawberry.input(description="One way of the trip.")
class SliceInput:
    origin: str = strawberry.field(description="IATA code of the origin airport, e.g. LHR.")
    destination: str = strawberry.field(description="IATA code of the destination airport.")
    departure_date: date = strawberry.field(description="Local departure date at the origin.")

    def spec(self) -> SliceSpec:
        """The data layer's view."""
        return SliceSpec(self.origin, self.destination, self.departure_date)


@strawberry.input(description="Who travels: 1-9 seated passengers, at most one infant per adult.")
class PassengersInput:
    adults: int = strawberry.field(default=1, description="Passengers aged 12 or more.")
    children: int = strawberry.field(default=0, description="Passengers aged 2 to 11.")
    infants: int = strawberry.field(default=0, description="Under 2, on an adult's lap.")


@strawberry.input(name="OfferFilter", description="Narrow the offers down.")
class OfferFilterInput:
    max_stops: int | None = strawberry.field(default=None, description="Most stops per slice.")
    airlines: list[str] | None = strawberry.field(
        default=None, description="Only these airlines (IATA codes) on every segment."
    )
    max_price_minor: int | None = strawberry.field(
        default=None, description="Highest total price, in minor units."
    )
    depart_after: str | None = strawberry.field(
        default=None, description="Earliest local departure of each slice, HH:MM (inclusive)."
    )
    depart_before: str | None = strawberry.field(
        default=None, description="Latest local departure of each slice, HH:MM (inclusive)."
    )

    def spec(self) -> FilterSpec:
        """The data layer's view."""
        return FilterSpec(
            max_stops=self.max_stops,
            airlines=self.airlines,
            max_price_minor=self.max_price_minor,
            depart_after=self.depart_after,
            depart_before=self.depart_before,
        )


@built_from_coerced
@strawberry.input(description="A flight search: one slice one-way, two a return, up to four.")
class FlightSearchInput:
    slices: list[SliceInput] = strawberry.field(description="The ways of the trip, in order.")
    passengers: PassengersInput = strawberry.field(
        default_factory=PassengersInput, description="Who travels."
    )
    cabin: CabinClass = strawberry.field(default=CabinClass.ECONOMY, description="Cabin wanted.")
    max_connections: int = strawberry.field(
        default=1, description="Most connections per slice, 0 to 2."
    )
    filter: OfferFilterInput | None = strawberry.field(default=None, description="Filters.")
    sort: OfferSort = strawberry.field(default=OfferSort.PRICE, description="Order of offers.")
    group_fare_brands: bool = strawberry.field(
        default=False,
        description="Keep each itinerary's fare brands together: itineraries in the order asked "
        "(by their cheapest brand for PRICE), each with its brands next to each other from the "
        "most basic up (a page may still end inside an itinerary). By default every offer is "
        "sorted on its own.",
    )
