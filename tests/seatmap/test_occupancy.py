"""Occupancy invariants: the map never offers more seats than inventory can sell."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from data.seatmap.occupancy import occupied_seats, seat_designators

SEATS = seat_designators(first_row=5, last_row=30, seat_letters="ABC-DEF")


@given(
    assigned=st.sets(st.sampled_from(SEATS), max_size=40),
    sold=st.integers(0, len(SEATS)),
    held=st.integers(0, 20),
    flight=st.integers(1, 10**9),
)
def test_taken_seats_cover_assignments_and_every_sold_or_held_seat(
    assigned: set[str], sold: int, held: int, flight: int
) -> None:
    # given a cabin with assigned seats and seats sold or held (not all assigned)
    # when the taken seats are drawn
    taken = occupied_seats(seats=SEATS, assigned=assigned, sold=sold, held=held, seed=str(flight))
    # then every assignment is taken, and exactly max(sold + held, assigned) seats are taken
    assert assigned <= taken
    assert len(taken) == min(len(SEATS), max(sold + held, len(assigned)))
    # and the draw is the same every time, and one more sale only adds a seat
    assert taken == occupied_seats(
        seats=SEATS, assigned=assigned, sold=sold, held=held, seed=str(flight)
    )
    more = occupied_seats(
        seats=SEATS, assigned=assigned, sold=sold + 1, held=held, seed=str(flight)
    )
    assert taken <= more


def test_assignments_in_another_cabin_are_ignored() -> None:
    # given an assignment outside the cabin's seats, when the cabin's taken seats are drawn
    taken = occupied_seats(seats=SEATS, assigned={"1A"}, sold=0, held=0, seed="7")
    # then it does not count
    assert taken == frozenset()
