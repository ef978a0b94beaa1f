"""Validation cached by query text, with the limit rules built once.

Strawberry's `ValidationCache` keys its LRU on the parsed document, and hashing a frozen AST
walks every node (about 1.5 ms for the storefront's search document). `ParserCache` already maps
a text to one document, so the text itself is a sound, O(1) key. The depth and alias limiters
each build a new rule class per instance; built per request they would also defeat any cache,
so their rules are made once here and added by one `AddValidationRules`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.schema.schema import validate_document

from graphql import GraphQLError


def limit_rules(*, max_depth: int, max_aliases: int) -> list[Any]:
    """The depth and alias limit rules, as validation rule classes."""
    return [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    ]


_results: OrderedDict[tuple[int, str, tuple[Any, ...]], list[GraphQLError]] = OrderedDict()


class QueryTextValidationCache(SchemaExtension):
    """Validate each distinct query text once per schema and rule set (LRU of `maxsize`)."""

    def __init__(self, maxsize: int = 512) -> None:
        self.maxsize = maxsize

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        schema = context.schema._schema
        document = context.graphql_document
        if context.query is None or document is None:
            context.pre_execution_errors = (
                validate_document(schema, document, context.validation_rules) if document else []
            )
            yield
            return
        key = (id(schema), context.query, context.validation_rules)
        errors = _results.get(key)
        if errors is None:
            errors = validate_document(schema, document, context.validation_rules)
            _results[key] = errors
            if len(_results) > self.maxsize:
                _results.popitem(last=False)
        else:
            _results.move_to_end(key)
        context.pre_execution_errors = errors
        yield
