"""Calendars a process answered lately, answered again from memory while their flights stay put.

A warm calendar month still costs a statement: it stamps the inventory of every flight its days'
searches read (hundreds of route windows, a thousand flights on a busy route; about 6 ms of
Postgres on the large seed). The storefront's results page reads a calendar strip with every
search, so at peak that statement would be most of what a results page costs.

So a process keeps what it answered for `MEMO_TTL` seconds at most (the `MEMO_ENTRIES` most
recently used), with the flights it read and the `InventoryWatch` token taken before it read
them. A later request for the same route, month, cabin and currency gets it back with no I/O
until the entry's `until` (the earliest of: `MEMO_TTL` after it was kept, a day's price going
stale (`DayPrice.stale_at`), a day's price reaching the age at which the Redis calendar re-
prices it), as long as the watch heard no change to those flights since. A seat change therefore
shows within one notification's delivery, as for stored search responses
(`graphql_api.search.response_cache`); both are a `data.inventory.memo.WatchedMemo`.

The key holds the origin's local date too, so a new day (past days close, a bookable one
opens) starts a new entry. Flights added to the schedule or moved make every entry stale (the
database notifies '*' then), as in stored search responses.
"""

from __future__ import annotations

from typing import TypeVar

from data.inventory.memo import WatchedMemo
from data.inventory.watch import InventoryWatch

MEMO_TTL = 60
MEMO_ENTRIES = 1024

Key = tuple[str, ...]
"""Route, month, cabin, currency and the origin's local date."""
T = TypeVar("T")


class CalendarMemo(WatchedMemo[Key, T]):
    """Calendar months a process answered lately (see the module docstring)."""

    def __init__(self, watch: InventoryWatch | None) -> None:
        super().__init__(watch, ttl=MEMO_TTL, entries=MEMO_ENTRIES)
