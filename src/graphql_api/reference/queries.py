"""Reference queries: airport autocomplete."""

from __future__ import annotations

import strawberry

from data.reference.matching import Match
from graphql_api.context import Context
from graphql_api.errors import bad_input
from graphql_api.reference.types import Airport

MAX_AIRPORTS = 50


@strawberry.type(description="An airport found for a text, and how plainly the text names it.")
class AirportMatch:
    airport: Airport = strawberry.field(description="The airport.")
    plainly_named: bool = strawberry.field(
        description="True when the text names the airport outright: its code or its "
        "metropolitan area's (typed as a code, in capitals or spelt out, it names no airports but "
        "those, and none when no airport has it), its "
        "city in full, or the start of words of its city, metropolitan area, name or everyday "
        "name, three letters at least ('nyc', 'london', 'tokyo haneda'). False for a guess (a "
        "typo, initials, a code's first letters, letters inside a word), which a form would "
        "rather ask about."
    )


async def _matches(info: strawberry.Info[Context, None], search: str, first: int) -> list[Match]:
    if not 1 <= first <= MAX_AIRPORTS:
        # the code searchFlights gives a page size out of range too
        raise bad_input(
            f"`first` must be 1 to {MAX_AIRPORTS}.", field="first", code="INVALID_PAGE_SIZE"
        )
    if len(search) > 100:
        raise bad_input("`search` is limited to 100 characters.", field="search")
    services = info.context.services
    return await services.directory.match_airports_cached(services.cache, search, first=first)


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
        matches = await _matches(info, search, 10 if first is None else first)
        return [Airport.from_record(match.airport) for match in matches]

    @strawberry.field(
        description="The airports `airports` finds, in its order, each saying whether the text "
        "names it plainly or is a guess: what a search form needs to search at once or to ask "
        "which airport was meant."
    )
    async def airport_matches(
        self, info: strawberry.Info[Context, None], search: str, first: int | None = 10
    ) -> list[AirportMatch]:
        matches = await _matches(info, search, 10 if first is None else first)
        return [
            AirportMatch(airport=Airport.from_record(match.airport), plainly_named=match.plain)
            for match in matches
        ]
