"""When a flight stops being sold: `SALES_CLOSE` before it leaves.

A seat is not sold minutes before departure: the passenger could not check in, drop a bag or
reach the gate, and the flight's documents are closing. So searches offer a connection or a
direct flight only while its first flight is still on sale, an offer expires at the latest when
its first flight's sales close, `offer(id)` re-prices to nothing after that, and seat maps show no
seat to choose. One hour is what airlines commonly give online sales.
"""

from __future__ import annotations

from datetime import timedelta

SALES_CLOSE = timedelta(hours=1)
SALES_CLOSE_SECONDS = int(SALES_CLOSE.total_seconds())


def sales_close(departs: int) -> int:
    """When a flight leaving at `departs` (Unix seconds) stops being sold."""
    return departs - SALES_CLOSE_SECONDS


def on_sale(departs: int, now: float) -> bool:
    """Whether a flight leaving at `departs` is still sold at `now` (Unix seconds)."""
    return now < departs - SALES_CLOSE_SECONDS
