"""Compiled projectors: a plain selection turned into Python functions, made once per document.

When a field's value is an object or a list of objects (completed by the executor's
`complete_value`, or read by its fast path, `graphql_api.execution`) and its whole selection
subtree is compilable, the value is turned into the JSON-ready result by functions compiled
from generated source (`graphql_api.projector_source`: one dict display per selected object)
once per (return type, field nodes) and kept across requests: documents come from Strawberry's
ParserCache, so the nodes of one query text are the same objects every time. The cache is keyed
by id(), holds the return type, the nodes and the fragment definitions it read (so identity is
checked and an id is never reused), and keeps at most 512 entries. A subtree is compilable when
it has no directive at all (@skip/@include depend on variables; @defer/@stream), no arguments,
no interface or union, and each field is `__typename`, a plain attribute field, or relay's own
Node `id` on a class keeping the default `resolve_id`/`resolve_typename` (which is
`GlobalID(type name, str(NodeID attribute))`, serialised by the field's scalar), or a field whose
resolver is a synchronous function of `self` alone, like `Money.amount` (called directly; if it
raises, graphql-core calls it again on its own path and reports the error); otherwise the
projector declines and the executor's fast path handles the field. The projector builds no paths and
checks no awaitables: a null in a nullable field is None, and a null in a non-null field, an
object not of the field's Strawberry class (for Node classes: not exactly of it), a leaf that
does not serialise, or any exception abandons the projection of that field, which graphql-core
then completes from scratch so that errors and their paths are exactly its own.

Within one answer, an object with objects inside (an offer's slice, which every brand of the
itinerary shows) is projected once and its dict placed wherever the object appears, and a date or
time is written once; the memos behind this live in the compiled functions' namespace, are keyed
by id() while holding the value, and are emptied when the root returns. So: the answer may hold
the same dict in several places (nothing may change it in place), a resolver of `self` runs once
per object and answer rather than once per place (those we compile are pure, like
`Money.amount`), and a projector must not be re-entered, which holds because projection is
synchronous and runs on the event loop's one thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, NamedTuple

from graphql.execution.collect_fields import FragmentDetails, collect_subfields
from graphql.type.scalars import serialize_id
from strawberry.relay import GlobalID, Node, to_base64
from strawberry.types.field import StrawberryField

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
)
from graphql_api.projector_source import Projector, ProjectorSource, Slow

__all__ = [
    "BACKREF",
    "Projector",
    "Slow",
    "compiled",
    "parent_node_id",
    "plain_attribute",
    "reading",
]

BACKREF = "strawberry-definition"
"""Where Strawberry keeps its field and type definitions in graphql-core's `extensions`."""


_PROJECTOR_CACHE_SIZE = 512
_NODE_ID_RESOLVER = Node.__dict__["_id"].__func__
_DEFAULT_RESOLVE_ID = Node.__dict__["resolve_id"].__func__
_DEFAULT_RESOLVE_TYPENAME = Node.__dict__["resolve_typename"].__func__


class _Entry(NamedTuple):
    return_type: GraphQLOutputType
    nodes: tuple[FieldNode, ...]
    fragments: tuple[tuple[str, FragmentDefinitionNode], ...]
    projector: Projector | None


_projectors: dict[tuple[int, ...], _Entry] = {}


class _Decline(Exception):
    """The selection cannot be compiled into a projector."""


