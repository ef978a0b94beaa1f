"""fareCalendar: validate, call the calendar service, shape the days."""

from __future__ import annotations

from typing import Annotated

import strawberry

from data.calendar.errors import CalendarError
from data.calendar.service import fare_calendar
from graphql_api.calendar.types import FareCalendarDay
from graphql_api.common.enums import CabinClass
from graphql_api.common.types import Money
from graphql_api.context import Context
from graphql_api.errors import ApiError


@strawberry.type
class CalendarQuery:
    @strawberry.field(
        description="The lowest one-adult price (taxes included) for each day of a month on a "
        "route, for a results page. Bad input is an error with a code (UNKNOWN_AIRPORT, "
        "SAME_ORIGIN_DESTINATION, INVALID_MONTH, MONTH_OUT_OF_RANGE)."
    )
    async def fare_calendar(
        self,
        info: strawberry.Info[Context, None],
        origin: Annotated[str, strawberry.argument(description="Origin IATA code, e.g. LHR.")],
        destination: Annotated[
            str, strawberry.argument(description="Destination IATA code, e.g. JFK.")
        ],
        month: Annotated[
            str,
            strawberry.argument(
                description="Month as YYYY-MM, from the current month up to a year ahead."
            ),
        ],
        cabin: Annotated[
            CabinClass | None, strawberry.argument(description="The cabin (economy by default).")
        ] = CabinClass.ECONOMY,
        max_connections: Annotated[
            int | None,
            strawberry.argument(
                description="Connections a day's itineraries may make, 0 to 2 (1 by default), as "
                "in searchFlights: 0 prices direct flights only."
            ),
        ] = 1,
    ) -> list[FareCalendarDay]:
        services = info.context.services
        try:
            found = await fare_calendar(
                origin=origin,
                destination=destination,
                month=month,
                cabin=cabin or CabinClass.ECONOMY,
                connections=1 if max_connections is None else max_connections,
                deps=services.search,
                memo=services.calendar_memo,
            )
        except CalendarError as error:
            raise ApiError(error.message, code=error.code, field=error.field) from None
        currency = found.currency
        return [
            FareCalendarDay(
                day=day.day,
                lowest_price=None
                if day.lowest_minor is None
                else Money(amount_minor=day.lowest_minor, currency=currency),
            )
            for day in found.days
        ]
