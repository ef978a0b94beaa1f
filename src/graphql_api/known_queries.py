"""Known queries: a query that ran the whole way without an error runs straight on the executor.

Per request, Strawberry's HTTP view and `Schema.execute` parse the body, build a sub-response
and an execution context, look the document up in the parser cache, check the validation cache
and run every extension's operation, parse, validate and execute hooks around graphql-core's
executor: about 0.3 ms, a tenth of a cold search. What they check of a document (it parses,
validates, keeps within the token, depth and alias limits) cannot change for the same text. So
once a POSTed query text (with its operation name) has run through all of it with no error,
this keeps its parsed document, and a later POST of the same text coerces its variables and
runs the same executor (`FastExecutionContext`) with the same context and resolvers directly.

Only what the whole way would surely answer alike takes the short way: a POST with a JSON body
that is an object of `query`, `variables` and `operationName` only, for a known query. Its
answer is used only when it has no error; otherwise (and for anything unknown or unusual) the
request goes the whole way, so errors are masked and coded as ever. A query that failed here
therefore runs once more there: queries change nothing, and a bad input fails before any real
work, but a query that fails late (a database outage) costs twice its work.

The short way skips the schema's extensions, so each of them must be one it may skip
(`SKIPPABLE`: caches and limits of parsing and validation, which the document already passed,
and error handling, which only acts on errors); `KnownQueries` refuses a schema with any other,
so a new extension is a decision, not a silent gap.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import orjson
import strawberry
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import (
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
)

from graphql import DocumentNode, ExecutionResult, execute
from graphql_api.context import Context
from graphql_api.error_codes import ErrorCodes, MaskInternalErrors
from graphql_api.execution import FastExecutionContext
from graphql_api.outcome import QueryOutcome
from graphql_api.validation import QueryTextValidationCache

MAX_KNOWN = 512
_BODY_KEYS = frozenset({"query", "variables", "operationName"})

Key = tuple[str, str | None]

SKIPPABLE: tuple[type[SchemaExtension], ...] = (
    ParserCache,
    QueryTextValidationCache,
    MaxTokensLimiter,
    ErrorCodes,
    MaskInternalErrors,
    QueryOutcome,
)
"""Extensions a known query may skip (see the module docstring)."""


class KnownQueries:
    """Query documents that ran through the whole pipeline without an error, by text."""

    def __init__(self, schema: strawberry.Schema) -> None:
        others = [type(make()) for make in schema.extensions]
        unknown = sorted(kind.__name__ for kind in others if kind not in SKIPPABLE)
        if unknown:
            raise ValueError(f"known queries would skip these extensions: {', '.join(unknown)}")
        self.schema = schema._schema
        self.documents: OrderedDict[Key, tuple[DocumentNode, bool]] = OrderedDict()

    @staticmethod
    def read(body: bytes, content_type: str) -> tuple[Key, dict[str, Any] | None] | None:
        """(text and operation name, variables) of a plain JSON query body, else None."""
        if content_type.split(";", 1)[0].strip().lower() != "application/json":
            return None
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            return None
        if type(data) is not dict or not data.keys() <= _BODY_KEYS:
            return None
        query, variables, name = data.get("query"), data.get("variables"), data.get("operationName")
        if type(query) is not str or (variables is not None and type(variables) is not dict):
            return None
        if name is not None and type(name) is not str:
            return None
        return (query, name), variables

    def learn(self, key: Key, context: Context) -> None:
        """Remember the document of a request that went the whole way, if it succeeded."""
        document = context.succeeded_query
        if document is None:
            return
        self.documents[key] = (document, context.response_cacheable)
        self.documents.move_to_end(key)
        while len(self.documents) > MAX_KNOWN:
            self.documents.popitem(last=False)

    async def run(
        self, key: Key, variables: dict[str, Any] | None, context: Context
    ) -> dict[str, Any] | None:
        """The data of a known query run straight on the executor, or None to go the whole way
        (unknown text, or any error)."""
        known = self.documents.get(key)
        if known is None:
            return None
        document, cacheable = known
        try:
            result: Any = execute(
                self.schema,
                document,
                context_value=context,
                variable_values=variables,
                operation_name=key[1],
                executor_class=FastExecutionContext,
                is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]
                operation_extensions=None,
            )
            if optimized_is_awaitable(result):
                result = await result
        except Exception:  # whatever it is, the whole way reports it properly
            return None
        if not isinstance(result, ExecutionResult) or result.errors or result.data is None:
            return None
        if key in self.documents:  # others may have pushed it out meanwhile
            self.documents.move_to_end(key)
        context.response_cacheable = cacheable
        return result.data
