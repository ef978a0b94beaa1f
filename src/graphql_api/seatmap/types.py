"""Seat maps: rows of seats with availability, features and prices."""

from __future__ import annotations

import strawberry

from data.seatmap.layout import SeatRow as SeatRowData
from data.seatmap.service import SeatMap as SeatMapData
from graphql_api.common.enums import CabinClass
from graphql_api.common.types import Money
from graphql_api.context import Context
from graphql_api.flights.types import Flight


@strawberry.type(description="A seat of a cabin.")
class Seat:
    designator: str = strawberry.field(description="Row and letter, e.g. 12A.")
    available: bool = strawberry.field(
        description="Whether it can be chosen now. Seats sold without a seat choice are shown "
        "taken too, so the free seats never exceed the seats still for sale."
    )
    cabin: CabinClass = strawberry.field(description="The cabin the seat is in.")
    features: list[str] = strawberry.field(
        description="WINDOW, AISLE or MIDDLE, plus EXIT_ROW and EXTRA_LEGROOM where they apply."
    )
    price: Money | None = strawberry.field(
        description="What choosing this seat costs one passenger; null when it is free or "
        "included (business, first, premium economy, and fare brands with seat selection)."
    )
    aisle_after: bool = strawberry.field(
        description="Whether an aisle runs between this seat and the next one of the row (two "
        "AISLE seats side by side, as in a 1-2-1 cabin, have none between them)."
    )


@strawberry.type(description="A row of seats, in cross-section order (aisles left out).")
class SeatRow:
    number: int = strawberry.field(description="Row number, e.g. 12.")
    seats: list[Seat] = strawberry.field(description="The seats of the row, window to window.")


@strawberry.type(description="The seats of one cabin of a flight.")
class SeatMap:
    cabin: CabinClass = strawberry.field(description="The cabin shown.")
    rows: list[SeatRow] = strawberry.field(description="The cabin's rows, front to back.")
    flight_id: strawberry.Private[int]

    @strawberry.field(description="The flight.")
    async def flight(self, info: strawberry.Info[Context, None]) -> Flight:
        cabins = await info.context.loaders.flight_by_id.load(self.flight_id)
        assert cabins, "a seat map exists only for a flight"
        leg = cabins.get(self.cabin.value) or next(iter(cabins.values()))
        return Flight.from_leg(leg, info.context.services.directory, cabins)

    @classmethod
    def from_data(cls, data: SeatMapData) -> SeatMap:
        """The GraphQL view of a seat map from the service."""
        cabin, currency = data.cabin, data.currency
        return cls(
            cabin=cabin,
            flight_id=data.flight_id,
            rows=[_row(row, cabin, currency) for row in data.rows],
        )


def _row(row: SeatRowData, cabin: CabinClass, currency: str) -> SeatRow:
    return SeatRow(
        number=row.number,
        seats=[
            Seat(
                designator=seat.designator,
                available=seat.available,
                cabin=cabin,
                features=list(seat.features),
                price=Money(amount_minor=seat.price_minor, currency=currency)
                if seat.price_minor
                else None,
                aisle_after=seat.aisle_after,
            )
            for seat in row.seats
        ],
    )
