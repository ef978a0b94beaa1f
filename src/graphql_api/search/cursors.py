"""Page cursors: an offer's place in the sorted list (keyset), not its position.

A cursor carries the sort key of the offer it points at (`data.search.service.SortKey`: the
three sort values, the flight ids per slice, the brand rank), so the page after it starts with
the first offer that sorts after that place, wherever it now sits: when seats move between two
pages and offers before the cursor sell out or change price, the next page neither repeats nor
skips the offers still in place.

A cursor also names the search it was issued for (`cursor_scope`: a digest of the normalised
search, sort and filters included): a place in a list sorted by price means nothing in one sorted
by duration, or in another route's, so a cursor sent with another search is `INVALID_CURSOR`,
not a silently wrong page. Cursors are opaque and unsigned: a made-up one only chooses where a
page of public offers starts. Anything that does not read as one is `INVALID_CURSOR`; so are the
`k1.` cursors of releases before 2026-12-02, which named no search.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

import orjson

from data.search.errors import SearchError, SearchErrorCode
from data.search.query import MAX_CONNECTIONS, MAX_SLICES, SearchQuery
from data.search.service import SortKey

_PREFIX = "k2."
_LONGEST = 512


def cursor_scope(query: SearchQuery) -> str:
    """The search a cursor belongs to, in 8 characters (see the module docstring)."""
    digest = hashlib.blake2b(query.cache_key().encode(), digest_size=6).digest()
    return base64.urlsafe_b64encode(digest).decode()


def encode_cursor(place: SortKey, scope: str) -> str:
    """The cursor of the offer at `place` in the search of `scope`."""
    body = base64.urlsafe_b64encode(orjson.dumps(place)).decode().rstrip("=")
    return f"{_PREFIX}{scope}.{body}"


def _ints(values: Any, most: int) -> bool:
    return (
        type(values) is list
        and 1 <= len(values) <= most
        and all(type(value) is int for value in values)
    )


def decode_cursor(cursor: str, scope: str) -> SortKey:
    """The place a cursor of the search of `scope` points at; raises `SearchError`
    (INVALID_CURSOR) for anything else, and for a cursor of another search."""
    invalid = SearchError(SearchErrorCode.INVALID_CURSOR, "This cursor is not valid.", "after")
    if not cursor.startswith(_PREFIX) or len(cursor) > _LONGEST:
        raise invalid
    issued_for, _, text = cursor[len(_PREFIX) :].partition(".")
    if issued_for != scope:
        raise SearchError(
            SearchErrorCode.INVALID_CURSOR,
            "This cursor belongs to another search (its trip, party, filters or sort differ):"
            " start again from the first page.",
            "after",
        )
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
