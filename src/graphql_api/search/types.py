"""The paginated list of offers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry import relay

from data.search.service import SearchResult, sort_key
from graphql_api.context import Context
from graphql_api.offers.types import Offer
from graphql_api.reference.types import Airline
from graphql_api.search.cursors import encode_cursor


@strawberry.type(description="An offer and its place in the list.")
class OfferEdge:
    node: Offer = strawberry.field(description="The offer.")
    row: strawberry.Private[Sequence[Any]]
    scope: strawberry.Private[str]

    @strawberry.field(
        description="Opaque place in the list, for `after` with the same search (another "
        "search refuses it: INVALID_CURSOR)."
    )
    def cursor(self) -> str:
        return encode_cursor(sort_key(self.row), self.scope)


@strawberry.type(description="An airline some of the offers found fly, and how many itineraries.")
class AirlineFacet:
    airline: Airline = strawberry.field(description="The airline.")
    itinerary_count: int = strawberry.field(
        description="Itineraries found (in all pages) with at least one flight of it."
    )
    sole_itinerary_count: int = strawberry.field(
        description="Itineraries found that it flies alone: what `filter.airlines` with only"
        " this airline keeps (or more: a filtered search has room for others)."
    )


@strawberry.type(description="A page of offers, with the total found.")
class OfferConnection:
    edges: list[OfferEdge] = strawberry.field(description="Offers of this page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="Offers found in all pages.")
    result: strawberry.Private[SearchResult]

    @strawberry.field(
        description="Itineraries found in all pages: the flights a traveller chooses among, each"
        " offered in one or more fare brands (so at most `totalCount`)."
    )
    def itinerary_count(self) -> int:
        return self.result.itinerary_count()

    @strawberry.field(
        description="The airlines of the offers found (in all pages), most itineraries first:"
        " the choices for `filter.airlines`."
    )
    def airlines(self, info: strawberry.Info[Context, None]) -> list[AirlineFacet]:
        directory = info.context.services.directory
        return [
            AirlineFacet(
                airline=Airline.from_record(directory.airlines[airline_id]),
                itinerary_count=count,
                sole_itinerary_count=alone,
            )
            for airline_id, count, alone in self.result.airlines()
        ]
