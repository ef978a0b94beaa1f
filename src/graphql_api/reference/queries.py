"""Reference queries: airport autocomplete."""

from __future__ import annotations

import strawberry

from graphql_api.context import Context
from graphql_api.errors import bad_input
from graphql_api.reference.types import Airport

MAX_AIRPORTS = 50


@strawberry.type
class ReferenceQuery:
    @strawberry.field(
        description="Airports matching a code, city or name, a metropolitan area (NYC, "
        '"buenos aires") or words of several ("tokyo haneda"); prefix matches first, '
        "tolerant of case, accents and small typos."
    )
    async def airports(
        self, info: strawberry.Info[Context, None], search: str, first: int | None = 10
    ) -> list[Airport]:
        first = 10 if first is None else first
        if not 1 <= first <= MAX_AIRPORTS:
            # the code searchFlights gives a page size out of range too
            raise bad_input(
                f"`first` must be 1 to {MAX_AIRPORTS}.", field="first", code="INVALID_PAGE_SIZE"
            )
        if len(search) > 100:
            raise bad_input("`search` is limited to 100 characters.", field="search")
        services = info.context.services
        records = await services.directory.search_airports_cached(
            services.cache, search, first=first
        )
        return [Airport.from_record(r) for r in records]
