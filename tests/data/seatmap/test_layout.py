"""Seat maps: what a traveller sees when choosing a seat."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.enums import CabinClass
from data.seatmap.layout import Seat, SeatFeature, SeatRow, is_valid_seat, seat_rows

WINDOW, AISLE, MIDDLE = SeatFeature.WINDOW, SeatFeature.AISLE, SeatFeature.MIDDLE
EXIT, LEGROOM = SeatFeature.EXIT_ROW, SeatFeature.EXTRA_LEGROOM


def cabin_rows(
    *,
    cabin: CabinClass = CabinClass.ECONOMY,
    seat_letters: str = "ABC-DEF",
    taken: frozenset[str] = frozenset(),
    seat_selection_included: bool = False,
) -> tuple[SeatRow, ...]:
    """Rows 10 to 30, exits at rows 14 and 15, extra legroom at row 10."""
    return seat_rows(
        cabin=cabin,
        first_row=10,
        last_row=30,
        seat_letters=seat_letters,
        exit_rows=[14, 15],
        extra_legroom_rows=[10],
        seat_selection_included=seat_selection_included,
        taken=taken,
    )


def by_designator(rows: tuple[SeatRow, ...]) -> dict[str, Seat]:
    return {seat.designator: seat for row in rows for seat in row.seats}


def test_a_six_abreast_row_has_windows_aisles_and_middles() -> None:
    rows = cabin_rows()

    row_20 = rows[20 - 10]
    assert row_20.number == 20
    assert [(seat.designator, seat.features) for seat in row_20.seats] == [
        ("20A", (WINDOW,)),
        ("20B", (MIDDLE,)),
        ("20C", (AISLE,)),
        ("20D", (AISLE,)),
        ("20E", (MIDDLE,)),
        ("20F", (WINDOW,)),
    ]
    assert [row.number for row in rows] == list(range(10, 31))


def test_a_wide_body_row_has_aisle_seats_on_both_aisles() -> None:
    seats = by_designator(cabin_rows(seat_letters="AC-DFG-HK"))

    assert [seats[f"22{letter}"].features for letter in "ACDFGHK"] == [
        (WINDOW,),
        (AISLE,),
        (AISLE,),
        (MIDDLE,),
        (AISLE,),
        (AISLE,),
        (WINDOW,),
    ]


def test_a_lone_seat_by_the_window_is_also_on_the_aisle() -> None:
    seats = by_designator(cabin_rows(cabin=CabinClass.BUSINESS, seat_letters="A-DG-K"))

    assert seats["12A"].features == (WINDOW, AISLE)
    assert seats["12D"].features == (AISLE,)


@pytest.mark.parametrize(
    ("seat_letters", "aisles_after"),
    [("ABC-DEF", "C"), ("AC-DFG-HK", "CG"), ("A-DG-K", "AG"), ("AB-EF", "B")],
)
def test_aisles_run_where_the_layout_has_them(seat_letters: str, aisles_after: str) -> None:
    # given a cabin layout ("-" is an aisle), when its map is drawn, then exactly the seats
    # before an aisle say so: the pair in the middle of a 1-2-1 cabin sits side by side
    row = cabin_rows(cabin=CabinClass.BUSINESS, seat_letters=seat_letters)[0]
    assert "".join(seat.designator[-1] for seat in row.seats if seat.aisle_after) == aisles_after


def test_exit_and_legroom_rows_are_flagged() -> None:
    seats = by_designator(cabin_rows())

    assert seats["14A"].features == (WINDOW, EXIT)
    assert seats["15B"].features == (MIDDLE, EXIT)
    assert seats["10C"].features == (AISLE, LEGROOM)
    assert EXIT not in seats["16A"].features


def test_taken_seats_are_unavailable_and_the_rest_free_to_choose() -> None:
    seats = by_designator(cabin_rows(taken=frozenset({"12A", "12B", "30F"})))

    unavailable = {d for d, seat in seats.items() if not seat.available}
    assert unavailable == {"12A", "12B", "30F"}
    assert len(seats) == 21 * 6


def test_economy_seats_cost_more_for_legroom_and_a_little_more_by_window_or_aisle() -> None:
    seats = by_designator(cabin_rows())

    legroom, exit_, window, aisle, middle = (
        seats[d].price_minor for d in ("10B", "14B", "20A", "20C", "20B")
    )
    assert legroom == exit_ > window == aisle > middle > 0


def test_premium_economy_seats_cost_less_than_economy_ones() -> None:
    economy = by_designator(cabin_rows())
    premium = by_designator(cabin_rows(cabin=CabinClass.PREMIUM_ECONOMY))

    assert 0 < premium["20A"].price_minor < economy["20A"].price_minor


@pytest.mark.parametrize("cabin", [CabinClass.BUSINESS, CabinClass.FIRST])
def test_business_and_first_seats_are_free(cabin: CabinClass) -> None:
    seats = by_designator(cabin_rows(cabin=cabin, seat_letters="AC-DG-HK"))

    assert {seat.price_minor for seat in seats.values()} == {0}


def test_seats_are_free_when_the_fare_brand_includes_seat_selection() -> None:
    seats = by_designator(cabin_rows(seat_selection_included=True))

    assert {seat.price_minor for seat in seats.values()} == {0}


@pytest.mark.parametrize(
    ("designator", "valid"),
    [
        ("10A", True),
        ("30F", True),
        ("21D", True),
        ("9A", False),  # before the cabin
        ("31A", False),  # after the cabin
        ("12G", False),  # no such letter
        ("12-", False),
        ("012A", False),
        ("A12", False),
        ("12a", False),
        ("", False),
    ],
)
def test_a_seat_designator_is_checked_against_the_layout(designator: str, valid: bool) -> None:
    result = is_valid_seat(first_row=10, last_row=30, seat_letters="ABC-DEF", designator=designator)

    assert result is valid


@pytest.mark.parametrize("letters", ["", "-ABC", "ABC-", "AB--C", "ABA", "abc", "AB C"])
def test_a_malformed_layout_is_refused(letters: str) -> None:
    with pytest.raises(ValueError, match="seat letters"):
        cabin_rows(seat_letters=letters)


blocks = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=4).map(
    lambda sizes: "-".join("X" * size for size in sizes)
)


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, int, int]:
    """(seat letters such as 'ABC-DEFG-HJK', first row, last row)."""
    shape = draw(blocks)
    letters = iter("ABCDEFGHJKLMNPQRSTUVWXYZ")
    seat_letters = "".join(char if char == "-" else next(letters) for char in shape)
    first_row = draw(st.integers(min_value=1, max_value=60))
    return seat_letters, first_row, first_row + draw(st.integers(min_value=0, max_value=40))


@given(layout=layouts(), cabin=st.sampled_from(list(CabinClass)), data=st.data())
def test_every_seat_of_any_layout_is_valid_and_described(
    layout: tuple[str, int, int], cabin: CabinClass, data: st.DataObject
) -> None:
    seat_letters, first_row, last_row = layout
    letters = seat_letters.replace("-", "")
    all_seats = [f"{row}{letter}" for row in range(first_row, last_row + 1) for letter in letters]
    taken = frozenset(data.draw(st.sets(st.sampled_from(all_seats))))

    rows = seat_rows(
        cabin=cabin,
        first_row=first_row,
        last_row=last_row,
        seat_letters=seat_letters,
        exit_rows=[first_row],
        extra_legroom_rows=[],
        seat_selection_included=False,
        taken=taken,
    )

    seats = [seat for row in rows for seat in row.seats]
    assert [seat.designator for seat in seats] == all_seats
    for seat in seats:
        assert is_valid_seat(
            first_row=first_row,
            last_row=last_row,
            seat_letters=seat_letters,
            designator=seat.designator,
        )
        assert seat.available is (seat.designator not in taken)
        assert seat.price_minor >= 0
        assert (MIDDLE in seat.features) is not (WINDOW in seat.features or AISLE in seat.features)
