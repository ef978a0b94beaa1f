"""The schema, composed from per-domain Query and Mutation classes."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxTokensLimiter, ParserCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from graphql import GraphQLError
from graphql_api.calendar.queries import CalendarQuery
from graphql_api.common.nodes import NodeQuery
from graphql_api.common.scalars import SCALAR_OVERRIDES
from graphql_api.error_codes import ErrorCodes, MaskInternalErrors, should_mask
from graphql_api.execution import FastExecutionContext
from graphql_api.flights.types import Flight
from graphql_api.offers.queries import OfferQuery
from graphql_api.outcome import QueryOutcome
from graphql_api.reference.queries import ReferenceQuery
from graphql_api.reference.types import Airline
from graphql_api.search.queries import SearchQuery
from graphql_api.seatmap.queries import SeatMapQuery
from graphql_api.validation import QueryTextValidationCache, limit_rules

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4_000
EXPENSIVE_FIELDS = {"searchFlights": 3, "fareCalendar": 2, "seatMap": 4, "offer": 10}
"""How often one operation may ask for each field that runs searches or re-prices (a month of
fare calendar is up to 31 searches; each offer is re-priced against live inventory)."""
COUNTS_AS = {"node": "offer"}
"""`node` can fetch (and re-price) an offer as `offer` does: they share its budget."""
LIMIT_RULES = limit_rules(
    max_depth=MAX_DEPTH, max_aliases=MAX_ALIASES, expensive=EXPENSIVE_FIELDS, counts_as=COUNTS_AS
)


@strawberry.type(description="The root of every read.")
class Query(ReferenceQuery, SearchQuery, OfferQuery, CalendarQuery, SeatMapQuery, NodeQuery):
    pass


class SkyportSchema(strawberry.Schema):
    """Logs only the errors we did not expect; a client's bad input is not an incident."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = [error for error in errors if should_mask(error)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema() -> strawberry.Schema:
    """The Skyport schema with its limits and caches."""
    return SkyportSchema(
        query=Query,
        types=[Airline, Flight],
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=FastExecutionContext,
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[
            lambda: ParserCache(maxsize=512),
            lambda: QueryTextValidationCache(rules=LIMIT_RULES, maxsize=512),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            ErrorCodes,
            MaskInternalErrors,
            QueryOutcome,
        ],
    )


schema = build_schema()
