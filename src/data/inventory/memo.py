"""Answers read from inventory, kept in this process for as long as the `InventoryWatch`
vouches for them.

Whoever keeps an answer takes `token()` before reading anything, and keeps the answer with the
ids of every flight it read. `get` gives it back, with no I/O, while it is younger than the
memo's TTL and its own `until`, and the watch heard no change to any of those flights since the
token. Without a listening watch nothing is kept, since nothing could make an entry stale.

Flights added to the schedule or moved are followed too: the database then notifies '*' (see
`data.inventory.watch`), which makes every entry stale.

Used for stored search responses (`graphql_api.search.response_cache`) and remembered calendar
months (`data.calendar.memo`).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, NamedTuple, TypeVar

from data.inventory.watch import InventoryWatch

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Kept(NamedTuple, Generic[V]):
    value: V
    token: int
    flight_ids: Sequence[int]
    at: float
    until: float
    size: int


class WatchedMemo(Generic[K, V]):
    """At most `entries` answers (and `max_bytes` of them by `size`), the most recently used,
    each for `ttl` seconds at most (see the module docstring). Times are Unix seconds, from the
    caller's clock."""

    def __init__(
        self,
        watch: InventoryWatch | None,
        *,
        ttl: float,
        entries: int,
        max_bytes: float = math.inf,
        size: Callable[[V], int] = lambda _: 0,
    ) -> None:
        self.watch = watch
        self.ttl, self.entries, self.max_bytes, self.size = ttl, entries, max_bytes, size
        self.kept: OrderedDict[K, _Kept[V]] = OrderedDict()
        self.bytes = 0
        """The size of the answers kept, by `size`."""

    def token(self) -> int | None:
        """Take before reading inventory for something to keep (None: it will not be kept)."""
        return None if self.watch is None else self.watch.token()

    def get(self, key: K, now: float) -> V | None:
        """The answer kept under `key`, while young and none of its flights changed."""
        kept = self.kept.get(key)
        if kept is None:
            return None
        watch = self.watch
        if (
            watch is None
            or not kept.at <= now < kept.until
            or not watch.unchanged_since(kept.token, kept.flight_ids)
        ):
            self.forget(key)
            return None
        self.kept.move_to_end(key)
        return kept.value

    def keep(
        self,
        key: K,
        value: V,
        *,
        token: int | None,
        flight_ids: Sequence[int],
        now: float,
        until: float = math.inf,
    ) -> None:
        """Keep `value`, read after `token` from `flight_ids`, until `until` or for the memo's
        TTL, whichever comes first. Nothing is kept without a token."""
        if token is None:
            return
        self.forget(key)
        size = self.size(value)
        self.kept[key] = _Kept(value, token, flight_ids, now, min(until, now + self.ttl), size)
        self.bytes += size
        while len(self.kept) > self.entries or self.bytes > self.max_bytes:
            self.forget(next(iter(self.kept)))

    def forget(self, key: K) -> None:
        """Drop what is kept under `key`, if anything."""
        kept = self.kept.pop(key, None)
        if kept is not None:
            self.bytes -= kept.size

    def clear(self) -> None:
        """Forget everything."""
        self.kept.clear()
        self.bytes = 0
