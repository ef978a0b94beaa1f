"""The paginated list of offers."""

from __future__ import annotations

import strawberry
from strawberry import relay

from graphql_api.offers.types import Offer


@strawberry.type(description="An offer and its place in the list.")
class OfferEdge:
    node: Offer = strawberry.field(description="The offer.")
    cursor: str = strawberry.field(description="Opaque position, for `after`.")


@strawberry.type(description="A page of offers, with the total found.")
class OfferConnection:
    edges: list[OfferEdge] = strawberry.field(description="Offers of this page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="Offers found in all pages.")
