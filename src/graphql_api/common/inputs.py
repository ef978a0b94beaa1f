"""Input objects built straight from graphql-core's coerced values.

graphql-core coerces an argument completely before a resolver runs: defaults are filled in, enum
names become members, dates and other scalars are parsed. Strawberry's generic conversion then
walks the value again, resolving each field's annotation, to build the input dataclasses: about
0.15 ms for a search's input, a twentieth of a cold search. `built_from_coerced` gives an input
class Strawberry's `from_input` hook (for types that build their own value) with a table made once
per class and name converter: which GraphQL name fills which attribute, and which nested
inputs and lists to build.
It does what `strawberry.types.arguments.convert_argument` does for such values: a null stays
None, a list is copied, a nested input is built the same way, and an attribute the client left
out and that has no default is None. Types it cannot build so (Maybe, GlobalID, lazy or unknown
types) are refused when the table is made, at the first request (a test builds the search
input's table).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING
from typing import Any, TypeVar

from strawberry.relay import GlobalID
from strawberry.scalars import is_scalar
from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryOptional,
    has_object_definition,
)
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.lazy_type import LazyType

Build = Callable[[Any], Any]
T = TypeVar("T", bound=type)


def _is_plain(type_: Any, context: InputContext) -> bool:
    return (
        isinstance(type_, StrawberryEnumDefinition)
        or has_enum_definition(type_)
        or is_scalar(type_, context.scalar_registry)
    )


def _builder(type_: Any, context: InputContext) -> Build | None:
    """How to build a Python value of `type_` from its coerced input (None: use it as it is)."""
    if isinstance(type_, StrawberryMaybe | LazyType) or type_ is GlobalID:
        raise TypeError(f"{type_!r} is not built from coerced values")
    if isinstance(type_, StrawberryOptional):
        return _builder(type_.of_type, context)
    if isinstance(type_, StrawberryList):
        item = _builder(type_.of_type, context)
        if item is None:
            return list  # copied: graphql-core may hand every request the same default list
        return lambda value: [None if entry is None else item(entry) for entry in value]
    if has_object_definition(type_) and type_.__strawberry_definition__.is_input:
        return _input(type_, context)
    if _is_plain(type_, context):
        return None
    raise TypeError(f"{type_!r} is not built from coerced values")


def _input(cls: type, context: InputContext) -> Build:
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    missing = {
        field.python_name: None
        for field in definition.fields
        if field.default_value is MISSING and field.default_factory is MISSING
    }
    table = [
        (
            context.config.name_converter.from_field(field),
            field.python_name,
            _builder(field.resolve_type(type_definition=definition), context),
        )
        for field in definition.fields
    ]

    def build(value: Mapping[str, Any]) -> Any:
        kwargs = dict(missing)
        for name, attribute, make in table:
            if name in value:
                entry = value[name]
                kwargs[attribute] = entry if entry is None or make is None else make(entry)
        return cls(**kwargs)

    return build


def built_from_coerced(cls: T) -> T:
    """Build `cls` (a Strawberry input) from graphql-core's coerced value by a table."""
    tables: dict[tuple[type, object], Build] = {}

    def from_input(target: type, value: Mapping[str, Any], context: InputContext) -> Any:
        # one table per name converter: it spells the field names
        key = (target, context.config.name_converter)
        build = tables.get(key)
        if build is None:
            build = tables[key] = _input(target, context)
        return build(value)

    cls.__strawberry_definition__.from_input = from_input  # type: ignore[attr-defined]
    return cls
