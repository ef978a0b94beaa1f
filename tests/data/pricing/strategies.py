"""Hypothesis strategies for pricing inputs: any cabin inventory, distance and party."""

from __future__ import annotations

from hypothesis import strategies as st

from data.enums import CabinClass
from data.pricing.types import PassengerCounts, SegmentInput

cabins = st.sampled_from(list(CabinClass))
distances = st.integers(min_value=0, max_value=16_000)
days = st.integers(min_value=0, max_value=365)
multipliers = st.integers(min_value=1, max_value=30_000)
party_seats = st.integers(min_value=1, max_value=9)


@st.composite
def inventories(draw: st.DrawFn) -> tuple[int, int, int]:
    """(capacity, sold, held) with sold + held <= capacity."""
    capacity = draw(st.integers(min_value=0, max_value=400))
    sold = draw(st.integers(min_value=0, max_value=capacity))
    held = draw(st.integers(min_value=0, max_value=capacity - sold))
    return capacity, sold, held


@st.composite
def segments(draw: st.DrawFn, cabin: CabinClass | None = None) -> SegmentInput:
    """One segment of any length, fill and date, in `cabin` when given."""
    capacity, sold, held = draw(inventories())
    return SegmentInput(
        distance_km=draw(distances),
        cabin=cabin if cabin is not None else draw(cabins),
        capacity=capacity,
        sold=sold,
        held=held,
        days_to_departure=draw(days),
    )


@st.composite
def itineraries(draw: st.DrawFn, cabin: CabinClass) -> list[list[SegmentInput]]:
    """One to three slices of one to three segments, all in `cabin`."""
    slice_ = st.lists(segments(cabin), min_size=1, max_size=3)
    return draw(st.lists(slice_, min_size=1, max_size=3))


@st.composite
def parties(draw: st.DrawFn) -> PassengerCounts:
    """At least one adult, some children, no more infants than adults."""
    adults = draw(st.integers(min_value=1, max_value=5))
    return PassengerCounts(
        adults=adults,
        children=draw(st.integers(min_value=0, max_value=4)),
        infants=draw(st.integers(min_value=0, max_value=adults)),
    )