def _no_directives(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDetails],
    used: dict[str, FragmentDefinitionNode],
) -> None:
    """Decline if any selection below carries a directive, arguments or fragment variables."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if selection.directives:
            raise _Decline
        if isinstance(selection, FieldNode):
            if selection.arguments:
                raise _Decline
            _no_directives(selection.selection_set, fragments, used)
        elif isinstance(selection, InlineFragmentNode):
            _no_directives(selection.selection_set, fragments, used)
        elif isinstance(selection, FragmentSpreadNode):
            if getattr(selection, "arguments", None):
                raise _Decline
            name = selection.name.value
            if name in used:
                continue
            details = fragments.get(name)
            if details is None:
                raise _Decline
            definition = details.definition
            if definition.directives or definition.variable_definitions:
                raise _Decline
            used[name] = definition
            _no_directives(definition.selection_set, fragments, used)
        else:  # pragma: no cover - no other selection kinds exist
            raise _Decline


def plain_attribute(field_def: GraphQLField) -> str | None:
    """The attribute a plain Strawberry field reads: no resolver, no arguments."""
    definition = (field_def.extensions or {}).get(BACKREF)
    if (
        definition is None
        or not getattr(definition, "is_basic_field", False)
        or getattr(definition, "default_resolver", None) is not getattr
        or field_def.args
    ):
        return None
    name = definition.python_name
    return name if isinstance(name, str) else None


def _self_resolver(field_def: GraphQLField) -> Callable[[Any], Any] | None:
    """The function of a field whose resolver takes nothing but `self` (e.g. `Money.amount`):
    synchronous, no arguments, no info, no field extensions or permissions."""
    definition = (field_def.extensions or {}).get(BACKREF)
    resolver = getattr(definition, "base_resolver", None)
    if (
        resolver is None
        or type(definition) is not StrawberryField
        or field_def.args
        or definition.extensions
        or definition.permission_classes
    ):
        return None
    try:
        parameters = resolver.signature.parameters
        if (
            resolver.is_async
            or resolver.arguments
            or len(parameters) != 1
            or resolver.self_parameter is None
        ):
            return None
    except Exception:  # a signature Strawberry itself would complain about
        return None
    function = resolver.wrapped_func
    return function if callable(function) else None


def _node_id_field(field_def: GraphQLField, origin: type) -> str | None:
    """The NodeID attribute if this is relay's own `id` field on a class keeping the defaults."""
    definition = (field_def.extensions or {}).get(BACKREF)
    resolver = getattr(definition, "base_resolver", None)
    wrapped = getattr(getattr(resolver, "wrapped_func", None), "__func__", None)
    if (
        wrapped is not _NODE_ID_RESOLVER
        or field_def.args
        or getattr(definition, "extensions", None)
        or getattr(definition, "permission_classes", None)
        or not issubclass(origin, Node)
        or getattr(origin.resolve_id, "__func__", None) is not _DEFAULT_RESOLVE_ID
        or getattr(origin.resolve_typename, "__func__", None) is not _DEFAULT_RESOLVE_TYPENAME
    ):
        return None
    return origin.resolve_id_attr()


def _node_id_projector(type_name: str, attr: str, serialize: Callable[[Any], Any]) -> Projector:
    def project(value: Any) -> Any:
        node_id = getattr(value, attr)
        if node_id is None:
            raise Slow
        serialized = serialize(GlobalID(type_name=type_name, node_id=str(node_id)))
        if serialized is None or serialized is Undefined:
            raise Slow
        return serialized

    def project_id(value: Any) -> Any:
        # what serialize_id gives for a GlobalID: its str(), the base64 of "<type>:<id>"
        node_id = getattr(value, attr)
        if node_id is None:
            raise Slow
        return to_base64(type_name, str(node_id))

    return project_id if serialize is serialize_id else project


def reading(attribute: str, projector: Projector | None) -> Projector | None:
    """A projector of the parent object that projects its `attribute`."""
    if projector is None:
        return None
    return lambda parent: projector(getattr(parent, attribute))


_node_ids: dict[tuple[int, int], tuple[GraphQLObjectType, GraphQLField, Projector | None]] = {}


def parent_node_id(parent_type: GraphQLObjectType, field_def: GraphQLField) -> Projector | None:
    """A projector of the parent object giving its relay `id`, if that field is relay's default."""
    key = (id(parent_type), id(field_def))
    known = _node_ids.get(key)
    if known is not None and known[0] is parent_type and known[1] is field_def:
        return known[2]
    projector: Projector | None = None
    origin = getattr((parent_type.extensions or {}).get(BACKREF), "origin", None)
    named = get_named_type(field_def.type)
    try:
        attribute = _node_id_field(field_def, origin) if isinstance(origin, type) else None
    except Exception:  # e.g. NodeIDAnnotationError: leave it to Strawberry
        attribute = None
    if attribute is not None and isinstance(named, GraphQLScalarType):
        project_id = _node_id_projector(parent_type.name, attribute, named.serialize)
        exact = origin

        def project(parent: Any) -> Any:
            if type(parent) is not exact:
                raise Slow
            return project_id(parent)

        projector = project

    _node_ids[key] = (parent_type, field_def, projector)
    return projector


