"""seatMap: decode the flight id, call the seat map service, shape the rows."""

from __future__ import annotations

from typing import Annotated

import strawberry

from data.seatmap.errors import SeatMapError
from data.seatmap.service import seat_map
from graphql_api.common.enums import CabinClass
from graphql_api.common.ids import database_id, issued_global_id
from graphql_api.context import Context
from graphql_api.errors import ApiError
from graphql_api.seatmap.types import SeatMap


def flight_pk(flight_id: str) -> int:
    """The database id inside a Flight global ID; raises `ApiError` (INVALID_ID) otherwise."""
    global_id = issued_global_id(flight_id)
    pk = database_id(global_id.node_id) if global_id and global_id.type_name == "Flight" else None
    if pk is None:
        raise ApiError("This is not a flight id.", code="INVALID_ID", field="flightId")
    return pk


@strawberry.type
class SeatMapQuery:
    @strawberry.field(
        description="The seats of one cabin of a flight: availability, features and prices. "
        "Null when the flight's aircraft has no such cabin; an unknown flight is a "
        "FLIGHT_NOT_FOUND error, an id that is not a flight's an INVALID_ID error."
    )
    async def seat_map(
        self,
        info: strawberry.Info[Context, None],
        flight_id: Annotated[
            strawberry.ID, strawberry.argument(description="A Flight's global ID.")
        ],
        cabin: Annotated[
            CabinClass | None, strawberry.argument(description="The cabin (economy by default).")
        ] = CabinClass.ECONOMY,
        fare_brand: Annotated[
            str | None,
            strawberry.argument(
                description="A fare brand of the cabin, e.g. ECONOMY_FLEX: seats are priced as "
                "that brand sells them (free when it includes seat selection). Without one, "
                "seats are free only when every brand of the cabin includes seat selection; an "
                "unknown brand is an INVALID_FARE_BRAND error."
            ),
        ] = None,
    ) -> SeatMap | None:
        services = info.context.services
        try:
            found = await seat_map(
                flight_id=flight_pk(flight_id),
                cabin=cabin or CabinClass.ECONOMY,
                fare_brand=fare_brand,
                db=services.db,
                currency=services.config.currency,
                now=services.clock.now(),
            )
        except SeatMapError as error:
            raise ApiError(error.message, code=error.code, field=error.field) from None
        return None if found is None else SeatMap.from_data(found)
