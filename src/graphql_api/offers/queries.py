"""offer(id): a signed offer re-priced against current inventory."""

from __future__ import annotations

import strawberry

from data.offers.errors import InvalidOfferId
from graphql_api.common.ids import issued_global_id
from graphql_api.context import Context
from graphql_api.errors import ApiError
from graphql_api.offers.types import Offer, current_offer


@strawberry.type
class OfferQuery:
    @strawberry.field(
        description="An offer re-priced now: its current price, or null once it has expired or "
        "sold out. An id we did not issue is an INVALID_OFFER_ID error."
    )
    async def offer(self, info: strawberry.Info[Context, None], id: strawberry.ID) -> Offer | None:
        global_id = issued_global_id(id)
        if global_id is None or global_id.type_name != "Offer":
            error = InvalidOfferId()
            raise ApiError(error.message, code=error.code, field="id")
        return await current_offer(info, global_id.node_id)
