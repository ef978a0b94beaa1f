"""Calendars a process answered lately, answered again from memory while their flights stay put.

A warm calendar month still costs a statement: it stamps the inventory of every flight its days'
searches read (hundreds of route windows, a thousand flights on a busy route; about 6 ms of
Postgres on the large seed). The storefront's results page reads a calendar strip with every
search, so at peak that statement would be most of what a results page costs.

So a process keeps what it answered for `MEMO_TTL` seconds (the `MEMO_ENTRIES` most recently
used), with the flights it read and the `InventoryWatch` token taken before it read them. A later
request for the same route, month, cabin and currency gets it back with no I/O when the entry is
young, the watch heard no change to those flights since, and the flight of no day's price has
left. A seat change therefore shows within one notification's delivery, as for stored search
responses (`graphql_api.search.response_cache`). Without a listening watch nothing is kept.

The key holds the origin's local date too, so a new day (past days close, a bookable one
opens) starts a new entry. What the memo does not follow is pricing's own drift with time: a
price is up to `MEMO_TTL` seconds older than days-to-departure pricing would make it now.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, NamedTuple, TypeVar

from data.inventory.watch import InventoryWatch

MEMO_TTL = 60
MEMO_ENTRIES = 1024

Key = tuple[str, ...]
T = TypeVar("T")


class _Kept(NamedTuple, Generic[T]):
    value: T
    token: int
    flight_ids: tuple[int, ...]
    at: float
    leaves: float


class CalendarMemo(Generic[T]):
    """What a process answered lately, by key, for as long as the watch vouches for it."""

    def __init__(self, watch: InventoryWatch | None) -> None:
        self.watch = watch
        self.kept: OrderedDict[Key, _Kept[T]] = OrderedDict()

    def token(self) -> int | None:
        """Take before reading inventory for something to keep (None: it will not be kept)."""
        return None if self.watch is None else self.watch.token()

    def get(self, key: Key, now: float) -> T | None:
        """The value kept under `key`, if young, its flights unchanged and none of them gone."""
        kept = self.kept.get(key)
        if kept is None:
            return None
        watch = self.watch
        if (
            watch is None
            or not 0 <= now - kept.at <= MEMO_TTL
            or now >= kept.leaves
            or not watch.unchanged_since(kept.token, kept.flight_ids)
        ):
            del self.kept[key]
            return None
        self.kept.move_to_end(key)
        return kept.value

    def keep(
        self,
        key: Key,
        value: T,
        *,
        token: int | None,
        flight_ids: tuple[int, ...],
        leaves: float,
        now: float,
    ) -> None:
        """Keep `value`, read after `token` from `flight_ids`, until `leaves` (Unix seconds) at
        the latest."""
        if token is None:
            return
        self.kept[key] = _Kept(value, token, flight_ids, now, leaves)
        self.kept.move_to_end(key)
        while len(self.kept) > MEMO_ENTRIES:
            self.kept.popitem(last=False)
