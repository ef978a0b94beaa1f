"""graphql-core's errors for a variable that does not fit its type, in the API's words.

graphql-core refuses such a variable before anything runs, with a message like
`Variable '$input' has invalid value at .slices[0].departureDate: <why>`, where `<why>` quotes
the value as Python writes it (`True`, `None`, `{'a': 1}`, `['LHR']`) and the path inside the
variable is in the text alone. `explain` gives the error `extensions.field`, the path spelt as
the API's own errors spell theirs (`input.slices.0.departureDate`, the variable's name first),
and quotes the value as the client sent it, in JSON, cut short as the API's own errors quote
what they were sent (`echo`).
"""

from __future__ import annotations

import json
import re
from itertools import islice
from typing import Any

from graphql.pyutils import inspect

from data.search.query import echo
from graphql import GraphQLError

_INVALID = re.compile(
    r"Variable '\$(?P<name>\w+)' has invalid value(?: at (?P<path>(?:\.\w+|\[\d+\])+))?: "
)
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")
_MISSING = object()
LONGEST_FIELD = 120
"""How much of a variable's path `extensions.field` carries (a name may be as long as the
document lets it be)."""


def spelled(value: Any, depth: int = 0) -> str:
    """A value a client sent, written as JSON, cut short as errors quote one (`echo`): strings
    at 24 characters, lists and objects at 10 items and 2 levels (as graphql-core's `inspect`),
    so a message never carries back more than a few hundred characters of it."""
    if isinstance(value, str):
        return json.dumps(echo(value), ensure_ascii=False)
    if isinstance(value, list):
        if depth == 2:
            return "[…]"
        shown = [spelled(item, depth + 1) for item in value[:10]]
    elif isinstance(value, dict):
        if depth == 2:
            return "{…}"
        shown = [
            f"{spelled(str(key))}: {spelled(item, depth + 1)}"
            for key, item in islice(value.items(), 10)
        ]
    else:
        return json.dumps(value)
    if len(value) > 10:
        shown.append("…")
    inside = ", ".join(shown)
    return f"[{inside}]" if isinstance(value, list) else f"{{{inside}}}"


def explain(error: GraphQLError, variables: dict[str, Any] | None) -> None:
    """Give graphql-core's error for a variable's value (as the request sent it in
    `variables`) its `extensions.field` and the value written as JSON; other errors are left
    alone."""
    found = _INVALID.match(error.message)
    if found is None:
        return
    path: list[str | int] = [key or int(index) for key, index in _STEP.findall(found["path"] or "")]
    field = echo(".".join(str(step) for step in (found["name"], *path)), LONGEST_FIELD)
    why = error.message[found.end() :]
    value = _at(variables or {}, [found["name"], *path])
    if value is not _MISSING:
        why = _respelled(why, value)
    error.message = error.message[: found.end()] + why
    error.extensions = {**(error.extensions or {}), "field": field}


def _at(value: Any, path: list[str | int]) -> Any:
    for step in path:
        if not isinstance(value, dict | list):
            return _MISSING
        try:
            value = value[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return value


def _respelled(why: str, value: Any) -> str:
    """`why` with its quotation of `value` written as JSON. Strawberry's scalars quote it as
    `"{value}"` and an enum a string as `'{value}'`, first; graphql-core's other messages end
    with `inspect(value)`."""
    for python in (f'"{value}"', f"'{value}'"):
        at = why.find(python)
        if at >= 0:
            return why[:at] + spelled(value) + why[at + len(python) :]
    python = inspect(value)
    at = why.rfind(python)
    if at >= 0:
        return why[:at] + spelled(value) + why[at + len(python) :]
    return why
