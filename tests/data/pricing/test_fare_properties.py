"""Invariants of the price model, checked over any inventory, distance, date, brand and party."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from data.enums import CabinClass, PassengerType
from data.pricing.buckets import open_bucket, seats_at_current_price
from data.pricing.fares import (
    days_left,
    days_to_departure,
    fare_floor_minor,
    lowest_fare_minor,
    price_itinerary,
    pricing_second,
    quote_segment,
    quoted_slice_totals,
    segment_fare_minor,
)
from data.pricing.types import Brand, PassengerCounts, SegmentInput
from tests.data.pricing.strategies import (
    cabins,
    days,
    inventories,
    itineraries,
    multipliers,
    parties,
    party_seats,
    segments,
)


@given(segment=segments(), multiplier_bp=multipliers, seats=party_seats)
def test_a_fare_never_falls_below_the_floor(
    segment: SegmentInput, multiplier_bp: int, seats: int
) -> None:
    fare = segment_fare_minor(segment=segment, multiplier_bp=multiplier_bp, seats=seats)

    floor = fare_floor_minor(distance_km=segment.distance_km, cabin=segment.cabin)
    assert fare >= floor > 0


@given(
    segment=segments(),
    more_sold=st.integers(min_value=0, max_value=400),
    multiplier_bp=multipliers,
    seats=party_seats,
)
def test_a_fare_never_falls_as_the_cabin_fills(
    segment: SegmentInput, more_sold: int, multiplier_bp: int, seats: int
) -> None:
    # given the same flight with more seats sold (as far as the cabin allows)
    free = segment.capacity - segment.sold - segment.held
    fuller = segment._replace(sold=segment.sold + min(more_sold, free))

    # when both are priced, then the fuller cabin costs at least as much
    emptier_fare = segment_fare_minor(segment=segment, multiplier_bp=multiplier_bp, seats=seats)
    fuller_fare = segment_fare_minor(segment=fuller, multiplier_bp=multiplier_bp, seats=seats)
    assert fuller_fare >= emptier_fare


@given(segment=segments(), sooner=days, multiplier_bp=multipliers, seats=party_seats)
def test_a_fare_never_falls_as_departure_nears(
    segment: SegmentInput, sooner: int, multiplier_bp: int, seats: int
) -> None:
    later = segment._replace(days_to_departure=min(sooner, segment.days_to_departure))

    early_fare = segment_fare_minor(segment=segment, multiplier_bp=multiplier_bp, seats=seats)
    late_fare = segment_fare_minor(segment=later, multiplier_bp=multiplier_bp, seats=seats)
    assert late_fare >= early_fare


@given(data=st.data(), cabin=cabins, multiplier_bp=multipliers, party=parties())
def test_totals_add_up_and_are_never_negative(
    data: st.DataObject, cabin: CabinClass, multiplier_bp: int, party: PassengerCounts
) -> None:
    slices = data.draw(itineraries(cabin))

    price = price_itinerary(slices=slices, brand=Brand(cabin, multiplier_bp), passengers=party)

    assert price.total_minor == price.base_minor + price.tax_minor
    assert price.base_minor == sum(line.base_minor for line in price.passengers)
    assert price.tax_minor == sum(line.tax_minor for line in price.passengers)
    assert price.total_minor == sum(line.total_minor for line in price.passengers)
    assert price.total_minor == sum(line.total_minor for line in price.slices)
    assert price.base_minor > 0
    assert price.tax_minor > 0
    assert all(line.base_minor > 0 and line.tax_minor > 0 for line in price.slices)
    assert len(price.slices) == len(slices)
    assert [len(line.fare_classes) for line in price.slices] == [len(s) for s in slices]


@given(data=st.data(), cabin=cabins, multiplier_bp=multipliers, party=parties())
def test_the_same_inputs_always_give_the_same_price(
    data: st.DataObject, cabin: CabinClass, multiplier_bp: int, party: PassengerCounts
) -> None:
    slices = data.draw(itineraries(cabin))
    brand = Brand(cabin, multiplier_bp)

    first = price_itinerary(slices=slices, brand=brand, passengers=party)
    second = price_itinerary(slices=slices, brand=brand, passengers=party)

    assert first == second


@given(data=st.data(), cabin=cabins, multiplier_bp=multipliers, party=parties())
def test_a_child_pays_no_more_than_an_adult_and_an_infant_no_more_than_a_child(
    data: st.DataObject, cabin: CabinClass, multiplier_bp: int, party: PassengerCounts
) -> None:
    slices = data.draw(itineraries(cabin))
    everyone = PassengerCounts(adults=party.adults, children=1, infants=1)

    price = price_itinerary(slices=slices, brand=Brand(cabin, multiplier_bp), passengers=everyone)

    adult, child, infant = price.passengers
    assert [line.passenger_type for line in price.passengers] == list(PassengerType)
    assert infant.unit_base_minor <= child.unit_base_minor <= adult.unit_base_minor
    assert infant.unit_tax_minor <= child.unit_tax_minor <= adult.unit_tax_minor


@given(data=st.data(), cabin=cabins, multiplier_bp=multipliers, party=parties())
def test_seats_remaining_is_the_fewest_on_any_segment_and_within_the_free_seats(
    data: st.DataObject, cabin: CabinClass, multiplier_bp: int, party: PassengerCounts
) -> None:
    slices = data.draw(itineraries(cabin))

    price = price_itinerary(slices=slices, brand=Brand(cabin, multiplier_bp), passengers=party)

    free_seats = [s.capacity - s.sold - s.held for segments_ in slices for s in segments_]
    assert 0 <= price.seats_remaining <= min(free_seats)
    assert price.seats_remaining == min(line.seats_remaining for line in price.slices)


@given(cabin=cabins, inventory=inventories(), days_out=days, seats=party_seats)
def test_bucket_seats_are_never_negative_nor_more_than_the_free_seats(
    cabin: CabinClass, inventory: tuple[int, int, int], days_out: int, seats: int
) -> None:
    capacity, sold, held = inventory

    left = seats_at_current_price(
        cabin=cabin,
        capacity=capacity,
        sold=sold,
        held=held,
        days_to_departure=days_out,
        seats=seats,
    )
    bucket = open_bucket(
        cabin=cabin,
        capacity=capacity,
        sold=sold,
        held=held,
        days_to_departure=days_out,
        seats=seats,
    )

    assert 0 <= left <= capacity - sold - held
    # an open bucket has room for the whole party; none open means the party does not fit
    assert (bucket is not None) == (left >= seats)


@given(data=st.data(), cabin=cabins, multiplier_bp=multipliers, party=parties())
def test_a_return_costs_its_outbound_plus_its_inbound(
    data: st.DataObject, cabin: CabinClass, multiplier_bp: int, party: PassengerCounts
) -> None:
    outbound = data.draw(st.lists(segments(cabin), min_size=1, max_size=3))
    inbound = data.draw(st.lists(segments(cabin), min_size=1, max_size=3))
    brand = Brand(cabin, multiplier_bp)

    trip = price_itinerary(slices=[outbound, inbound], brand=brand, passengers=party)
    there = price_itinerary(slices=[outbound], brand=brand, passengers=party)
    back = price_itinerary(slices=[inbound], brand=brand, passengers=party)

    assert trip.total_minor == there.total_minor + back.total_minor
    assert trip.slices == there.slices + back.slices


@given(
    data=st.data(),
    cabin=cabins,
    brand_multipliers=st.lists(multipliers, min_size=1, max_size=4),
)
def test_the_calendar_fare_is_one_adult_in_the_cheapest_brand(
    data: st.DataObject, cabin: CabinClass, brand_multipliers: list[int]
) -> None:
    slice_ = data.draw(st.lists(segments(cabin), min_size=1, max_size=3))
    brands = [Brand(cabin, m) for m in brand_multipliers]

    lowest = lowest_fare_minor(segments=slice_, brands=brands)

    prices = [
        price_itinerary(slices=[slice_], brand=brand, passengers=PassengerCounts())
        for brand in brands
    ]
    if any(price.seats_remaining == 0 for price in prices):
        assert lowest is None
    else:
        assert lowest == min(price.total_minor for price in prices)


@given(
    data=st.data(),
    cabin=cabins,
    brand_multipliers=st.lists(multipliers, min_size=1, max_size=4),
    party=parties(),
)
def test_the_search_shortcut_prices_a_slice_exactly_like_the_full_breakdown(
    data: st.DataObject, cabin: CabinClass, brand_multipliers: list[int], party: PassengerCounts
) -> None:
    # given one slice of one to three segments and a few brands of its cabin
    slice_ = data.draw(st.lists(segments(cabin), min_size=1, max_size=3))
    brands = [Brand(cabin, multiplier_bp) for multiplier_bp in brand_multipliers]

    # when the search quotes each segment once and adds the quotes up
    totals = quoted_slice_totals([quote_segment(s, brands, party) for s in slice_], party)

    # then every brand's (base, tax, total, seats left) is the full breakdown's, and the slice
    # is refused exactly when the breakdown has too few seats left for the party
    for index, brand in enumerate(brands):
        price = price_itinerary(slices=[slice_], brand=brand, passengers=party)
        if price.seats_remaining < party.seated:
            assert totals is None
        else:
            assert totals is not None
            assert totals[index] == (
                price.base_minor,
                price.tax_minor,
                price.total_minor,
                price.seats_remaining,
            )


@given(
    now=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    ahead_seconds=st.integers(min_value=-3 * 86_400, max_value=400 * 86_400),
    on_a_day_boundary=st.booleans(),
)
def test_days_left_in_unix_seconds_match_days_to_departure(
    now: datetime, ahead_seconds: int, on_a_day_boundary: bool
) -> None:
    # given a departure at a whole second (sometimes exactly whole days after `now`'s second)
    if on_a_day_boundary:
        ahead_seconds = ahead_seconds // 86_400 * 86_400
    departs = int(now.timestamp()) + ahead_seconds
    departure_at = datetime.fromtimestamp(departs, UTC)

    # then counting in Unix seconds from the pricing second gives the same whole days
    expected = days_to_departure(departure_at=departure_at, now=now)
    assert days_left(departs, pricing_second(now)) == expected
