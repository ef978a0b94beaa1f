"""The schedule generator, without a database: determinism, ranges, time zones, DST, scale."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from data.reference.airports import REQUIRED_AIRPORTS, great_circle_km
from data.schedule.generator import (
    DaySchedule,
    Network,
    block_minutes,
    build_network,
    generate_schedule,
    weekly_pattern,
)

START = date(2026, 5, 4)


@cache
def _network(scale: str) -> Network:
    return build_network("demo" if scale == "demo" else "large")


def _schedule(*, seed: int = 7, start: date = START, days: int = 2) -> list[DaySchedule]:
    return list(generate_schedule(_network("demo"), start=start, days=days, seed=seed))


def test_same_seed_gives_the_same_rows_and_another_seed_does_not() -> None:
    # given two runs with seed 7 and one with seed 8
    first, again, other = _schedule(seed=7), _schedule(seed=7), _schedule(seed=8)
    # then the seed-7 flights and inventory are identical, row for row
    assert [d.flights for d in first] == [d.flights for d in again]
    assert [d.inventory for d in first] == [d.inventory for d in again]
    # and a different seed moves departure times
    assert [d.flights for d in first] != [d.flights for d in other]


def test_demo_network_has_sixty_real_airports_with_their_time_zones() -> None:
    airports = {a.iata_code: a for a in _network("demo").airports}
    assert len(airports) == 60
    assert set(REQUIRED_AIRPORTS) <= set(airports)
    assert airports["LHR"].time_zone == "Europe/London"
    assert airports["JFK"].time_zone == "America/New_York"
    assert airports["SYD"].time_zone == "Australia/Sydney"
    assert airports["YYZ"].city == "Toronto"
    for airport in airports.values():
        ZoneInfo(airport.time_zone)  # every zone is a real IANA zone
        assert airport.min_connection_intl_minutes >= airport.min_connection_minutes > 0


def test_hubs_need_longer_connections_than_other_airports() -> None:
    airports = _network("demo").airports
    hubs = [a for a in airports if a.is_hub]
    others = [a for a in airports if not a.is_hub]
    assert {a.iata_code for a in hubs} == {a.hub for a in _network("demo").airlines}
    assert min(a.min_connection_intl_minutes for a in hubs) > max(
        a.min_connection_intl_minutes for a in others
    )


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31), offset=st.integers(0, 365))
def test_every_flight_fits_its_aircraft_and_keeps_its_block_time(seed: int, offset: int) -> None:
    # given any seed and any start date
    network = _network("demo")
    day = next(generate_schedule(network, start=START + timedelta(offset), days=1, seed=seed))
    for _, _, _, origin, destination, departs, arrives, aircraft_id, distance in day.flights:
        aircraft = network.aircraft[aircraft_id - 1]
        # then no flight is longer than its aircraft's range
        assert distance <= aircraft.range_km
        ends = network.airports[origin - 1], network.airports[destination - 1]
        assert distance == great_circle_km(*ends)
        # and it arrives one block time (rounded to 5 minutes) after it leaves
        assert arrives - departs == timedelta(minutes=block_minutes(distance, aircraft))
        assert block_minutes(distance, aircraft) % 5 == 0
        # and it leaves on the local date it is filed under
        assert departs.astimezone(ZoneInfo(ends[0].time_zone)).date() == day.day


def test_flight_numbers_are_unique_per_airline_and_day() -> None:
    for day in _schedule(days=7):
        numbers = Counter((f[1], f[2]) for f in day.flights)
        assert numbers.most_common(1)[0][1] == 1


def test_every_flight_touches_its_airlines_hub() -> None:
    network = _network("demo")
    airport_id = {a.iata_code: i for i, a in enumerate(network.airports, start=1)}
    hub_of = {i: airport_id[al.hub] for i, al in enumerate(network.airlines, start=1)}
    for flight in _schedule(days=1)[0].flights:
        assert hub_of[flight[1]] in (flight[3], flight[4])


def test_local_departure_is_kept_across_a_dst_change_so_utc_moves() -> None:
    # given a schedule around the European spring change (Sunday 29 March 2026)
    network = _network("demo")
    days = list(generate_schedule(network, start=date(2026, 3, 27), days=4, seed=7))
    london = ZoneInfo("Europe/London")
    lhr = next(i for i, a in enumerate(network.airports, start=1) if a.iata_code == "LHR")
    before = {(f[1], f[2]): f[5] for f in days[0].flights if f[3] == lhr}  # Friday, GMT
    after = {(f[1], f[2]): f[5] for f in days[3].flights if f[3] == lhr}  # Monday, BST
    both = before.keys() & after.keys()
    assert len(both) > 50
    for key in both:
        # then the same flight leaves London at the same wall-clock time
        assert before[key].astimezone(london).time() == after[key].astimezone(london).time()
        # and so one hour earlier in UTC
        assert (before[key] + timedelta(days=3)) - after[key] == timedelta(hours=1)


def test_sold_seats_vary_and_never_exceed_capacity() -> None:
    inventory = [row for day in _schedule(days=3) for row in day.inventory]
    assert all(0 <= sold <= capacity for _, _, capacity, sold, _, _ in inventory)
    assert all(held == 0 and version == 0 for *_, held, version in inventory)
    load = Counter(round(10 * sold / capacity) for _, _, capacity, sold, _, _ in inventory)
    assert len(load) >= 8  # empty-ish, half-full and full cabins all occur
    assert any(sold == capacity for _, _, capacity, sold, _, _ in inventory)


def test_large_network_flies_fifty_thousand_flights_a_day_between_300_airports() -> None:
    # given the large network (generated only, not loaded)
    network = _network("large")
    assert len(network.airports) >= 300
    assert set(REQUIRED_AIRPORTS) <= {a.iata_code for a in network.airports}
    # then every weekday of its pattern has at least 50,000 flights
    pattern = weekly_pattern(network, start=START, seed=7)
    assert min(len(flights) for flights in pattern) >= 50_000
    # and a stamped day has them all, with inventory for every cabin
    day = next(generate_schedule(network, start=START, days=1, seed=7))
    assert len(day.flights) == len(pattern[START.weekday()]) >= 50_000
    assert len(day.inventory) > 2 * len(day.flights)
    assert len({f[3] for f in day.flights}) >= 300
