"""Python source for compiled projectors: one function per selected object, list or leaf.

`graphql_api.projection` walks a selection and asks this emitter for the function projecting
each value; the emitter writes them as Python source, compiles them once and returns the root.
A selected object becomes one dict display (`{'id': …, 'price': p3(value.total_amount)}`), so a
field costs an attribute read and, for String, Int, Boolean, Strawberry enum and date/time
leaves, an exact type check inline; everything else (nulls, other types, custom scalars) calls
the leaf's function, which does what graphql-core's completion does or raises `Slow`.

Names written into the source are generated (`p<n>`, `k<n>`) or checked Python identifiers;
response keys and attribute names that are not identifiers are written with `repr`/`getattr`.
"""

from __future__ import annotations

import itertools
import keyword
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from graphql.type.scalars import serialize_boolean, serialize_int, serialize_string
from strawberry.schema.types.base_scalars import isoformat

from graphql import GraphQLEnumType, GraphQLScalarType, Undefined

Projector = Callable[[Any], Any]

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class Slow(Exception):
    """The fast path cannot complete this value; graphql-core must."""


def _isoformat(memo: dict[int, tuple[Any, str]], value: date | time) -> tuple[Any, str]:
    # the memo holds the value too: no other object can take its id while the memo lives
    entry = memo[id(value)] = (value, value.isoformat())
    return entry


def _leaf(serialize: Callable[[Any], Any], value: Any, non_null: bool) -> Any:
    """A leaf completed as graphql-core completes it, or `Slow` where it would report an error."""
    if value is None:
        if non_null:
            raise Slow
        return None
    serialized = serialize(value)
    if serialized is None or serialized is Undefined:
        raise Slow
    return serialized


class ProjectorSource:
    """The functions of one compiled projector, as source, and the objects they refer to."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "Slow": Slow,
            "_leaf": _leaf,
            "_isoformat": _isoformat,
            "_SEQUENCE": (list, tuple),
        }
        self._names = itertools.count()
        self.memos: list[str] = []
        """Names of the memo dicts of shared objects and of date/time leaves: `id(value)` to
        (value, projection). Holding the value keeps its id from being reused by another object
        (one a resolver made and dropped, say); they are emptied after each call of the root."""

    def constant(self, value: Any) -> str:
        """A name the source can use for `value`."""
        name = f"k{next(self._names)}"
        self.namespace[name] = value
        return name

    def _function(self, body: list[str]) -> str:
        name = f"p{next(self._names)}"
        self.lines.append(f"def {name}(value):")
        self.lines.extend(f"    {line}" for line in body)
        return name

    @staticmethod
    def _null(non_null: bool) -> str:
        return "raise Slow" if non_null else "return None"

    def leaf(self, type_: GraphQLScalarType | GraphQLEnumType, non_null: bool) -> tuple[str, str]:
        """(function, inline expression template) of a leaf; the template reads `{read}`."""
        serialize = self.constant(type_.serialize)
        function = self._function([f"return _leaf({serialize}, value, {non_null})"])
        check = self._exact_check(type_)
        if check is None:
            return function, f"{function}({{read}})"
        test, result = check
        return function, f"({result} if {test} else {function}(v))"

    def _exact_check(self, type_: GraphQLScalarType | GraphQLEnumType) -> tuple[str, str] | None:
        """(test binding `v`, result) for values that serialise to themselves (or to a known
        name), checked by exact type; None when the leaf has no such shortcut."""
        serialize = getattr(type_, "serialize", None)
        if serialize is serialize_string:
            return "type(v := {read}) is str", "v"
        if serialize is serialize_boolean:
            return "type(v := {read}) is bool", "v"
        if serialize is serialize_int:
            return f"type(v := {{read}}) is int and {_INT_MIN} <= v <= {_INT_MAX}", "v"
        if serialize is isoformat:  # Strawberry's Date, DateTime and Time
            # the same moment is often shown many times (every offer's expiry): written once
            memo = self.constant({})
            self.memos.append(memo)
            return (
                f"type(v := {{read}}) in {self.constant((datetime, date, time))}",
                f"({memo}.get(id(v)) or _isoformat({memo}, v))[1]",
            )
        wrapped = getattr(type_, "wrapped_cls", None)
        if isinstance(type_, GraphQLEnumType) and isinstance(wrapped, type):
            try:
                names = {member: type_.serialize(member) for member in wrapped}  # type: ignore[attr-defined]
            except Exception:  # an enum this schema cannot serialise: no shortcut
                return None
            if any(not isinstance(name, str) for name in names.values()):
                return None
            enum_class, members = self.constant(wrapped), self.constant(names)
            return f"type(v := {{read}}) is {enum_class}", f"{members}[v]"
        return None

    def list_of(self, item: str, non_null: bool) -> str:
        """The function of a list whose items the function `item` projects."""
        return self._function(
            [
                "if value is None:",
                f"    {self._null(non_null)}",
                "if not isinstance(value, _SEQUENCE):",
                "    raise Slow",
                f"return [{item}(entry) for entry in value]",
            ]
        )

    def object_of(
        self,
        origin: type,
        exact: bool,
        fields: list[tuple[str, str]],
        non_null: bool,
        *,
        shared: bool = False,
    ) -> str:
        """The function of an object of class `origin` (exactly, if `exact`); `fields` are
        (response key, expression of `value`) in order. A `shared` object is projected once per
        call of the root and its dict reused wherever it appears again; `graphql_api.projection`
        marks every object with objects inside as shared (whether it repeats, like an offer's
        slice, or not, like the offer itself: a memo miss costs a dict insert)."""
        cls = self.constant(origin)
        test = f"type(value) is not {cls}" if exact else f"not isinstance(value, {cls})"
        entries = ", ".join(f"{key!r}: {expression}" for key, expression in fields)
        head = ["if value is None:", f"    {self._null(non_null)}", f"if {test}:", "    raise Slow"]
        if not shared:
            return self._function([*head, f"return {{{entries}}}"])
        memo = self.constant({})
        self.memos.append(memo)
        return self._function(
            [
                *head,
                f"known = {memo}.get(id(value))",
                "if known is not None:",
                "    return known[1]",
                # the memo holds the value too: no other object can take its id meanwhile
                f"{memo}[id(value)] = (value, projected := {{{entries}}})",
                "return projected",
            ]
        )

    @staticmethod
    def attribute(name: str) -> str:
        """The expression reading attribute `name` of `value`."""
        if name.isascii() and name.isidentifier() and not keyword.iskeyword(name):
            return f"value.{name}"
        return f"getattr(value, {name!r})"

    def compile(self, root: str) -> Projector:
        """The root function, once every function is compiled."""
        if self.memos:
            memos = ", ".join(self.memos)
            self.lines += [
                "def root(value):",
                "    try:",
                f"        return {root}(value)",
                "    finally:",
                f"        for memo in ({memos},):",
                "            memo.clear()",
            ]
            root = "root"
        code = compile("\n".join(self.lines), "<compiled projector>", "exec")
        exec(code, self.namespace)
        projector: Projector = self.namespace[root]
        return projector
