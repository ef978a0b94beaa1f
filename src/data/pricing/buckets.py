"""Nested booking classes: a ladder of fare levels per cabin that close as the cabin fills.

Rules:
- Each cabin has a ladder of buckets, cheapest first (`LADDERS`). A bucket holds the seats up to
  its share of capacity (`closes_at_load_bp`, cumulative, the top one 100%) and closes once fewer
  than `closes_under_days` days remain before departure (the top ones never close by date).
- Load factor = (sold + held) / capacity. A bucket is open for a party needing `seats` seats while
  sold + held + seats fit in its share and its date has not passed; the open bucket is the
  cheapest open one. So the price never falls as the cabin fills or as departure nears.
- Seats at the current price = the open bucket's share minus sold and held. When no bucket fits
  the party, it prices at the top bucket with the (too few) seats the cabin has left.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from data.enums import CabinClass
from data.pricing.types import Bucket

BP: Final = 10_000

LADDERS: Final[dict[str, tuple[Bucket, ...]]] = {
    CabinClass.ECONOMY: (
        Bucket("V", 1_500, 21, 5_500),
        Bucket("Q", 3_000, 14, 6_500),
        Bucket("L", 4_500, 10, 7_800),
        Bucket("M", 6_000, 7, 9_000),
        Bucket("K", 7_200, 3, 10_500),
        Bucket("H", 8_400, 1, 12_500),
        Bucket("B", 9_400, 0, 15_500),
        Bucket("Y", 10_000, 0, 20_000),
    ),
    CabinClass.PREMIUM_ECONOMY: (
        Bucket("T", 2_000, 21, 7_000),
        Bucket("E", 4_000, 14, 8_200),
        Bucket("N", 6_000, 7, 9_500),
        Bucket("O", 7_500, 3, 11_000),
        Bucket("G", 9_000, 0, 13_000),
        Bucket("W", 10_000, 0, 16_000),
    ),
    CabinClass.BUSINESS: (
        Bucket("Z", 2_000, 21, 7_000),
        Bucket("I", 4_000, 14, 8_000),
        Bucket("R", 6_000, 7, 9_000),
        Bucket("D", 7_500, 3, 10_500),
        Bucket("C", 9_000, 0, 12_500),
        Bucket("J", 10_000, 0, 15_000),
    ),
    CabinClass.FIRST: (
        Bucket("P", 2_500, 21, 7_500),
        Bucket("A", 5_000, 14, 8_500),
        Bucket("R", 7_500, 3, 10_000),
        Bucket("F", 10_000, 0, 13_000),
    ),
}


SECONDS_PER_DAY: Final = 86_400


def next_closing(cabin: str, departs: int, now_second: int) -> int | None:
    """The Unix second from which a booking class of `cabin` on a flight leaving at `departs`
    closes by date (the flight's price may change with no seat moving), after `now_second`;
    None when every class that closes by date has closed."""
    days = (departs - now_second) // SECONDS_PER_DAY
    if days <= 0:
        return None
    table = _NEXT_TO_CLOSE[cabin]
    threshold = table[min(days, len(table) - 1)]
    return departs - threshold * SECONDS_PER_DAY if threshold else None


def price_moves_by(
    cabin: str, departures: Iterable[int], now_second: int, *, at_latest: int
) -> int:
    """`at_latest`, or the earlier Unix second from which a booking class of one of these flights
    (by their departures) closes by date: a price quoted for them moves then, no seat moving."""
    closings = (next_closing(cabin, departs, now_second) for departs in departures)
    return min([at_latest, *(second for second in closings if second is not None)])


def _next_to_close(ladder: tuple[Bucket, ...]) -> tuple[int, ...]:
    """Per whole days left (the last entry for any more), the largest `closes_under_days` of a
    class still open by date: the next to close (0: none)."""
    last = max(b.closes_under_days for b in ladder)
    return tuple(
        max([b.closes_under_days for b in ladder if 0 < b.closes_under_days <= days], default=0)
        for days in range(last + 1)
    )


def open_bucket(
    *,
    cabin: CabinClass,
    capacity: int,
    sold: int,
    held: int,
    days_to_departure: int,
    seats: int = 1,
) -> Bucket | None:
    """The cheapest booking class with `seats` seats left; None when no class has them."""
    _check_inventory(capacity, sold, held, days_to_departure)
    return _open(LADDERS[cabin], capacity, sold + held, days_to_departure, seats)[0]


def seats_at_current_price(
    *,
    cabin: CabinClass,
    capacity: int,
    sold: int,
    held: int,
    days_to_departure: int,
    seats: int = 1,
) -> int:
    """Seats still bookable at the price `open_bucket` gives (0 <= n <= capacity - sold - held)."""
    _check_inventory(capacity, sold, held, days_to_departure)
    return _open(LADDERS[cabin], capacity, sold + held, days_to_departure, seats)[1]


_NEXT_TO_CLOSE: Final = {cabin: _next_to_close(ladder) for cabin, ladder in LADDERS.items()}


def price_bucket(
    cabin: str, capacity: int, sold: int, held: int, days: int, seats: int
) -> tuple[Bucket, int]:
    """(the bucket a party is priced in, seats left at that price); positional for the hot path."""
    _check_inventory(capacity, sold, held, days)
    ladder = LADDERS[cabin]
    bucket, left = _open(ladder, capacity, sold + held, days, seats)
    return (ladder[-1] if bucket is None else bucket), left


def _open(
    ladder: tuple[Bucket, ...], capacity: int, occupied: int, days: int, seats: int
) -> tuple[Bucket | None, int]:
    for bucket in ladder:
        if days >= bucket.closes_under_days:
            left = capacity * bucket.closes_at_load_bp // BP - occupied
            if left >= seats:
                return bucket, left
    return None, capacity - occupied


def _check_inventory(capacity: int, sold: int, held: int, days: int) -> None:
    if sold < 0 or held < 0 or sold + held > capacity:
        raise ValueError("inventory needs 0 <= sold, held and sold + held <= capacity")
    if days < 0:
        raise ValueError("days_to_departure must not be negative")
