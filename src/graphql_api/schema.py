"""The schema, composed from per-domain Query and Mutation classes."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from graphql_api.error_codes import ErrorCodes, MaskInternalErrors
from graphql_api.reference.queries import ReferenceQuery
from graphql_api.reference.types import Airline

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4_000


@strawberry.type(description="The root of every read.")
class Query(ReferenceQuery):
    node: relay.Node | None = relay.node(description="Any object by its global ID.")


def build_schema() -> strawberry.Schema:
    """The Skyport schema with its limits and caches."""
    return strawberry.Schema(
        query=Query,
        types=[Airline],
        config=StrawberryConfig(auto_camel_case=True),
        extensions=[
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            ErrorCodes,
            MaskInternalErrors,
        ],
    )


schema = build_schema()
