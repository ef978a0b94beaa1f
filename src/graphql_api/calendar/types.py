"""A day of the fare calendar."""

from __future__ import annotations

from datetime import date

import strawberry

from graphql_api.common.types import Money


@strawberry.type(description="One day of a fare calendar.")
class FareCalendarDay:
    day: date = strawberry.field(name="date", description="Local departure date at the origin.")
    lowest_price: Money | None = strawberry.field(
        description="The cheapest offer that day for one adult in the cabin's cheapest fare "
        "brand, taxes included, direct or with one connection (as searchFlights finds it); null "
        "when nothing can be sold that day (no flight, sold out, past, or beyond the schedule)."
    )
