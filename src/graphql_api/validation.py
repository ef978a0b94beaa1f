"""Validation cached by query text, with the limit rules built once and owned by the cache.

Strawberry's `ValidationCache` keys its LRU on the parsed document, and hashing a frozen AST
walks every node (about 1.5 ms for the storefront's search document). `ParserCache` already maps
a text to one document, so the text itself is a sound, O(1) key. The depth and alias limiters
each build a new rule class per instance; built per request they would also defeat any cache,
so their rules are made once here. The cache validates with them itself (on top of the rules
Strawberry's context holds), so no order of extensions can drop them.

`ExpensiveFields` caps how often an operation may ask for the fields that cost searches: 30
aliased `fareCalendar` fields would be some 900 searches in one request, queued ahead of every
other customer's calendar.

Before any rule runs, a document is measured as its operations would run (`expanded_fields`:
each fragment counted at every spread, worked out once per fragment): rules walk the expanded
selections, the depth limiter among them, so a few fragments that each spread the next one twice
would cost them exponential time in a document of a hundred tokens. Over
`MAX_EXPANDED_FIELDS` it is refused without running them. So is a document asking for more than
`MAX_OBJECT_FIELDS` fields of one object (`widest_object`): graphql-core's
OverlappingFieldsCanBeMerged compares every two fields of one response name that meet in an
object, so `{ lastScheduledDate lastScheduledDate … }` a thousand times took it 0.2-0.4 s,
until its own work budget ran out and it answered "Validation aborted.". With at most 100
fields to an object, the most a 4,000-token document can make it do (30 aliased objects of 100
alike: about 80 ms on a 2-core machine) is about what the other rules cost such a document; at
200, 18 such objects still ran its budget out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.schema.schema import validate_document

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

TOO_COSTLY = "QUERY_TOO_COSTLY"
MAX_EXPANDED_FIELDS = 5_000
"""Fields an operation may ask for once its fragments are spread in (GraphiQL's introspection
query is about 300)."""


def expanded_fields(document: DocumentNode, *, cap: int = MAX_EXPANDED_FIELDS) -> int:
    """The most fields any operation of `document` asks for with its fragments spread in,
    counted up to just past `cap` (linear in the document: each fragment is measured once).
    Spreads of unknown fragments and cycles count nothing: other rules refuse them."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    measured: dict[str, int] = {}

    def size(selections: SelectionSetNode, inside: frozenset[str]) -> int:
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += 1
                if selection.selection_set is not None:
                    total += size(selection.selection_set, inside)
            elif isinstance(selection, InlineFragmentNode):
                total += size(selection.selection_set, inside)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in measured and name in fragments and name not in inside:
                    measured[name] = size(fragments[name].selection_set, inside | {name})
                total += measured.get(name, 0)
            if total > cap:
                break
        return total

    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return max((size(op.selection_set, frozenset()) for op in operations), default=0)


MAX_OBJECT_FIELDS = 100
"""Fields one object of an answer may be asked for, a field asked for again counted again
(the widest type has 12 fields; GraphiQL's introspection query asks for at most 10 of one
object, the storefront's documents for at most 10)."""


