"""The paginated list of offers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry import relay

from data.search.service import sort_key
from graphql_api.offers.types import Offer
from graphql_api.search.cursors import encode_cursor


@strawberry.type(description="An offer and its place in the list.")
class OfferEdge:
    node: Offer = strawberry.field(description="The offer.")
    row: strawberry.Private[Sequence[Any]]

    @strawberry.field(description="Opaque place in the list, for `after`.")
    def cursor(self) -> str:
        return encode_cursor(sort_key(self.row))


@strawberry.type(description="A page of offers, with the total found.")
class OfferConnection:
    edges: list[OfferEdge] = strawberry.field(description="Offers of this page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="Offers found in all pages.")
