"""Scalars stricter than Strawberry's own."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from strawberry.schema.types.base_scalars import isoformat, wrap_parser
from strawberry.types.scalar import ScalarDefinition

from data.search.query import echo
from graphql import GraphQLError, StringValueNode, ValueNode, print_ast

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str) -> dt.date:
    """A date written YYYY-MM-DD. (`date.fromisoformat` also takes "20261224" and
    "2026-W52-4", which no client means to send.)"""
    if _ISO_DATE.fullmatch(value) is None:
        raise ValueError("Write it YYYY-MM-DD, like 2026-12-24.")
    return dt.date.fromisoformat(value)


_parse_date_value = wrap_parser(parse_date, "Date")


def _parse_date_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> object:
    """A date written in the document, refused in the document's own words and with its
    location (Strawberry's default reads the literal as a Python value first: `true` was
    quoted back as "True"). graphql-core resolves a variable before asking, so `node` is never
    one."""
    if not isinstance(node, StringValueNode):
        message = f"Value cannot represent a Date: {echo(print_ast(node))}. Expected a string."
        raise GraphQLError(message, node)
    try:
        return _parse_date_value(node.value)
    except GraphQLError as error:
        raise GraphQLError(error.message, node) from None


DATE = ScalarDefinition(
    name="Date",
    description="A calendar date, YYYY-MM-DD.",
    specified_by_url=None,
    serialize=isoformat,  # Strawberry's own: compiled projectors write it inline
    parse_value=_parse_date_value,
    parse_literal=_parse_date_literal,
    origin=dt.date,
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {dt.date: DATE}
