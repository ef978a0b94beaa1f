"""searchFlights: validate, call the search service, shape one page of offers."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from data.search.errors import SearchError, SearchErrorCode
from data.search.query import build_search_query
from data.search.service import (
    ensure_scheduled,
    last_scheduled_day,
    nearest_limit,
    search_offers,
)
from graphql_api.context import Context
from graphql_api.errors import ApiError
from graphql_api.offers.types import OfferBuilder
from graphql_api.search.cursors import cursor_scope, decode_cursor, encode_cursor
from graphql_api.search.inputs import FlightSearchInput
from graphql_api.search.types import OfferConnection, OfferEdge

MAX_PAGE = 100


def _page_size(first: int | None) -> int:
    size = 20 if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise SearchError(
            SearchErrorCode.INVALID_PAGE_SIZE, f"`first` must be 0 to {MAX_PAGE}.", "first"
        )
    return size


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="The last date flights are on sale, the same date at every airport (null "
        "before any flight is scheduled): a search of a later day is refused with "
        "DATE_NOT_SCHEDULED. A date picker, or links to other days, can end there."
    )
    async def last_scheduled_date(self, info: strawberry.Info[Context, None]) -> date | None:
        return await last_scheduled_day(info.context.services.search)

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
            size = _page_size(first)
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
            scope = cursor_scope(query)
            place = None if after is None else decode_cursor(after, scope)
            await ensure_scheduled(query, services.search)
        except SearchError as refused:
            error = await nearest_limit(refused, services.search)
            field = error.field
            if field is not None and field not in {"first", "after"}:
                field = f"input.{field}"
            raise ApiError(error.message, code=error.code, field=field, **error.details) from None
        result = await search_offers(query, deps=services.search)
        info.context.search_stamps.append(result.stamp)
        if result.stale_at is not None:
            info.context.searches_stale_at = min(info.context.searches_stale_at, result.stale_at)
        offset = 0 if place is None else result.after(place)
        expires_at = int(now.timestamp()) + services.config.offer_ttl_seconds
        builder = OfferBuilder(services.directory, services.config.secret_key)
        nodes = builder.page(result, offset, size, expires_at=expires_at)
        edges = [
            OfferEdge(node=node, row=row, scope=scope)
            for node, row in zip(nodes, result.rows[offset : offset + len(nodes)], strict=True)
        ]
        last = offset + len(edges) - 1
        return OfferConnection(
            edges=edges,
            page_info=relay.PageInfo(
                # (an empty page has no end cursor to go on from: it never says there is more)
                has_next_page=bool(edges) and offset + len(edges) < result.total,
                has_previous_page=offset > 0,
                start_cursor=encode_cursor(result.place(offset), scope) if edges else None,
                end_cursor=encode_cursor(result.place(last), scope) if edges else None,
            ),
            total_count=result.total,
            result=result,
        )
