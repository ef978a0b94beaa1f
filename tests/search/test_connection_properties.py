"""Connection rules as invariants over generated schedules (no database)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from data.inventory.reads import Leg
from data.reference.directory import AirportRecord
from data.search import rules
from data.search.itineraries import RouteLegs, _rank, build_itineraries
from data.search.plan import SlicePlan
from data.search.query import SliceQuery

DAY = date(2027, 3, 10)
START = datetime(2027, 3, 10, tzinfo=UTC)
END = START + timedelta(days=1)

AIRPORTS = {
    i: AirportRecord(
        id=i,
        iata_code=code,
        name=code,
        city=code,
        country_code=country,
        time_zone="UTC",
        latitude=float(i),
        longitude=float(i),
        is_hub=i in {2, 3},
        min_connection_minutes=mct,
        min_connection_intl_minutes=mct_intl,
    )
    for i, code, country, mct, mct_intl in (
        (1, "AAA", "GB", 45, 70),
        (2, "HUB", "AE", 60, 90),
        (3, "BIG", "SG", 60, 90),
        (4, "MID", "SG", 35, 50),
        (5, "ZZZ", "AU", 45, 70),
    )
}
PATHS = ((1, 5), (1, 2, 5), (1, 3, 5), (1, 4, 5), (1, 2, 3, 5), (1, 3, 4, 5), (1, 2, 4, 5))
ROUTES = sorted({(p[i], p[i + 1]) for p in PATHS for i in range(len(p) - 1)})


@st.composite
def legs(draw: st.DrawFn) -> list[Leg]:
    """Flights on the routes of `PATHS`: departures over three days, blocks of 1-14 hours."""
    found: list[Leg] = []
    for number, (origin, destination) in enumerate(ROUTES):
        for trip in range(draw(st.integers(0, 5))):
            departure = START + timedelta(minutes=draw(st.integers(-120, 3 * 24 * 60)))
            block = timedelta(minutes=draw(st.integers(60, 14 * 60)))
            capacity = 100
            sold = draw(st.integers(0, capacity))
            found.append(
                Leg(
                    id=number * 10 + trip + 1,
                    airline_id=1,
                    flight_number=number * 10 + trip,
                    origin_id=origin,
                    destination_id=destination,
                    departs=int(departure.timestamp()),
                    arrives=int((departure + block).timestamp()),
                    aircraft_type_id=1,
                    distance_km=1_000,
                    cabin="ECONOMY",
                    capacity=capacity,
                    sold=sold,
                    held=draw(st.integers(0, capacity - sold)),
                    version=0,
                )
            )
    return found


PLAN = SlicePlan(0, SliceQuery(AIRPORTS[1], AIRPORTS[5], DAY), PATHS, START, END)


@settings(max_examples=300, deadline=None)
@given(schedule=legs(), seats=st.integers(1, 9))
def test_itineraries_keep_every_connection_rule(schedule: list[Leg], seats: int) -> None:
    # given any schedule on the candidate paths, when itineraries are built for a party
    found = build_itineraries(PLAN, RouteLegs(schedule), AIRPORTS, seats=seats)
    # then each follows a candidate path, leaves in the window, has seats on every flight,
    # never visits an airport twice, and waits between the MCT and the layover cap
    assert len(found) <= rules.MAX_ITINERARIES
    assert len(set(found)) == len(found)
    for itinerary in found:
        airports = (itinerary[0].origin_id, *(leg.destination_id for leg in itinerary))
        assert airports in PATHS
        assert len(set(airports)) == len(airports)
        assert START <= itinerary[0].departure_at < END
        assert all(leg.available >= seats for leg in itinerary)
        for before, after in itertools.pairwise(itinerary):
            assert after.origin_id == before.destination_id
            wait = after.departure_at - before.arrival_at
            minimum = rules.min_connection(
                AIRPORTS[before.origin_id],
                AIRPORTS[before.destination_id],
                AIRPORTS[after.destination_id],
            )
            assert minimum <= wait <= rules.MAX_LAYOVER


@settings(max_examples=200, deadline=None)
@given(schedule=legs())
def test_a_legal_one_stop_connection_is_never_missed(schedule: list[Leg]) -> None:
    # given any schedule, when itineraries are built for one traveller
    found = set(build_itineraries(PLAN, RouteLegs(schedule), AIRPORTS, seats=1))
    # then for each first flight via MID, the earliest legal onward flight is among them
    # (unless the slice already holds its maximum of itineraries)
    if len(found) == rules.MAX_ITINERARIES:
        return
    via = 4
    mct = rules.min_connection(AIRPORTS[1], AIRPORTS[via], AIRPORTS[5])
    for first in schedule:
        if (first.origin_id, first.destination_id) != (1, via) or first.available < 1:
            continue
        if not START <= first.departure_at < END:
            continue
        onward = sorted(
            (
                leg
                for leg in schedule
                if (leg.origin_id, leg.destination_id) == (via, 5)
                and leg.available >= 1
                and mct <= leg.departure_at - first.arrival_at <= rules.MAX_LAYOVER
            ),
            key=lambda leg: (leg.departure_at, leg.id),
        )
        if onward:
            assert (first, onward[0]) in found or any(
                it[0] == first and it[1].departure_at == onward[0].departure_at for it in found
            )


@settings(max_examples=300, deadline=None)
@given(
    schedule=legs(),
    max_stops=st.none() | st.integers(0, 2),
    not_before=st.integers(0, 24 * 60).map(lambda m: int(START.timestamp()) + m * 60),
    leaves_by=st.none() | st.integers(0, 24 * 60),
    cap=st.integers(1, 8),
)
def test_filters_narrow_itineraries_before_the_cap(
    schedule: list[Leg], max_stops: int | None, not_before: int, leaves_by: int | None, cap: int
) -> None:
    # given any schedule, and a slice that keeps at most `cap` itineraries
    def first_leg(leg: Leg) -> bool:
        return leaves_by is None or leg.departs <= int(START.timestamp()) + leaves_by * 60

    def matches(itinerary: tuple[Leg, ...]) -> bool:
        stops_ok = max_stops is None or len(itinerary) - 1 <= max_stops
        return stops_ok and itinerary[0].departs >= not_before and first_leg(itinerary[0])

    with patch.object(rules, "MAX_ITINERARIES", 10_000):
        everything = build_itineraries(PLAN, RouteLegs(schedule), AIRPORTS, seats=1)
    # when the filters ask for fewer stops, a later first flight, or an earlier one
    with patch.object(rules, "MAX_ITINERARIES", cap):
        found = build_itineraries(
            PLAN,
            RouteLegs(schedule),
            AIRPORTS,
            seats=1,
            not_before=not_before,
            first_leg=first_leg,
            max_stops=max_stops,
        )
    # then the slice keeps the best matching itineraries, as if it had had no cap: the cap
    # never spends its places on itineraries the filters then throw away
    expected = sorted(filter(matches, everything), key=_rank)[:cap]
    assert sorted(found, key=_rank) == expected


def test_crossing_a_border_needs_the_international_connection_time() -> None:
    # given connections at MID (Singapore): domestic both ways, and arriving from abroad
    gb, big, mid, au = AIRPORTS[1], AIRPORTS[3], AIRPORTS[4], AIRPORTS[5]
    # then only the all-domestic one uses the short MCT
    assert rules.min_connection(big, mid, big) == timedelta(minutes=35)
    assert rules.min_connection(gb, mid, big) == timedelta(minutes=50)
    assert rules.min_connection(big, mid, au) == timedelta(minutes=50)
