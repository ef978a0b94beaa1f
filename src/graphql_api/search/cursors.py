"""Page cursors: an offer's place in the sorted list (keyset), not its position.

A cursor carries the sort key of the offer it points at (`data.search.service.SortKey`: the
three sort values, the flight ids per slice, the brand rank), so the page after it starts with
the first offer that sorts after that place, wherever it now sits: when seats move between two
pages and offers before the cursor sell out or change price, the next page neither repeats nor
skips the offers still in place. Cursors are opaque and unsigned: a made-up one only chooses
where a page of public offers starts. Anything that does not read as one is `INVALID_CURSOR`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from data.search.errors import SearchError, SearchErrorCode
from data.search.query import MAX_CONNECTIONS, MAX_SLICES
from data.search.service import SortKey

_PREFIX = "k1."
_LONGEST = 512


def encode_cursor(place: SortKey) -> str:
    """The cursor of the offer at `place`."""
    return _PREFIX + base64.urlsafe_b64encode(orjson.dumps(place)).decode().rstrip("=")


def _ints(values: Any, most: int) -> bool:
    return (
        type(values) is list
        and 1 <= len(values) <= most
        and all(type(value) is int for value in values)
    )


def decode_cursor(cursor: str) -> SortKey:
    """The place a cursor points at; raises `SearchError` (INVALID_CURSOR) for anything else."""
    invalid = SearchError(SearchErrorCode.INVALID_CURSOR, "This cursor is not valid.", "after")
    if not cursor.startswith(_PREFIX) or len(cursor) > _LONGEST:
        raise invalid
    text = cursor[len(_PREFIX) :]
    try:
        data = orjson.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError):  # orjson.JSONDecodeError is a ValueError
        raise invalid from None
    if type(data) is not list or len(data) != 5 or not _ints(data[:3] + data[4:], 4):
        raise invalid
    slices = data[3]
    if type(slices) is not list or not 1 <= len(slices) <= MAX_SLICES:
        raise invalid
    if not all(_ints(piece, MAX_CONNECTIONS + 1) for piece in slices):
        raise invalid
    return (data[0], data[1], data[2], tuple(tuple(piece) for piece in slices), data[4])