def widest_object(document: DocumentNode, *, cap: int = MAX_OBJECT_FIELDS) -> int:
    """The most fields any object of an answer to `document` is asked for, counted up to just
    past `cap`: the fields execution would merge into it (a selection set's own, with its
    fragments spread in, and for an object below, those of every field of its response name).
    Each selection set's own fields are worked out once (at most `cap` + 1 of them), and an
    object is made of at most as many selection sets as its fields below were asked for, so
    this is linear in the document spread out (`expanded_fields`, checked first). Spreads of
    unknown fragments and cycles count nothing: other rules refuse them."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    own: dict[int, list[FieldNode]] = {}
    spreading: set[str] = set()
    merges_left = MAX_EXPANDED_FIELDS  # (only a cycle through fields below runs out of them)

    def fields_of(selections: SelectionSetNode) -> list[FieldNode]:
        known = own.get(id(selections))
        if known is not None:
            return known
        found: list[FieldNode] = []
        for selection in selections.selections:
            if len(found) > cap:
                break
            if isinstance(selection, FieldNode):
                found.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                found += fields_of(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in spreading:
                    spreading.add(name)
                    found += fields_of(fragments[name].selection_set)
                    spreading.discard(name)
        own[id(selections)] = found = found[: cap + 1]
        return found

    Scopes = dict[int, tuple[SelectionSetNode, int]]  # selection sets, with how many times each
    objects: list[Scopes] = [
        {id(op.selection_set): (op.selection_set, 1)}
        for op in document.definitions
        if isinstance(op, OperationDefinitionNode)
    ]
    widest = 0
    while objects and merges_left >= 0:
        scopes = objects.pop()
        merges_left -= len(scopes)
        count = 0
        below: dict[str, Scopes] = {}
        for selections, times in scopes.values():
            fields = fields_of(selections)
            count += times * len(fields)
            if count > cap:
                return count
            for field in fields:
                if field.selection_set is not None:
                    merged = below.setdefault((field.alias or field.name).value, {})
                    _, before = merged.get(id(field.selection_set), (None, 0))
                    merged[id(field.selection_set)] = (field.selection_set, before + times)
        widest = max(widest, count)
        objects += below.values()
    return widest


def _too_large(document: DocumentNode) -> list[GraphQLError]:
    if expanded_fields(document) > MAX_EXPANDED_FIELDS:
        message = (
            f"This query asks for more than {MAX_EXPANDED_FIELDS} fields once its fragments"
            " are spread in."
        )
        limit = MAX_EXPANDED_FIELDS
    elif widest_object(document) > MAX_OBJECT_FIELDS:
        message = (
            f"This query asks for more than {MAX_OBJECT_FIELDS} fields of one object (a field"
            " asked for again, or through several fragments, counts each time)."
        )
        limit = MAX_OBJECT_FIELDS
    else:
        return []
    return [GraphQLError(message, extensions={"code": TOO_COSTLY, "limit": limit})]


def expensive_fields_rule(
    limits: dict[str, int], counts_as: dict[str, str] | None = None
) -> type[ValidationRule]:
    """A rule refusing an operation that asks for a root field more often than `limits` allows
    (by field name, whatever the aliases, through fragments too). A field of `counts_as` spends
    the budget of the field it names (`node` can fetch an offer as `offer` does)."""
    sharing = counts_as or {}
    also = {budget: sorted(f for f, b in sharing.items() if b == budget) for budget in limits}

    class ExpensiveFields(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            counts: dict[str, int] = {}
            self._count(node.selection_set, counts, set())
            for name, count in counts.items():
                limit = limits.get(name)
                if limit is not None and count > limit:
                    named = " and ".join([name, *also[name]])
                    self.report_error(
                        GraphQLError(
                            f"An operation may ask for {named} at most {limit} times in all;"
                            f" this one asks {count} times. Send the rest in another request.",
                            node,
                            extensions={"code": TOO_COSTLY, "field": name, "limit": limit},
                        )
                    )

        def _count(
            self, selections: SelectionSetNode, counts: dict[str, int], seen: set[str]
        ) -> None:
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    name = sharing.get(selection.name.value, selection.name.value)
                    counts[name] = counts.get(name, 0) + 1
                elif isinstance(selection, InlineFragmentNode):
                    self._count(selection.selection_set, counts, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.context.get_fragment(name)
                    if fragment is not None and name not in seen:  # (cycles: another rule's)
                        self._count(fragment.selection_set, counts, seen | {name})

    return ExpensiveFields


def limit_rules(
    *,
    max_depth: int,
    max_aliases: int,
    expensive: dict[str, int] | None = None,
    counts_as: dict[str, str] | None = None,
) -> tuple[Any, ...]:
    """The depth, alias and expensive-field limit rules, as validation rule classes."""
    return (
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
        *([expensive_fields_rule(expensive, counts_as)] if expensive else []),
    )


_results: OrderedDict[tuple[int, str, tuple[Any, ...]], list[GraphQLError]] = OrderedDict()


class QueryTextValidationCache(SchemaExtension):
    """Validate each distinct query text once per schema and rule set (LRU of `maxsize`), with
    the context's rules and this cache's own `rules` (the limits)."""

    def __init__(self, *, rules: tuple[Any, ...] = (), maxsize: int = 512) -> None:
        self.rules = rules
        self.maxsize = maxsize

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        schema = context.schema._schema
        document = context.graphql_document
        rules = (*context.validation_rules, *self.rules)
        if context.query is None or document is None:
            context.pre_execution_errors = (
                (_too_large(document) or validate_document(schema, document, rules))
                if document
                else []
            )
            yield
            return
        key = (id(schema), context.query, rules)
        errors = _results.get(key)
        if errors is None:
            errors = _too_large(document) or validate_document(schema, document, rules)
            _results[key] = errors
            if len(_results) > self.maxsize:
                _results.popitem(last=False)
        else:
            _results.move_to_end(key)
        context.pre_execution_errors = errors or _unnamed_choice(context)
        yield


def _unnamed_choice(context: Any) -> list[GraphQLError]:
    """The spec's error for a document of several operations sent without `operationName`
    (Strawberry would run the first one)."""
    if getattr(context, "_provided_operation_name", None) is not None:
        return []
    document = context.graphql_document
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) < 2:
        return []
    return [
        GraphQLError(
            "Must provide operation name if query contains multiple operations.",
            extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
        )
    ]
