"""What became of an operation, recorded on the context for the HTTP view's shortcuts."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graphql import FieldNode, OperationDefinitionNode
from graphql_api.context import Context

SEARCH_FIELD = "searchFlights"


def _only_searches(operation: OperationDefinitionNode) -> bool:
    selections = operation.selection_set.selections
    return bool(selections) and all(
        isinstance(node, FieldNode) and node.name.value == SEARCH_FIELD and not node.directives
        for node in selections
    )


class QueryOutcome(SchemaExtension):
    """On a query that succeeded, records its document (`Context.succeeded_query`, for
    `graphql_api.known_queries`) and whether it read only `searchFlights`
    (`Context.response_cacheable`, for `graphql_api.search.response_cache`)."""

    def on_execute(self) -> Iterator[None]:
        yield
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        result = execution.result
        if (
            not isinstance(context, Context)
            or document is None
            or execution.operation_type is not OperationType.QUERY
            or result is None
            or getattr(result, "errors", None)
        ):
            return
        context.succeeded_query = document
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        context.response_cacheable = (
            bool(context.search_stamps) and len(operations) == 1 and _only_searches(operations[0])
        )
