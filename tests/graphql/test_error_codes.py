"""Which errors a client reads as they are, and which are masked: by exception class, not name."""

from __future__ import annotations

import pytest
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.relay.types import GlobalIDValueError

from graphql import GraphQLError, located_error
from graphql_api.error_codes import code_for, should_mask
from graphql_api.errors import ApiError


def in_a_field(cause: Exception) -> GraphQLError:
    """What graphql-core makes of an exception raised by a resolver."""
    return located_error(cause, None, ["searchFlights"])


class GraphQLErrorLookalike(Exception):
    """A library's exception that happens to share a GraphQL class name."""


GraphQLErrorLookalike.__name__ = "GraphQLError"


@pytest.mark.parametrize(
    ("error", "masked", "code"),
    [
        # ours, meant for the client
        (in_a_field(ApiError("No such airport", code="UNKNOWN_AIRPORT")), False, None),
        (in_a_field(GlobalIDValueError("bad id")), False, "INVALID_ID"),
        (in_a_field(StrawberryInputCoercionError("not a date")), False, "BAD_USER_INPUT"),
        # graphql-core refusing a variable, before anything runs (no path)
        (
            GraphQLError("Variable '$n' got invalid value", original_error=GraphQLError("x")),
            False,
            "BAD_USER_INPUT",
        ),
        # parse and validation errors
        (GraphQLError("Syntax Error: Expected Name"), False, "GRAPHQL_PARSE_FAILED"),
        (GraphQLError("Cannot query field 'nope'"), False, "GRAPHQL_VALIDATION_FAILED"),
        # not meant for anyone outside
        (in_a_field(RuntimeError("connection to db password=hunter2 failed")), True, None),
        (in_a_field(GraphQLError("db password=hunter2")), True, None),
        (in_a_field(GraphQLErrorLookalike("db password=hunter2")), True, None),
        (GraphQLError("Cannot return null for non-nullable field", path=["offer"]), True, None),
    ],
)
def test_errors_are_masked_by_what_they_are(
    error: GraphQLError, masked: bool, code: str | None
) -> None:
    assert should_mask(error) is masked
    if masked:
        assert code_for(error) == "INTERNAL_SERVER_ERROR"
    elif code is not None:
        assert code_for(error) == code
