"""searchFlights: validate, call the search service, shape one page of offers."""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache

import strawberry
from strawberry import relay

from data.search.errors import SearchError, SearchErrorCode
from data.search.query import build_search_query
from data.search.service import search_offers
from graphql_api.context import Context
from graphql_api.errors import ApiError
from graphql_api.offers.types import OfferBuilder
from graphql_api.search.inputs import FlightSearchInput
from graphql_api.search.types import OfferConnection, OfferEdge

MAX_PAGE = 100
_CURSOR_PREFIX = "offer:"
_CURSOR = re.compile(r"offer:(0|[1-9][0-9]{0,5})")


@lru_cache(maxsize=1024)
def encode_cursor(position: int) -> str:
    """The opaque cursor of the offer at `position`."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The position a cursor points at; raises `SearchError` for anything we did not issue."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    match = _CURSOR.fullmatch(text)
    if match is None or encode_cursor(int(match[1])) != cursor:
        raise SearchError(SearchErrorCode.INVALID_CURSOR, "This cursor is not valid.", "after")
    return int(match[1])


def _page_bounds(first: int | None, after: str | None) -> tuple[int, int]:
    size = 20 if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise SearchError(
            SearchErrorCode.INVALID_PAGE_SIZE, f"`first` must be 0 to {MAX_PAGE}.", "first"
        )
    return (0 if after is None else decode_cursor(after) + 1), size


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Offers for a trip: direct and connecting flights, one offer per fare brand, "
        "sorted and paginated. Bad input is an error with a code (UNKNOWN_AIRPORT, DATE_IN_PAST, "
        "SAME_ORIGIN_DESTINATION, TOO_MANY_PASSENGERS, ...)."
    )
    async def search_flights(
        self,
        info: strawberry.Info[Context, None],
        input: FlightSearchInput,
        first: int | None = 20,
        after: str | None = None,
    ) -> OfferConnection:
        services = info.context.services
        now = services.clock.now()
        try:
            offset, size = _page_bounds(first, after)
            query = build_search_query(
                slices=[piece.spec() for piece in input.slices],
                adults=input.passengers.adults,
                children=input.passengers.children,
                infants=input.passengers.infants,
                cabin=input.cabin,
                max_connections=input.max_connections,
                filter=input.filter.spec() if input.filter else None,
                sort=input.sort,
                group_brands=input.group_fare_brands,
                directory=services.directory,
                now=now,
            )
        except SearchError as error:
            field = error.field if error.field in {"first", "after"} else f"input.{error.field}"
            raise ApiError(error.message, code=error.code, field=field) from None
        result = await search_offers(query, deps=services.search)
        info.context.search_stamps.append(result.stamp)
        expires_at = int(now.timestamp()) + services.config.offer_ttl_seconds
        builder = OfferBuilder(services.directory, services.config.secret_key)
        nodes = builder.page(result, offset, size, expires_at=expires_at)
        edges = [
            OfferEdge(node=node, cursor=encode_cursor(i))
            for i, node in enumerate(nodes, start=offset)
        ]
        return OfferConnection(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=offset + len(edges) < result.total,
                has_previous_page=offset > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=result.total,
        )
