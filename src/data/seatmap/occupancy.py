"""Which seats a map shows as taken: the assigned ones, plus stand-ins for seats sold without one.

Inventory counts every sold or held seat, but only passengers who chose a seat have a
`seat_assignment` row; seats sold through other channels have none. The map shows as many of
those as taken, drawn from a fixed pseudo-random order of the cabin's seats (seeded by the flight
and cabin, so every request and process draws the same seats, and one more sale takes one more
seat from the same order). The free seats on the map then equal the seats still bookable.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence


def occupied_seats(
    *,
    seats: Sequence[str],
    assigned: Collection[str],
    sold: int,
    held: int,
    seed: str,
) -> frozenset[str]:
    """The seats shown as taken: `assigned` ones of this cabin plus stand-ins up to sold + held."""
    mine = frozenset(assigned).intersection(seats)
    missing = max(0, sold + held - len(mine))
    order = list(seats)
    random.Random(seed).shuffle(order)
    stand_ins = [seat for seat in order if seat not in mine][:missing]
    return mine.union(stand_ins)


def seat_designators(*, first_row: int, last_row: int, seat_letters: str) -> list[str]:
    """Every designator of a cabin layout, row by row (`12A`)."""
    letters = seat_letters.replace("-", "")
    return [f"{row}{letter}" for row in range(first_row, last_row + 1) for letter in letters]
