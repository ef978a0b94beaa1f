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
(`graphql_api.search.response_cache`). Without a listening watch nothing is kept.

The key holds the origin's local date too, so a new day (past days close, a bookable one
opens) starts a new entry. What the memo does not follow: flights added to the schedule (only
`seed` adds flights, and no notification names a flight that did not exist) show up to
`MEMO_TTL` seconds late, as in stored search responses.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable
from typing import Generic, NamedTuple, TypeVar

from data.inventory.watch import InventoryWatch

MEMO_TTL = 60
MEMO_ENTRIES = 1024

Key = tuple[str, ...]
T = TypeVar("T")


class _Kept(NamedTuple, Generic[T]):
    value: T
    token: int
    flight_ids: array[int]
    """Each flight once, 8 bytes each (a busy route's month reads over a thousand)."""
    at: float
    until: float


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
            or not kept.at <= now < kept.until
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
        flight_ids: Iterable[int],
        until: float,
        now: float,
    ) -> None:
        """Keep `value`, read after `token` from `flight_ids`, until `until` (Unix seconds) or
        `MEMO_TTL` seconds, whichever comes first."""
        if token is None:
            return
        ids = array("q", sorted(set(flight_ids)))
        self.kept[key] = _Kept(value, token, ids, now, min(until, now + MEMO_TTL))
        self.kept.move_to_end(key)
        while len(self.kept) > MEMO_ENTRIES:
            self.kept.popitem(last=False)
