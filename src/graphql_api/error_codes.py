"""Every error a client sees carries an `extensions.code`; internal errors are masked."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import MaskErrors, SchemaExtension

from graphql import GraphQLError
from graphql_api.errors import ApiError

INTERNAL = "INTERNAL_SERVER_ERROR"
CLIENT_ERROR_TYPES = {
    "GlobalIDValueError": "INVALID_ID",
    "InvalidGlobalIDError": "INVALID_ID",
    # a variable whose value a scalar cannot read, e.g. a Date that is not a date
    "StrawberryInputCoercionError": "BAD_USER_INPUT",
    # graphql-core's own word on a variable that does not fit its type (a missing field, an
    # unknown enum value, an Int out of range): it wraps its GraphQLError in another
    "GraphQLError": "BAD_USER_INPUT",
}


def should_mask(error: GraphQLError) -> bool:
    """Mask anything that is not meant for the client (our ApiError or a bad global ID)."""
    original = error.original_error
    if original is None or isinstance(original, ApiError):
        return False
    return type(original).__name__ not in CLIENT_ERROR_TYPES


def code_for(error: GraphQLError) -> str:
    """The stable code of an error that has none yet."""
    original = error.original_error
    if original is not None:
        return CLIENT_ERROR_TYPES.get(type(original).__name__, INTERNAL)
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
    """Adds `extensions.code` to parse, validation and ID errors that lack one."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLError as error:
            # a parse error (or too many tokens) raised by `ParserCache`, which parses inside its
            # hook: it leaves through here before any result exists
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": code_for(error)}
            raise
        result = self.execution_context.result
        errors = list(getattr(result, "errors", None) or [])
        errors += self.execution_context.pre_execution_errors or []
        for error in errors:
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": code_for(error)}
