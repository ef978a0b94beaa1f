"""Global ids as we issue them, and the database id inside one."""

from __future__ import annotations

import re

from strawberry import relay

_DIGITS = re.compile(r"[0-9]{1,19}")
_PADDED = re.compile(r"0[0-9]+")
MAX_ID = 2**63 - 1
"""The largest bigint: ids beyond it exist nowhere."""


def issued_global_id(value: str) -> relay.GlobalID | None:
    """The global id `value` is when written exactly as we issue it, else None. Base64 decoding
    skips characters added to an id, and a number may be padded with zeros: each would give one
    object many ids."""
    try:
        global_id = relay.GlobalID.from_id(value)
    except ValueError:
        return None
    if str(global_id) != value or _PADDED.fullmatch(global_id.node_id):
        return None
    return global_id


def database_id(node_id: str) -> int | None:
    """The id a node id names (ASCII digits, at most a bigint), else None. `str.isdigit` is not
    enough: it accepts digits like "²" that `int` refuses, and any length."""
    if _DIGITS.fullmatch(node_id) is None:
        return None
    value = int(node_id)
    return value if value <= MAX_ID else None
