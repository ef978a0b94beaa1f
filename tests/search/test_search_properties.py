"""Sort orders and filters hold for any search of the seeded network."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from data.clock import SystemClock
from data.reference.directory import ReferenceDirectory
from graphql_api.context import Services
from tests.search.conftest import SEARCH, at, offers, run, search_input
from tests.search.test_search_flights import assert_connections_are_legal

PAIRS = [
    ("LHR", "JFK"),
    ("LHR", "SYD"),
    ("JFK", "SIN"),
    ("CDG", "AKL"),
    ("FRA", "BKK"),
    ("MAD", "MEX"),
    ("BCN", "ATH"),
    ("DXB", "LHR"),
    ("SIN", "SFO"),
    ("GRU", "JNB"),
]
AIRLINES = ["XA", "XF", "XI", "XD", "XQ", "XS", "XH", "XT", "XN", "XL", "XB", "XU"]
MORNING = st.times(max_value=time(12)).map(lambda t: t.strftime("%H:%M"))
EVENING = st.times(min_value=time(12)).map(lambda t: t.strftime("%H:%M"))


@st.composite
def searches(draw: st.DrawFn) -> dict[str, Any]:
    """A one-way or return search with a random sort and random filters."""
    origin, destination = draw(st.sampled_from(PAIRS))
    if draw(st.booleans()):
        origin, destination = destination, origin
    slices = [(origin, destination, date.today() + timedelta(days=draw(st.integers(1, 2))))]
    if draw(st.booleans()):
        slices = [
            (origin, destination, date.today() + timedelta(days=1)),
            (destination, origin, date.today() + timedelta(days=3)),
        ]
    filters: dict[str, Any] = {}
    sometimes = st.integers(0, 2).map(lambda n: n == 0)
    if draw(sometimes):
        filters["maxStops"] = draw(st.integers(0, 2))
    if draw(sometimes):
        filters["airlines"] = draw(st.lists(st.sampled_from(AIRLINES), min_size=3, max_size=9))
    if draw(sometimes):
        filters["maxPriceMinor"] = draw(st.integers(50_000, 500_000))
    if draw(sometimes):
        filters["departAfter"] = draw(MORNING)
    if draw(sometimes):
        filters["departBefore"] = draw(EVENING)
    return search_input(
        *slices,
        maxConnections=draw(st.integers(0, 2)),
        sort=draw(st.sampled_from(["PRICE", "DURATION", "DEPARTURE"])),
        groupFareBrands=draw(st.booleans()),
        filter=filters,
        passengers={"adults": draw(st.integers(1, 3)), "children": draw(st.integers(0, 2))},
    )


def sort_key(sort: str, offer: dict[str, Any]) -> Any:
    if sort == "PRICE":
        return offer["totalAmount"]["amountMinor"]
    if sort == "DURATION":
        return sum(piece["durationMinutes"] for piece in offer["slices"])
    return at(offer["slices"][0]["departureAt"])


def flights(offer: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(s["flight"]["id"] for s in piece["segments"]) for piece in offer["slices"])


def assert_grouped_in_order(sort: str, found: list[dict[str, Any]]) -> None:
    """Each itinerary's offers are adjacent, cheapest brand first, and itineraries come in the
    order asked of their cheapest offer (the page may cut the last itinerary short)."""
    groups: list[list[dict[str, Any]]] = []
    for offer in found:
        if groups and flights(groups[-1][0]) == flights(offer):
            groups[-1].append(offer)
        else:
            groups.append([offer])
    assert len({flights(group[0]) for group in groups}) == len(groups)
    for group in groups:
        totals = [offer["totalAmount"]["amountMinor"] for offer in group]
        assert totals == sorted(totals)
    keys = [sort_key(sort, group[0]) for group in groups]
    assert keys == sorted(keys)


def assert_filters_hold(search: dict[str, Any], offer: dict[str, Any]) -> None:
    rules = search["filter"]
    if "maxPriceMinor" in rules:
        assert offer["totalAmount"]["amountMinor"] <= rules["maxPriceMinor"]
    for piece in offer["slices"]:
        assert piece["stops"] <= min(rules.get("maxStops", 2), search["maxConnections"])
        if "airlines" in rules:
            assert {s["flight"]["airline"]["iataCode"] for s in piece["segments"]} <= set(
                rules["airlines"]
            )
        local = at(piece["departureAt"]).time()
        if "departAfter" in rules:
            assert local >= time.fromisoformat(rules["departAfter"])
        if "departBefore" in rules:
            assert local <= time.fromisoformat(rules["departBefore"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(search=searches())
async def test_sorts_and_filters_hold_for_any_search(
    services: Services, directory: ReferenceDirectory, search: dict[str, Any]
) -> None:
    services.clock = SystemClock()
    # given any search, when it runs
    found = offers(await run(services, SEARCH, {"input": search, "first": 60}))
    event("offers found" if found else "nothing matched")
    # then the offers come in the order asked, pass every filter and connect legally
    if search["groupFareBrands"]:
        assert_grouped_in_order(search["sort"], found)
    else:
        keys = [sort_key(search["sort"], offer) for offer in found]
        assert keys == sorted(keys)
    for offer in found:
        assert_filters_hold(search, offer)
        assert_connections_are_legal(offer, directory)
        assert len(offer["slices"]) == len(search["slices"])


HUB_TRIPS = [
    ("LHR", "DXB", "SYD"),
    ("JFK", "LHR", "DXB"),
    ("CDG", "SIN", "AKL"),
    ("FRA", "JFK", "MEX"),
    ("MAD", "FRA", "BKK"),
    ("SIN", "LHR", "JFK"),
]


@st.composite
def connected_trips(draw: st.DrawFn) -> dict[str, Any]:
    """Two slices through a hub, the second on the same day as the first or the next."""
    first = date.today() + timedelta(days=1)
    origin, hub, destination = draw(st.sampled_from(HUB_TRIPS))
    second = first + timedelta(days=draw(st.integers(0, 1)))
    return search_input(
        (origin, hub, first), (hub, destination, second), maxConnections=draw(st.integers(0, 1))
    )


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(trip=connected_trips())
async def test_a_trip_that_can_be_flown_is_found_whatever_the_sort(
    services: Services, trip: dict[str, Any]
) -> None:
    # a sort orders the offers: it never decides whether a trip of several slices has any
    found = {}
    for sort in ("PRICE", "DURATION", "DEPARTURE"):
        body = await run(services, SEARCH, {"input": {**trip, "sort": sort}, "first": 1})
        found[sort] = body["data"]["searchFlights"]["totalCount"]
    event(f"found: {'some' if found['PRICE'] else 'none'}")
    assert (found["PRICE"] > 0) == (found["DURATION"] > 0) == (found["DEPARTURE"] > 0), found
