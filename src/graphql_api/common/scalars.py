"""Scalars stricter than Strawberry's own."""

from __future__ import annotations

import datetime as dt
import re

from strawberry.schema.types.base_scalars import isoformat, wrap_parser
from strawberry.types.scalar import ScalarDefinition

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str) -> dt.date:
    """A date written YYYY-MM-DD. (`date.fromisoformat` also takes "20261224" and
    "2026-W52-4", which no client means to send.)"""
    if _ISO_DATE.fullmatch(value) is None:
        raise ValueError("Write it YYYY-MM-DD, like 2026-12-24.")
    return dt.date.fromisoformat(value)


DATE = ScalarDefinition(
    name="Date",
    description="A calendar date, YYYY-MM-DD.",
    specified_by_url=None,
    serialize=isoformat,  # Strawberry's own: compiled projectors write it inline
    parse_value=wrap_parser(parse_date, "Date"),
    parse_literal=None,
    origin=dt.date,
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {dt.date: DATE}
