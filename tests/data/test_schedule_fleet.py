"""Fleet, airlines and fare catalogue as data: cabins that seat people, codes that are ours."""

from __future__ import annotations

import itertools
import re

import pytest

from data.enums import CABIN_ORDER, CabinClass
from data.pricing.catalog import CHANGE_FEE_CURRENCY, FARE_BRANDS, brands_for
from data.reference.fleet import (
    AIRCRAFT_TYPES,
    DEMO_AIRLINES,
    LARGE_AIRLINES,
    RESERVED_CARRIER_CODES,
    AircraftSpec,
    choose_aircraft,
)

SEAT_LETTERS = re.compile(r"^[A-HJK]+(-[A-HJK]+){0,2}$")  # no I, at most two aisles


@pytest.mark.parametrize("aircraft", AIRCRAFT_TYPES, ids=lambda a: a.code)
def test_every_aircraft_has_two_to_four_cabins_front_to_back(aircraft: AircraftSpec) -> None:
    cabins = aircraft.cabins
    assert 2 <= len(cabins) <= 4
    # cabins run front to back in the usual order, rows never overlap and fit a seat number
    order = [CABIN_ORDER.index(c.cabin) for c in cabins]
    assert order == sorted(set(order))
    for front, back in itertools.pairwise(cabins):
        assert front.last_row < back.first_row
    for cabin in cabins:
        assert 1 <= cabin.first_row <= cabin.last_row <= 99
        assert SEAT_LETTERS.match(cabin.seat_letters), cabin.seat_letters
        assert set(cabin.exit_rows) <= set(range(cabin.first_row, cabin.last_row + 1))
        assert set(cabin.extra_legroom_rows) <= set(range(cabin.first_row, cabin.last_row + 1))
        assert cabin.capacity > 0
    assert cabins[-1].cabin == CabinClass.ECONOMY


def test_bigger_aircraft_fly_further() -> None:
    short = choose_aircraft(600, trunk=False, regional=True, pick=0)
    medium = choose_aircraft(2_500, trunk=False, regional=False, pick=0)
    long = choose_aircraft(11_000, trunk=True, regional=False, pick=0)
    seats = [sum(c.capacity for c in a.cabins) for a in (short, medium, long)]
    assert seats == sorted(seats)
    assert short.range_km < medium.range_km < long.range_km
    with pytest.raises(ValueError, match="no aircraft"):
        choose_aircraft(15_000, trunk=True, regional=False, pick=0)


def test_airlines_are_invented_with_codes_no_big_carrier_uses() -> None:
    codes = [a.iata_code for a in LARGE_AIRLINES]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 2 for code in codes)
    assert not set(codes) & RESERVED_CARRIER_CODES
    assert {"BA", "AF", "LH", "SQ", "QF", "EK", "AA", "DL", "UA", "SK"} <= RESERVED_CARRIER_CODES
    assert len({a.hub for a in LARGE_AIRLINES}) == len(LARGE_AIRLINES)
    assert set(DEMO_AIRLINES) <= set(LARGE_AIRLINES)


def test_fare_brands_cost_more_as_they_get_more_flexible() -> None:
    assert len({b.code for b in FARE_BRANDS}) == len(FARE_BRANDS)
    assert CHANGE_FEE_CURRENCY == "EUR"
    for cabin in CabinClass:
        brands = brands_for(cabin)
        assert 1 <= len(brands) <= 3
        assert [b.rank for b in brands] == list(range(1, len(brands) + 1))
        multipliers = [b.multiplier_bp for b in brands]
        assert multipliers == sorted(set(multipliers))
        # flexibility never goes down as the brand goes up
        for cheaper, dearer in itertools.pairwise(brands):
            assert dearer.refundable >= cheaper.refundable
            assert dearer.checked_bags >= cheaper.checked_bags
            assert dearer.changeable >= cheaper.changeable
            if cheaper.change_fee_minor is not None:
                assert dearer.change_fee_minor is not None
                assert dearer.change_fee_minor <= cheaper.change_fee_minor
    light = brands_for(CabinClass.ECONOMY)[0]
    assert (light.code, light.checked_bags, light.refundable, light.changeable) == (
        "ECONOMY_LIGHT",
        0,
        False,
        False,
    )