def _emit(
    source: ProjectorSource, context: Any, type_: GraphQLOutputType, details: Any
) -> tuple[str, str]:
    """(function, inline expression template reading `{read}`) projecting a value of `type_`
    selected by the field group `details`."""
    non_null = isinstance(type_, GraphQLNonNull)
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLList):
        item, _ = _emit(source, context, inner.of_type, details)
        function = source.list_of(item, non_null)
        return function, f"{function}({{read}})"
    if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
        return source.leaf(inner, non_null)
    if not isinstance(inner, GraphQLObjectType):
        raise _Decline
    origin = getattr((inner.extensions or {}).get(BACKREF), "origin", None)
    if not isinstance(origin, type):
        raise _Decline
    collected = collect_subfields(
        context.schema,
        context.fragments,
        context.variable_values,
        context.operation,
        inner,
        details,
        context.hide_suggestions,
    )
    if collected.new_defer_usages or collected.forbidden_directive_instances:
        raise _Decline
    fields: list[tuple[str, str]] = []
    exact = False
    shared = False
    for key, sub in collected.grouped_field_set.items():
        if any(d.defer_usage is not None or d.fragment_variable_values for d in sub):
            raise _Decline
        name = sub[0].node.name.value
        if name == "__typename":
            fields.append((key, repr(inner.name)))
            continue
        field_def = inner.fields.get(name)
        if field_def is None:
            raise _Decline
        attribute = plain_attribute(field_def)
        method = _self_resolver(field_def) if attribute is None else None
        if attribute is not None or method is not None:
            read = (
                source.attribute(attribute)
                if attribute is not None
                else f"{source.constant(method)}(value)"
            )
            _, template = _emit(source, context, field_def.type, sub)
            fields.append((key, template.replace("{read}", read)))
            shared = shared or isinstance(get_named_type(field_def.type), GraphQLObjectType)
            continue
        id_attribute = _node_id_field(field_def, origin)
        named = get_named_type(field_def.type)
        if id_attribute is None or not isinstance(named, GraphQLScalarType):
            raise _Decline
        # Node._id dispatches on the runtime class: only an exact instance is surely default.
        exact = True
        project_id = _node_id_projector(inner.name, id_attribute, named.serialize)
        fields.append((key, f"{source.constant(project_id)}(value)"))
    function = source.object_of(origin, exact, fields, non_null, shared=shared)
    return function, f"{function}({{read}})"


def _build(context: Any, type_: GraphQLOutputType, details: Any) -> Projector:
    """The compiled projector of a value of `type_` selected by the field group `details`."""
    source = ProjectorSource()
    root, _ = _emit(source, context, type_, details)
    return source.compile(root)


def compiled(context: Any, return_type: GraphQLOutputType, details: Any) -> Projector | None:
    """The compiled projector of this field group in an execution context (graphql-core's
    `ExecutionContext`), or None if it cannot be compiled; compiled once, then cached."""
    nodes = tuple(detail.node for detail in details)
    key = (id(return_type), *map(id, nodes))
    entry = _projectors.get(key)
    if (
        entry is not None
        and entry.return_type is return_type
        and all(a is b for a, b in zip(entry.nodes, nodes, strict=True))
        and all(
            (known := context.fragments.get(name)) is not None and known.definition is definition
            for name, definition in entry.fragments
        )
    ):
        return entry.projector
    used: dict[str, FragmentDefinitionNode] = {}
    projector: Projector | None
    try:
        if any(
            node.directives or detail.defer_usage is not None or detail.fragment_variable_values
            for node, detail in zip(nodes, details, strict=True)
        ):
            raise _Decline
        for node in nodes:
            _no_directives(node.selection_set, context.fragments, used)
        projector = _build(context, return_type, details)
    except Exception:  # _Decline, or a type this compiler does not understand
        projector = None
    if len(_projectors) >= _PROJECTOR_CACHE_SIZE:
        # Oldest first; tolerate another thread evicting at the same moment.
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            del _projectors[next(iter(_projectors))]
    _projectors[key] = _Entry(return_type, nodes, tuple(used.items()), projector)
    return projector
