"""A faster executor for plain data: attribute fields skip graphql-core's per-field machinery.

graphql-core builds a path, a resolve-info object and a wrapped resolver call, then completes the
value, for every field: about 10 µs each, and a page of 20 offers has ~900 fields. A Strawberry
field with no resolver, no field extensions and no arguments only reads an attribute. So, when no
middleware runs, each selection set is compiled once per request into a list of its fields, and
an object's plain fields are read directly: a leaf is serialised at once, an object of the
field's own Strawberry class has its selection executed straight away, and a list of either is
completed item by item. Relay's default Node `id` (see `projection`) is computed directly too. Other
fields with resolvers, nulls and anything that fails take graphql-core's own path for that
field, which produces the usual value or error.

Selections that are plain from top to bottom skip even that: they are compiled into projectors
(`graphql_api.projection`) and turned into results by closures; this context asks for them in
`complete_value` and for plain object fields.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from graphql.pyutils import Path
from graphql.pyutils.gather_with_cancel import gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graphql import (
    ExecutionResult,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    Undefined,
)
from graphql_api.projection import (
    BACKREF,
    Projector,
    Slow,
    compiled,
    parent_node_id,
    plain_attribute,
    reading,
)


class _Plan(NamedTuple):
    attribute: str
    is_list: bool
    item_type: GraphQLOutputType
    serialize: Callable[[Any], Any] | None
    object_type: GraphQLObjectType | None
    origin: type | None


class _Field(NamedTuple):
    name: str
    details: Any
    return_type: GraphQLOutputType
    plan: _Plan | None
    projector: Projector | None


_plans: dict[int, tuple[GraphQLField, _Plan | None]] = {}


def _unwrap(type_: GraphQLOutputType) -> GraphQLOutputType:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _make_plan(field_def: GraphQLField) -> _Plan | None:
    name = plain_attribute(field_def)
    if name is None:
        return None
    outer = _unwrap(field_def.type)
    is_list = isinstance(outer, GraphQLList)
    item_type = outer.of_type if isinstance(outer, GraphQLList) else field_def.type
    inner = _unwrap(item_type)
    if is_list and (isinstance(inner, GraphQLList) or not isinstance(item_type, GraphQLNonNull)):
        return None
    if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
        return _Plan(name, is_list, item_type, inner.serialize, None, None)
    if isinstance(inner, GraphQLObjectType):
        origin = getattr((inner.extensions or {}).get(BACKREF), "origin", None)
        if inner.is_type_of is None or isinstance(origin, type):
            return _Plan(name, is_list, item_type, None, inner, origin)
    return None


def _plan(field_def: GraphQLField) -> _Plan | None:
    known = _plans.get(id(field_def))
    if known is None or known[0] is not field_def:
        known = _plans[id(field_def)] = (field_def, _make_plan(field_def))
    return known[1]


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with a fast path for plain attribute fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._fast_enabled = manager is None or not manager.middlewares
        self._compiled: dict[int, tuple[Any, list[_Field]]] = {}

    def build_response(self, data: dict[str, Any] | None) -> Any:
        response = super().build_response(data)
        if isinstance(response, ExecutionResult):
            # Nothing runs after a whole (not incremental) response. graphql-core's async
            # helpers hold bound methods of this context, a reference cycle that would keep the
            # context, and all it refers to, for the garbage collector; drop them now.
            self.async_helpers = None  # type: ignore[assignment]
        return response

    def _compile(self, parent_type: GraphQLObjectType, grouped: Any) -> list[_Field]:
        known = self._compiled.get(id(grouped))
        if known is not None and known[0] is grouped:
            return known[1]
        fields: list[_Field] = []
        for name, details in grouped.items():
            node = details[0].node
            field_def = self.schema.get_field(parent_type, node.name.value)
            plan = _plan(field_def) if field_def is not None and not node.arguments else None
            return_type = field_def.type if field_def is not None else parent_type
            projector: Projector | None = None
            if plan is not None and plan.object_type is not None:
                projector = reading(plan.attribute, compiled(self, return_type, details))
            elif plan is None and field_def is not None and not node.arguments:
                projector = parent_node_id(parent_type, field_def)
            fields.append(_Field(name, details, return_type, plan, projector))
        self._compiled[id(grouped)] = (grouped, fields)
        return fields

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: Any,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if (
            self._fast_enabled
            and position_context is None
            and not isinstance(return_type, GraphQLNonNull)
            and isinstance(return_type, GraphQLObjectType | GraphQLList)
            and not isinstance(result, Exception)
        ):
            projector = compiled(self, return_type, field_details_list)
            if projector is not None:
                try:
                    return projector(result)
                except Exception:  # graphql-core's path makes the error
                    pass
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        if not self._fast_enabled:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for name, details, return_type, plan, projector in self._compile(
                parent_type, grouped_field_set
            ):
                result: Any = Undefined
                if projector is not None:
                    try:
                        results[name] = projector(source_value)
                        continue
                    except Exception:  # graphql-core's path makes the error
                        pass
                if plan is not None:
                    value = getattr(source_value, plan.attribute, None)
                    if value is not None:
                        try:
                            if plan.serialize is not None and not plan.is_list:
                                results[name] = self._leaf(plan, value)
                                continue
                            field_path = Path(path, name, parent_type.name)
                            result = self._fast(
                                plan, return_type, details, field_path, value, position_context
                            )
                        except Slow:
                            result = Undefined
                if result is Undefined:
                    result = self.execute_field(
                        parent_type,
                        source_value,
                        details,
                        Path(path, name, parent_type.name),
                        position_context,
                    )
                    if result is Undefined:
                        continue
                results[name] = result
                if is_awaitable(result):
                    awaitable.append(name)
        except Exception:
            if awaitable:
                self.settle_in_background([results[name] for name in awaitable])
            raise
        if not awaitable:
            return results

        if len(awaitable) == 1:  # nothing to run side by side: no task, no gather
            (only,) = awaitable

            async def get_result() -> dict[str, Any]:
                results[only] = await results[only]
                return results

            return get_result()

        async def get_results() -> dict[str, Any]:
            values = await gather_with_cancel(*(results[name] for name in awaitable))
            results.update(zip(awaitable, values, strict=True))
            return results

        return get_results()

    def _fast(
        self,
        plan: _Plan,
        return_type: GraphQLOutputType,
        details: Any,
        path: Path,
        value: Any,
        position_context: Any,
    ) -> Any:
        if not plan.is_list:
            return self._object(plan, return_type, details, path, value, position_context)
        if not isinstance(value, list | tuple):
            raise Slow
        if plan.serialize is not None:
            return [self._leaf(plan, item) for item in value]
        if any(not self._fits(plan, item) for item in value):
            raise Slow
        try:
            completed = [
                self._object(
                    plan, plan.item_type, details, path.add_key(i, None), item, position_context
                )
                for i, item in enumerate(value)
            ]
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        pending = [i for i, item in enumerate(completed) if self.is_awaitable(item)]
        if not pending:
            return completed

        async def await_items() -> list[Any]:
            for index in pending:
                completed[index] = await completed[index]
            return completed

        return self._guard(await_items(), return_type, details, path)

    @staticmethod
    def _fits(plan: _Plan, value: Any) -> bool:
        return value is not None and (plan.origin is None or isinstance(value, plan.origin))

    @staticmethod
    def _leaf(plan: _Plan, value: Any) -> Any:
        assert plan.serialize is not None
        try:
            serialized = plan.serialize(value)
        except Exception:
            raise Slow from None
        if serialized is None or serialized is Undefined:
            raise Slow
        return serialized

    def _object(
        self,
        plan: _Plan,
        return_type: GraphQLOutputType,
        details: Any,
        path: Path,
        value: Any,
        position_context: Any,
    ) -> Any:
        if not self._fits(plan, value):
            raise Slow
        object_type = plan.object_type
        assert object_type is not None
        try:
            grouped, new_defer_usages, _ = self.collect_subfields(object_type, details)
            if new_defer_usages or position_context is not None:
                completed = self.execute_collected_subfields(
                    object_type, value, path, grouped, new_defer_usages, position_context
                )
            else:
                completed = self.execute_fields(object_type, value, path, grouped, None)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        if self.is_awaitable(completed):
            return self._guard(completed, return_type, details, path)
        return completed

    def _guard(
        self, pending: Awaitable[Any], return_type: GraphQLOutputType, details: Any, path: Path
    ) -> Awaitable[Any]:
        async def guarded() -> Any:
            try:
                return await pending
            except Exception as raw_error:
                self.handle_field_error(raw_error, return_type, details, path)
                return None

        return guarded()
