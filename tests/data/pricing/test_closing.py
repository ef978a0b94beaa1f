"""When a price can move with no seat moving: the instant a booking class closes by date."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from data.enums import CabinClass
from data.pricing.buckets import LADDERS, SECONDS_PER_DAY, next_closing
from data.pricing.fares import days_left


def closed_by_date(cabin: str, departs: int, second: int) -> set[str]:
    """The booking classes of `cabin` that the date has closed at Unix `second`."""
    days = days_left(departs, second)
    return {b.code for b in LADDERS[cabin] if days < b.closes_under_days}


NOW = 1_790_000_000


@given(
    cabin=st.sampled_from([c.value for c in CabinClass]),
    ahead=st.integers(min_value=0, max_value=40 * SECONDS_PER_DAY),
)
def test_no_class_closes_before_the_instant_and_one_closes_just_after(
    cabin: str, ahead: int
) -> None:
    # given a flight leaving `ahead` seconds from now
    departs = NOW + ahead
    closing = next_closing(cabin, departs, NOW)
    now_closed = closed_by_date(cabin, departs, NOW)
    if closing is None:
        # then no class closes by date before it leaves
        assert closed_by_date(cabin, departs, departs) == now_closed
        return
    # then the classes closed by date stay as they are until that instant, and the next second
    # one more is closed
    assert NOW <= closing < departs
    assert closed_by_date(cabin, departs, closing) == now_closed
    assert closed_by_date(cabin, departs, closing + 1) > now_closed
