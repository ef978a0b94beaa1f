"""Every error a client sees carries an `extensions.code`; internal errors are masked."""

from __future__ import annotations

import re
from collections.abc import Iterator

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay.types import GlobalIDValueError

from data.search.query import echo
from graphql import GraphQLError
from graphql_api.errors import ApiError
from graphql_api.variable_errors import explain

INTERNAL = "INTERNAL_SERVER_ERROR"
LONG_MESSAGE = 240
"""A message longer than this has what it quotes cut short (graphql-core's messages quote names
and values whole: an unknown enum value or field name of 60,000 characters came back whole)."""
LONGEST_MESSAGE = 1_000
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\S{60,}")
"""What a message quotes: a quoted text, or a long run of anything but spaces (graphql-core
quotes a number or a list as written, with no quotation marks)."""


def _client_code(error: GraphQLError) -> str | None:
    """The code of an error the client caused that is not our `ApiError`, else None."""
    original = error.original_error
    if isinstance(original, GlobalIDValueError):  # a garbled or foreign global ID
        return "INVALID_ID"
    if isinstance(original, StrawberryInputCoercionError):  # a scalar could not read a value
        return "BAD_USER_INPUT"
    if isinstance(original, ValueError) and not error.path:
        # a literal of the document no scalar can read, raised while validating it: an Int of
        # 5,000 digits, which Python refuses to convert
        return "BAD_USER_INPUT"
    if type(original) is GraphQLError and not error.path:
        # graphql-core's own word on a variable that does not fit its type (a missing field, an
        # unknown enum value, an Int out of range): it wraps its GraphQLError in another, before
        # anything runs. The same raised inside a resolver (it then has a path) is no client's.
        return "BAD_USER_INPUT"
    return None


def should_mask(error: GraphQLError) -> bool:
    """Mask anything not meant for the client: every error of a field (it has a path) but our
    `ApiError` and a bad global ID or input, and any exception that is not a GraphQL error."""
    original = error.original_error
    if isinstance(original, ApiError) or isinstance(error, ApiError):
        return False
    if original is None:  # parse and validation errors are the client's; a field's is a bug
        return bool(error.path)
    return _client_code(error) is None


def code_for(error: GraphQLError) -> str:
    """The stable code of an error that has none yet."""
    if error.original_error is not None:
        return _client_code(error) or INTERNAL
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.path:
        return INTERNAL
    return "GRAPHQL_VALIDATION_FAILED"


class MaskInternalErrors(MaskErrors):
    """Strawberry's MaskErrors, with our policy and a code on the masked message."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask, error_message="Internal server error")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL}
        return masked


class ErrorCodes(SchemaExtension):
    """Adds `extensions.code` to parse, validation and ID errors that lack one, explains a
    variable that does not fit its type (`graphql_api.variable_errors`) and cuts short what
    graphql-core's long messages quote."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLError as raised:
            # a parse error (or too many tokens) raised by `ParserCache`, which parses inside its
            # hook: it leaves through here before any result exists
            _finish(raised)
            raise
        result = self.execution_context.result
        errors = list(getattr(result, "errors", None) or [])
        for error in errors:
            if error.original_error is not None and not error.path:
                explain(error, self.execution_context.variables)
        errors += self.execution_context.pre_execution_errors or []
        for error in errors:
            _finish(error)


def _finish(error: GraphQLError) -> None:
    """A code for `error` if it has none; what a long message of graphql-core's quotes cut
    short."""
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": code_for(error)}
    ours = isinstance(error, ApiError) or isinstance(error.original_error, ApiError)
    if not ours:
        error.message = shortened(error.message)


def shortened(message: str) -> str:
    """`message` as it is up to `LONG_MESSAGE` characters; longer, with each thing it quotes
    cut short as the API's errors quote what they were sent (`echo`), and cut at
    `LONGEST_MESSAGE` if still longer."""
    if len(message) <= LONG_MESSAGE:
        return message
    return echo(_QUOTED.sub(_cut_quote, message), LONGEST_MESSAGE)


def _cut_quote(quoted: re.Match[str]) -> str:
    text = quoted[0]
    if text[0] not in "'\"":
        return echo(text)
    return text[0] + echo(text[1:-1]) + text[-1]
