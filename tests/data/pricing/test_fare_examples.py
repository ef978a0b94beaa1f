"""Worked examples of the price model a reader can check by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from data.enums import CabinClass, PassengerType
from data.pricing.buckets import open_bucket, seats_at_current_price
from data.pricing.fares import (
    days_to_departure,
    distance_fare_minor,
    lowest_fare_minor,
    price_itinerary,
    segment_fare_minor,
)
from data.pricing.types import Brand, PassengerCounts, SegmentInput

ECONOMY = Brand(CabinClass.ECONOMY)
ONE_ADULT = PassengerCounts()


def flight(
    distance_km: int,
    *,
    cabin: CabinClass = CabinClass.ECONOMY,
    capacity: int = 180,
    sold: int = 0,
    held: int = 0,
    days: int = 60,
) -> SegmentInput:
    return SegmentInput(distance_km, cabin, capacity, sold, held, days)


def test_a_short_hop_costs_less_than_a_long_haul() -> None:
    short = price_itinerary(slices=[[flight(400)]], brand=ECONOMY, passengers=ONE_ADULT)
    long = price_itinerary(slices=[[flight(7_000)]], brand=ECONOMY, passengers=ONE_ADULT)

    assert short.base_minor < long.base_minor
    assert short.tax_minor < long.tax_minor


def test_the_per_km_rate_tapers_with_distance() -> None:
    first_1000 = distance_fare_minor(1_000) - distance_fare_minor(0)
    next_1000 = distance_fare_minor(2_000) - distance_fare_minor(1_000)
    far_1000 = distance_fare_minor(10_000) - distance_fare_minor(9_000)

    assert first_1000 > next_1000 > far_1000 > 0


def test_business_costs_more_than_economy_on_the_same_flight() -> None:
    economy = price_itinerary(slices=[[flight(1_200)]], brand=ECONOMY, passengers=ONE_ADULT)
    business = price_itinerary(
        slices=[[flight(1_200, cabin=CabinClass.BUSINESS, capacity=24)]],
        brand=Brand(CabinClass.BUSINESS),
        passengers=ONE_ADULT,
    )

    assert business.total_minor > economy.total_minor


def test_a_family_price_itemised_by_hand() -> None:
    # given a 300 km flight, empty, two months out: curve 30.00 + 300 km x 0.10 = 60.00,
    # cheapest class V (x0.55) = 33.00; taxes 8.00 service + 12.00 departure = 20.00
    party = PassengerCounts(adults=2, children=1, infants=1)

    price = price_itinerary(slices=[[flight(300)]], brand=ECONOMY, passengers=party)

    adult, child, infant = price.passengers
    assert (adult.passenger_type, adult.quantity, adult.unit_base_minor) == (
        PassengerType.ADULT,
        2,
        3_300,
    )
    assert (child.unit_base_minor, child.unit_tax_minor) == (2_475, 2_000)  # 75% fare, full tax
    assert (infant.unit_base_minor, infant.unit_tax_minor) == (330, 500)  # 10% fare, 25% tax
    assert price.base_minor == 2 * 3_300 + 2_475 + 330
    assert price.tax_minor == 3 * 2_000 + 500
    assert price.total_minor == 15_905
    assert price.slices[0].fare_classes == ("V",)
    assert price.currency == "EUR"


def test_a_light_brand_on_the_cheapest_class_stops_at_the_fare_floor() -> None:
    # 33.00 x 0.80 = 26.40 would undercut the floor: half of 60.00
    fare = segment_fare_minor(segment=flight(300), multiplier_bp=8_000)

    assert fare == 3_000


def test_a_flexible_brand_costs_more_than_the_standard_one() -> None:
    standard = segment_fare_minor(segment=flight(2_000), multiplier_bp=10_000)
    flexible = segment_fare_minor(segment=flight(2_000), multiplier_bp=13_000)

    assert flexible > standard


def test_a_return_is_priced_as_two_independent_slices() -> None:
    out, back = flight(900, sold=100), flight(900, sold=30, days=67)

    trip = price_itinerary(slices=[[out], [back]], brand=ECONOMY, passengers=ONE_ADULT)

    outbound, inbound = trip.slices
    assert outbound.fare_classes == ("M",)  # 100 of 180 sold: V, Q and L are gone
    assert inbound.fare_classes == ("Q",)
    assert trip.total_minor == outbound.total_minor + inbound.total_minor
    assert outbound.total_minor > inbound.total_minor


def test_a_connection_costs_the_sum_of_its_flights() -> None:
    first, second = flight(600), flight(1_400)

    connection = price_itinerary(slices=[[first, second]], brand=ECONOMY, passengers=ONE_ADULT)
    fares = [segment_fare_minor(segment=s, multiplier_bp=10_000) for s in (first, second)]

    assert connection.base_minor == sum(fares)
    assert connection.slices[0].fare_classes == ("V", "V")


def test_cheap_classes_close_as_the_cabin_fills_and_the_day_nears() -> None:
    def bucket(sold: int, days: int) -> str | None:
        found = open_bucket(
            cabin=CabinClass.ECONOMY, capacity=180, sold=sold, held=0, days_to_departure=days
        )
        return None if found is None else found.code

    assert bucket(sold=0, days=60) == "V"
    assert bucket(sold=27, days=60) == "Q"  # V holds 15% of 180 = 27 seats
    assert bucket(sold=0, days=5) == "K"  # under a week: V, Q, L, M closed
    assert bucket(sold=175, days=0) == "Y"
    assert bucket(sold=180, days=60) is None


def test_held_seats_count_like_sold_ones() -> None:
    held = flight(500, held=27)
    sold = flight(500, sold=27)

    assert segment_fare_minor(segment=held, multiplier_bp=10_000) == segment_fare_minor(
        segment=sold, multiplier_bp=10_000
    )


def test_seats_remaining_counts_the_seats_left_at_this_price() -> None:
    left = seats_at_current_price(
        cabin=CabinClass.ECONOMY, capacity=180, sold=20, held=5, days_to_departure=30
    )

    assert left == 2  # 27 seats in V, 25 taken


def test_a_party_that_does_not_fit_the_cheapest_class_moves_up_together() -> None:
    almost_gone = flight(500, sold=25)  # V has 2 seats left

    price = price_itinerary(
        slices=[[almost_gone]], brand=ECONOMY, passengers=PassengerCounts(adults=3)
    )

    assert price.slices[0].fare_classes == ("Q",)
    assert price.seats_remaining == 54 - 25


def test_a_full_flight_leaves_no_seat_to_sell() -> None:
    full = flight(500, sold=170, held=10)

    price = price_itinerary(slices=[[full]], brand=ECONOMY, passengers=ONE_ADULT)

    assert price.seats_remaining == 0
    assert lowest_fare_minor(segments=[full], brands=[ECONOMY]) is None


def test_the_calendar_fare_picks_the_cheapest_brand_of_the_cabin() -> None:
    brands = [
        Brand(CabinClass.ECONOMY, 13_000),
        Brand(CabinClass.ECONOMY, 10_000),
        Brand(CabinClass.BUSINESS, 5_000),  # another cabin: ignored
    ]

    lowest = lowest_fare_minor(segments=[flight(2_000)], brands=brands)

    standard = price_itinerary(slices=[[flight(2_000)]], brand=ECONOMY, passengers=ONE_ADULT)
    assert lowest == standard.total_minor


def test_days_to_departure_counts_whole_days() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    assert days_to_departure(departure_at=now + timedelta(days=3, hours=23), now=now) == 3
    assert days_to_departure(departure_at=now + timedelta(hours=2), now=now) == 0
    assert days_to_departure(departure_at=now - timedelta(hours=2), now=now) == 0


def test_impossible_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="adult"):
        PassengerCounts(adults=0, children=1)
    with pytest.raises(ValueError, match="lap"):
        PassengerCounts(adults=1, infants=2)
    with pytest.raises(ValueError, match="cabin"):
        price_itinerary(slices=[[flight(500)]], brand=Brand(CabinClass.FIRST), passengers=ONE_ADULT)
    with pytest.raises(ValueError, match="capacity"):
        price_itinerary(slices=[[flight(500, sold=181)]], brand=ECONOMY, passengers=ONE_ADULT)
    with pytest.raises(ValueError, match="slice"):
        price_itinerary(slices=[[]], brand=ECONOMY, passengers=ONE_ADULT)
