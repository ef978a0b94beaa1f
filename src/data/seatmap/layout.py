"""Seat maps from a cabin layout: rows of seats with designators, features, prices and availability.

Rules:
- `seat_letters` spells one row's cross-section with `-` for an aisle (`ABC-DEF`, `AC-DFG-HK`);
  every row from `first_row` to `last_row` has those seats, designated row + letter (`12A`).
- WINDOW: the first and last seat of the row; AISLE: a seat beside an aisle; MIDDLE: neither
  (a lone seat between a wall and an aisle is both WINDOW and AISLE). EXIT_ROW and EXTRA_LEGROOM
  mark the seats of the layout's exit and extra-legroom rows.
- Price, in minor units of the booking's currency: free when the fare brand includes seat
  selection and in business and first; otherwise extra legroom or exit rows cost the most,
  window and aisle a little more than middle. Premium economy pays `PREMIUM_ECONOMY_SHARE_BP`.
- A seat is available unless its designator is among the taken ones.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection
from typing import Final, NamedTuple

from data.enums import CabinClass


class SeatFeature(enum.StrEnum):
    WINDOW = "WINDOW"
    AISLE = "AISLE"
    MIDDLE = "MIDDLE"
    EXIT_ROW = "EXIT_ROW"
    EXTRA_LEGROOM = "EXTRA_LEGROOM"


MIDDLE_SEAT_MINOR: Final = 800
WINDOW_OR_AISLE_SEAT_MINOR: Final = 1_200
LEGROOM_SEAT_MINOR: Final = 2_500
PREMIUM_ECONOMY_SHARE_BP: Final = 5_000
FREE_SEAT_CABINS: Final = frozenset({CabinClass.BUSINESS, CabinClass.FIRST})

_LETTERS = re.compile(r"[A-Z]+(-[A-Z]+)*")
_DESIGNATOR = re.compile(r"([1-9][0-9]*)([A-Z])")


class Seat(NamedTuple):
    """One seat of the map."""

    designator: str
    features: tuple[SeatFeature, ...]
    price_minor: int
    available: bool
    aisle_after: bool
    """Whether an aisle runs between this seat and the next one of the row."""


class SeatRow(NamedTuple):
    """One row of the map, seats in cross-section order (aisles left out)."""

    number: int
    seats: tuple[Seat, ...]


def seat_rows(
    *,
    cabin: CabinClass,
    first_row: int,
    last_row: int,
    seat_letters: str,
    exit_rows: Collection[int],
    extra_legroom_rows: Collection[int],
    seat_selection_included: bool,
    taken: Collection[str],
) -> tuple[SeatRow, ...]:
    """The cabin's rows of seats, each with its features, price and availability."""
    _check_rows(first_row, last_row)
    placements = _placements(seat_letters)
    rows: list[SeatRow] = []
    for number in range(first_row, last_row + 1):
        row_features: tuple[SeatFeature, ...] = ()
        if number in exit_rows:
            row_features += (SeatFeature.EXIT_ROW,)
        if number in extra_legroom_rows:
            row_features += (SeatFeature.EXTRA_LEGROOM,)
        seats = []
        for letter, placement, aisle_after in placements:
            designator = f"{number}{letter}"
            features = placement + row_features
            price = seat_price_minor(
                cabin=cabin, features=features, seat_selection_included=seat_selection_included
            )
            seats.append(Seat(designator, features, price, designator not in taken, aisle_after))
        rows.append(SeatRow(number, tuple(seats)))
    return tuple(rows)


def seat_price_minor(
    *, cabin: CabinClass, features: Collection[SeatFeature], seat_selection_included: bool
) -> int:
    """What choosing a seat with these features costs, in minor units."""
    if seat_selection_included or cabin in FREE_SEAT_CABINS:
        return 0
    if SeatFeature.EXIT_ROW in features or SeatFeature.EXTRA_LEGROOM in features:
        price = LEGROOM_SEAT_MINOR
    elif SeatFeature.MIDDLE in features:
        price = MIDDLE_SEAT_MINOR
    else:
        price = WINDOW_OR_AISLE_SEAT_MINOR
    if cabin == CabinClass.PREMIUM_ECONOMY:
        return price * PREMIUM_ECONOMY_SHARE_BP // 10_000
    return price


def is_valid_seat(*, first_row: int, last_row: int, seat_letters: str, designator: str) -> bool:
    """Whether `designator` (e.g. `12A`) names a seat of this cabin layout."""
    match = _DESIGNATOR.fullmatch(designator)
    if match is None:
        return False
    row, letter = int(match[1]), match[2]
    return first_row <= row <= last_row and letter in seat_letters.replace("-", "")


def _placements(seat_letters: str) -> list[tuple[str, tuple[SeatFeature, ...], bool]]:
    """Each letter of the cross-section with its WINDOW/AISLE/MIDDLE features, and whether an
    aisle follows it."""
    letters = seat_letters.replace("-", "")
    if _LETTERS.fullmatch(seat_letters) is None or len(set(letters)) != len(letters):
        raise ValueError(f"bad seat letters {seat_letters!r}: unique A-Z blocks joined by '-'")
    placements: list[tuple[str, tuple[SeatFeature, ...], bool]] = []
    for index, letter in enumerate(seat_letters):
        if letter == "-":
            continue
        features: tuple[SeatFeature, ...] = ()
        if letter in (letters[0], letters[-1]):
            features += (SeatFeature.WINDOW,)
        if "-" in (seat_letters[index - 1 : index], seat_letters[index + 1 : index + 2]):
            features += (SeatFeature.AISLE,)
        aisle_after = seat_letters[index + 1 : index + 2] == "-"
        placements.append((letter, features or (SeatFeature.MIDDLE,), aisle_after))
    return placements


def _check_rows(first_row: int, last_row: int) -> None:
    if first_row < 1 or last_row < first_row:
        raise ValueError("rows need 1 <= first_row <= last_row")
