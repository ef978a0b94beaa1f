"""The database id inside a Relay node id."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1
"""The largest bigint: ids beyond it exist nowhere."""


def database_id(node_id: str) -> int | None:
    """The id a node id names (ASCII digits, at most a bigint), else None. `str.isdigit` is not
    enough: it accepts digits like "²" that `int` refuses, and any length."""
    if _DIGITS.fullmatch(node_id) is None:
        return None
    value = int(node_id)
    return value if value <= MAX_ID else None
