"""searchFlights as a traveller sees it: direct and connecting offers, times, returns, pages."""

from __future__ import annotations

import base64
import dataclasses
import itertools
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from data.db import Database
from data.reference.directory import ReferenceDirectory
from data.search import rules
from graphql_api.context import Services
from tests.search.conftest import SEARCH, at, error_code, offers, run, search_input


def minutes_between(start: str, end: str) -> int:
    return int((at(end) - at(start)).total_seconds()) // 60


def assert_times_are_local_and_durations_exact(
    offer: dict[str, Any], directory: ReferenceDirectory
) -> None:
    for piece in offer["slices"]:
        assert piece["durationMinutes"] == minutes_between(piece["departureAt"], piece["arrivalAt"])
        for segment in piece["segments"]:
            flight = segment["flight"]
            assert flight["durationMinutes"] == minutes_between(
                flight["departureAt"], flight["arrivalAt"]
            )
            for place, moment in (("origin", "departureAt"), ("destination", "arrivalAt")):
                airport = directory.airports_by_code[flight[place]["iataCode"]]
                shown = at(flight[moment])
                assert (
                    shown.utcoffset() == shown.astimezone(ZoneInfo(airport.time_zone)).utcoffset()
                )


def assert_connections_are_legal(offer: dict[str, Any], directory: ReferenceDirectory) -> None:
    for piece in offer["slices"]:
        flights = [segment["flight"] for segment in piece["segments"]]
        visited = [flights[0]["origin"]["iataCode"]] + [
            f["destination"]["iataCode"] for f in flights
        ]
        assert len(set(visited)) == len(visited), f"airport visited twice: {visited}"
        for before, after in itertools.pairwise(flights):
            via = directory.airports_by_code[before["destination"]["iataCode"]]
            came_from = directory.airports_by_code[before["origin"]["iataCode"]]
            going_to = directory.airports_by_code[after["destination"]["iataCode"]]
            wait = at(after["departureAt"]) - at(before["arrivalAt"])
            assert wait >= rules.min_connection(came_from, via, going_to)
            assert wait <= rules.MAX_LAYOVER


async def test_lhr_jfk_direct_offers_sorted_by_price_in_local_time(
    services: Services, directory: ReferenceDirectory, day: date
) -> None:
    # given a one-way search London Heathrow to New York JFK, direct only
    variables = {"input": search_input(("LHR", "JFK", day), maxConnections=0), "first": 100}
    # when searching
    found = offers(await run(services, SEARCH, variables))
    # then there are direct offers, cheapest first, leaving on that local day at LHR
    assert found
    totals = [offer["totalAmount"]["amountMinor"] for offer in found]
    assert totals == sorted(totals)
    for offer in found:
        (piece,) = offer["slices"]
        assert piece["stops"] == 0
        assert (piece["origin"]["iataCode"], piece["destination"]["iataCode"]) == ("LHR", "JFK")
        assert at(piece["departureAt"]).date() == day
        assert offer["totalAmount"]["amountMinor"] == (
            offer["baseAmount"]["amountMinor"] + offer["taxAmount"]["amountMinor"]
        )
        assert offer["passengers"] == ["ADULT"]
        assert_times_are_local_and_durations_exact(offer, directory)


async def test_every_itinerary_comes_in_each_brand_of_the_cabin(
    services: Services, day: date
) -> None:
    # given a direct economy search, when searching
    variables = {"input": search_input(("LHR", "JFK", day), maxConnections=0), "first": 100}
    found = offers(await run(services, SEARCH, variables))
    # then each flight is offered as Light, Classic and Flex, Light cheapest
    by_flight: dict[str, dict[str, int]] = {}
    for offer in found:
        flight_id = offer["slices"][0]["segments"][0]["flight"]["id"]
        by_flight.setdefault(flight_id, {})[offer["fareBrand"]["code"]] = offer["totalAmount"][
            "amountMinor"
        ]
    assert by_flight
    for brands in by_flight.values():
        assert set(brands) == {"ECONOMY_LIGHT", "ECONOMY_CLASSIC", "ECONOMY_FLEX"}
        assert brands["ECONOMY_LIGHT"] <= brands["ECONOMY_CLASSIC"] <= brands["ECONOMY_FLEX"]


@pytest.mark.parametrize(
    ("origin", "destination"), [("LHR", "SYD"), ("JFK", "SIN"), ("CDG", "AKL")]
)
async def test_long_hauls_without_a_direct_flight_get_one_stop_offers(
    services: Services, directory: ReferenceDirectory, day: date, origin: str, destination: str
) -> None:
    # given a city pair no aircraft of the fleet can fly non-stop
    variables = {"input": search_input((origin, destination, day)), "first": 100}
    # when searching with up to one connection
    found = offers(await run(services, SEARCH, variables))
    # then there are one-stop offers, and every connection respects the MCT and the layover cap
    assert found
    for offer in found:
        (piece,) = offer["slices"]
        assert piece["stops"] == 1
        assert len(piece["segments"]) == 2
        assert_connections_are_legal(offer, directory)
        assert_times_are_local_and_durations_exact(offer, directory)


async def test_london_sydney_connects_at_the_big_hubs(services: Services, day: date) -> None:
    # when a traveller searches London to Sydney with one stop
    variables = {"input": search_input(("LHR", "SYD", day)), "first": 100}
    found = offers(await run(services, SEARCH, variables))
    # then the connections on offer include the Gulf and Asian hubs
    stops = {
        segment["flight"]["destination"]["iataCode"]
        for offer in found
        for segment in offer["slices"][0]["segments"][:-1]
    }
    assert {"DXB", "DOH"} & stops
    assert {"SIN", "HKG"} & stops


async def test_a_return_search_gives_two_slices(
    services: Services, directory: ReferenceDirectory, seeded: date
) -> None:
    # given a return trip LHR-JFK, out tomorrow and back two days later
    out, back = seeded + timedelta(days=1), seeded + timedelta(days=3)
    variables = {"input": search_input(("LHR", "JFK", out), ("JFK", "LHR", back)), "first": 30}
    # when searching
    found = offers(await run(services, SEARCH, variables))
    # then every offer has an outbound and an inbound slice, in order, priced as one total
    assert found
    for offer in found:
        going, coming = offer["slices"]
        assert (going["origin"]["iataCode"], going["destination"]["iataCode"]) == ("LHR", "JFK")
        assert (coming["origin"]["iataCode"], coming["destination"]["iataCode"]) == ("JFK", "LHR")
        assert at(going["departureAt"]).date() == out
        assert at(coming["departureAt"]).date() == back
        assert at(coming["departureAt"]) > at(going["arrivalAt"])
        assert_times_are_local_and_durations_exact(offer, directory)
    totals = [offer["totalAmount"]["amountMinor"] for offer in found]
    assert totals == sorted(totals)


async def test_a_multi_city_search_keeps_slices_in_order(services: Services, seeded: date) -> None:
    # given three cities on three days
    legs = [
        ("LHR", "FRA", seeded + timedelta(days=1)),
        ("FRA", "IST", seeded + timedelta(days=2)),
        ("IST", "LHR", seeded + timedelta(days=3)),
    ]
    # when searching
    found = offers(await run(services, SEARCH, {"input": search_input(*legs), "first": 10}))
    # then each offer flies the three slices in order, each later than the one before
    assert found
    for offer in found:
        pairs = [(s["origin"]["iataCode"], s["destination"]["iataCode"]) for s in offer["slices"]]
        assert pairs == [(o, d) for o, d, _ in legs]
        for before, after in zip(offer["slices"], offer["slices"][1:], strict=False):
            assert at(after["departureAt"]) > at(before["arrivalAt"])


async def test_a_family_is_priced_per_passenger_type(services: Services, day: date) -> None:
    # given the same direct flights for one adult, and for two adults, a child and an infant
    alone = search_input(("LHR", "JFK", day), maxConnections=0)
    family = {**alone, "passengers": {"adults": 2, "children": 1, "infants": 1}}
    # when searching both
    single = offers(await run(services, SEARCH, {"input": alone, "first": 100}))
    group = offers(await run(services, SEARCH, {"input": family, "first": 100}))
    # then the family's offers list every traveller and cost more than one adult's, but less
    # than four adults' (children and infants pay less)
    assert group
    assert sorted(group[0]["passengers"]) == ["ADULT", "ADULT", "CHILD", "INFANT"]
    single_price = {
        (o["slices"][0]["segments"][0]["flight"]["id"], o["fareBrand"]["code"]): o for o in single
    }
    compared = 0
    for offer in group:
        key = (offer["slices"][0]["segments"][0]["flight"]["id"], offer["fareBrand"]["code"])
        if key in single_price:
            one = single_price[key]["totalAmount"]["amountMinor"]
            assert 2 * one < offer["totalAmount"]["amountMinor"] < 4 * one
            assert offer["seatsRemaining"] >= 3
            compared += 1
    assert compared


async def test_pages_walk_every_offer_once(services: Services, day: date) -> None:
    # given a search with more offers than a page
    search = search_input(("LHR", "JFK", day))
    first = await run(services, SEARCH, {"input": search, "first": 7})
    connection = first["data"]["searchFlights"]
    total = connection["totalCount"]
    assert total > 7
    assert connection["pageInfo"]["hasPreviousPage"] is False
    # when following endCursor until the last page
    seen = [edge["node"]["id"] for edge in connection["edges"]]
    while connection["pageInfo"]["hasNextPage"]:
        after = connection["pageInfo"]["endCursor"]
        body = await run(services, SEARCH, {"input": search, "first": 7, "after": after})
        connection = body["data"]["searchFlights"]
        assert connection["pageInfo"]["hasPreviousPage"] is True
        assert connection["totalCount"] == total
        seen += [edge["node"]["id"] for edge in connection["edges"]]
    # then every offer came exactly once, in as many offers as totalCount says
    assert len(seen) == total
    assert len(set(seen)) == total


@pytest.mark.parametrize(
    "change",
    [{"sort": "DURATION"}, {"passengers": {"adults": 2}}, {"filter": {"maxStops": 0}}],
    ids=["sort", "party", "filter"],
)
async def test_a_cursor_sent_with_another_search_is_refused(
    services: Services, day: date, change: dict[str, Any]
) -> None:
    # given the first page of a search by price, and its end cursor
    search = search_input(("LHR", "JFK", day))
    first = await run(services, SEARCH, {"input": search, "first": 5})
    after = first["data"]["searchFlights"]["pageInfo"]["endCursor"]
    # when that cursor is sent with the search changed (as a client keeping `after` when the
    # traveller re-sorts or refines would)
    body = await run(services, SEARCH, {"input": {**search, **change}, "first": 5, "after": after})
    # then it is refused with a code, not answered with a silently wrong or empty page
    assert error_code(body) == "INVALID_CURSOR"
    assert "another search" in body["errors"][0]["message"]


def _flight_ids(offer: dict[str, Any]) -> set[int]:
    return {
        int(base64.b64decode(segment["flight"]["id"]).decode().split(":")[1])
        for piece in offer["slices"]
        for segment in piece["segments"]
    }


async def test_the_next_page_starts_after_the_cursor_even_when_offers_before_it_sold_out(
    services: Services, db: Database, day: date
) -> None:
    # given the first page of a search, and every offer it found at that moment
    search = search_input(("LHR", "JFK", day), maxConnections=0)
    first = (await run(services, SEARCH, {"input": search, "first": 5}))["data"]["searchFlights"]
    everything = offers(await run(services, SEARCH, {"input": search, "first": 100}))
    assert len(everything) > 10
    # when the flight of the first offer sells out before the traveller asks for more
    gone = _flight_ids(everything[0])
    (flight_id,) = gone
    update = (
        "UPDATE flight_inventory SET held = held + $2 WHERE flight_id = $1 AND cabin = 'ECONOMY'"
    )
    async with db.pool.acquire() as conn:
        free = await conn.fetchval(
            "SELECT capacity - sold - held FROM flight_inventory"
            " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
            flight_id,
        )
        await conn.execute(update, flight_id, free)
        try:
            after = first["pageInfo"]["endCursor"]
            body = await run(services, SEARCH, {"input": search, "first": 5, "after": after})
        finally:
            await conn.execute(update, flight_id, -free)
    # then the next page is the offers that came after the first page, less the sold-out ones:
    # none is skipped because the list got shorter in front of it
    expected = [o["id"] for o in everything[5:] if not _flight_ids(o) & gone][:5]
    assert [o["id"] for o in offers(body)] == expected


async def test_a_cabin_search_prices_that_cabin(services: Services, day: date) -> None:
    # given a business-class search
    variables = {"input": search_input(("LHR", "JFK", day), cabin="BUSINESS"), "first": 50}
    # when searching
    found = offers(await run(services, SEARCH, variables))
    # then every offer and segment is business, in business brands
    assert found
    for offer in found:
        assert offer["fareBrand"]["cabin"] == "BUSINESS"
        assert offer["fareBrand"]["code"].startswith("BUSINESS")
        assert {s["cabin"] for piece in offer["slices"] for s in piece["segments"]} == {"BUSINESS"}


async def test_grouped_brands_are_never_split_by_the_offer_cap(
    services: Services, day: date
) -> None:
    # given a three-city trip with more combinations than a search returns (500 offers)
    trip = [
        ("LHR", "JFK", day),
        ("JFK", "LHR", day + timedelta(days=1)),
        ("LHR", "SIN", day + timedelta(days=2)),
    ]
    flat = {"input": search_input(*trip), "first": 1}
    assert (await run(services, SEARCH, flat))["data"]["searchFlights"]["totalCount"] == 500
    # when its fare brands are grouped
    grouped = {"input": search_input(*trip, groupFareBrands=True), "first": 100}
    body = await run(services, SEARCH, grouped)
    total = body["data"]["searchFlights"]["totalCount"]
    # then the cap leaves out the itinerary it would split: every one keeps all three brands
    assert 500 - 3 < total < 500
    assert total % 3 == 0
    page = offers(body)
    assert [o["fareBrand"]["code"] for o in page[:3]] == [
        "ECONOMY_LIGHT",
        "ECONOMY_CLASSIC",
        "ECONOMY_FLEX",
    ]


@pytest.mark.parametrize("sort", ["DEPARTURE", "DURATION"])
async def test_a_price_cap_on_a_return_trip_keeps_the_offers_under_it(
    services: Services, seeded: date, sort: str
) -> None:
    # given the cheapest return trip London - New York, whatever the order asked
    trip = (("LHR", "JFK", seeded + timedelta(days=1)), ("JFK", "LHR", seeded + timedelta(days=3)))
    cheapest = offers(
        await run(services, SEARCH, {"input": search_input(*trip, sort="PRICE"), "first": 1})
    )[0]["totalAmount"]["amountMinor"]
    # when the same trip is sorted otherwise, capped at that price
    capped = search_input(*trip, sort=sort, filter={"maxPriceMinor": cheapest})
    found = offers(await run(services, SEARCH, {"input": capped, "first": 50}))
    # then the offers at that price are still there (each slice keeps its best few itineraries
    # among those that can make an offer under the cap, not among all)
    assert found
    assert all(offer["totalAmount"]["amountMinor"] <= cheapest for offer in found)


async def test_across_the_date_line_a_slice_may_leave_on_the_local_day_before(
    services: Services, seeded: date
) -> None:
    # given Sydney to Los Angeles on day 2, landing there on day 1 (local), and a flight on
    # from Los Angeles on day 1: the second slice's date is before the first's
    trip = (("SYD", "LAX", seeded + timedelta(days=2)), ("LAX", "SFO", seeded + timedelta(days=1)))
    # when searching, then it is a search like any other, not SLICES_OUT_OF_ORDER
    body = await run(services, SEARCH, {"input": search_input(*trip), "first": 20})
    found = offers(body)
    # (the demo schedule's departure waves may leave no such connection) and whatever it finds
    # flies the slices in order in time
    for offer in found:
        going, onward = offer["slices"]
        assert at(onward["departureAt"]) > at(going["arrivalAt"])


FACETS = """
query Facets($input: FlightSearchInput!, $after: String) {
  searchFlights(input: $input, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    airlines { airline { iataCode name } itineraryCount soleItineraryCount }
    edges { node { slices { segments { flight { id airline { iataCode } } } } } }
  }
}
"""


async def _all_pages(services: Services, search: dict[str, Any]) -> dict[str, Any]:
    """The first page's answer, with the offers of every page as its edges."""
    body = await run(services, FACETS, {"input": search})
    assert "errors" not in body, body.get("errors")
    first = page = body["data"]["searchFlights"]
    edges = list(first["edges"])
    while page["pageInfo"]["hasNextPage"]:
        after = page["pageInfo"]["endCursor"]
        page = (await run(services, FACETS, {"input": search, "after": after}))["data"][
            "searchFlights"
        ]
        edges += page["edges"]
    return {**first, "edges": edges}


def _itineraries(edges: list[dict[str, Any]]) -> dict[tuple[str, ...], set[str]]:
    """Each itinerary (its flight ids) of a list of offers, with the airlines it flies."""
    found: dict[tuple[str, ...], set[str]] = {}
    for edge in edges:
        flights = [s["flight"] for p in edge["node"]["slices"] for s in p["segments"]]
        found[tuple(f["id"] for f in flights)] = {f["airline"]["iataCode"] for f in flights}
    return found


async def test_the_airlines_of_a_search_are_its_filter_choices(
    services: Services, day: date
) -> None:
    # given every offer London - Sydney with one stop, all pages of it
    answer = await _all_pages(services, search_input(("LHR", "SYD", day)))
    assert len(answer["edges"]) == answer["totalCount"]
    itineraries = _itineraries(answer["edges"])
    # then the airlines listed are those the itineraries fly, each with how many it flies in,
    # most first
    counted = {a["airline"]["iataCode"]: a["itineraryCount"] for a in answer["airlines"]}
    assert counted == {
        code: sum(code in flown for flown in itineraries.values())
        for code in set().union(*itineraries.values())
    }
    assert list(counted.values()) == sorted(counted.values(), reverse=True)
    alone = {a["airline"]["iataCode"]: a["soleItineraryCount"] for a in answer["airlines"]}
    assert alone == {code: sum(flown == {code} for flown in itineraries.values()) for code in alone}
    assert all(a["airline"]["name"] for a in answer["airlines"])
    # and choosing one that flies some itineraries alone (Dubai's airline, say) keeps those
    # (and may find more of its own the unfiltered search had no room for), never another's
    solo = next(flown for flown in itineraries.values() if len(flown) == 1)
    narrowed = search_input(("LHR", "SYD", day), filter={"airlines": sorted(solo)})
    only = _itineraries((await _all_pages(services, narrowed))["edges"])
    assert {key for key, flown in itineraries.items() if flown == solo} <= set(only)
    assert all(flown == solo for flown in only.values())


async def test_prices_are_written_with_the_decimals_of_the_currency(
    services: Services, day: date
) -> None:
    # given a portal that sells in yen (no decimals)
    services.config = dataclasses.replace(services.config, currency="JPY")
    # when a search is made
    found = offers(await run(services, SEARCH, {"input": search_input(("LHR", "JFK", day))}))
    # then every amount is the minor units as they are, with no decimal point
    assert found
    for offer in found:
        total = offer["totalAmount"]
        assert total["currency"] == "JPY"
        assert total["amount"] == str(total["amountMinor"])


@pytest.mark.parametrize("sort", ["PRICE", "DURATION", "DEPARTURE"])
async def test_every_sort_finds_a_same_day_connection_of_slices(
    services: Services, day: date, sort: str
) -> None:
    # given a trip of two slices on the same day, London to Dubai then Dubai to Sydney, where
    # only the Dubai flights leaving after a London one lands can follow it (the earliest
    # Dubai flights, which a DEPARTURE sort ranks first, cannot)
    trip = search_input(("LHR", "DXB", day), ("DXB", "SYD", day), sort=sort)
    body = await run(services, SEARCH, {"input": trip, "first": 100})
    # then whatever the sort, offers are found, each slice after the one before
    found = offers(body)
    assert found, f"no offers when sorted by {sort}"
    gap = timedelta(seconds=rules.MIN_SLICE_GAP_SECONDS)
    for offer in found:
        first, second = offer["slices"]
        assert at(second["departureAt"]) >= at(first["arrivalAt"]) + gap


async def test_a_page_of_no_offers_never_says_there_are_more(services: Services, day: date) -> None:
    # `first: 0` answers how many there are; a pager following hasNextPage stops there (with no
    # end cursor to go on from, it would start again from the top for ever)
    body = await run(services, SEARCH, {"input": search_input(("LHR", "JFK", day)), "first": 0})
    connection = body["data"]["searchFlights"]
    assert connection["totalCount"] > 0
    assert connection["edges"] == []
    assert connection["pageInfo"]["hasNextPage"] is False
    assert connection["pageInfo"]["endCursor"] is None


ITINERARIES = """
query Count($input: FlightSearchInput!, $after: String) {
  searchFlights(input: $input, first: 100, after: $after) {
    totalCount itineraryCount
    pageInfo { hasNextPage endCursor }
    edges { node { slices { segments { flight { id } } } } }
  }
}
"""


async def test_itinerary_count_counts_the_flights_offered_not_their_fares(
    services: Services, day: date
) -> None:
    # given a return search, read page by page to its end
    search = search_input(("LHR", "JFK", day), ("JFK", "LHR", day + timedelta(days=2)))
    seen: list[tuple[tuple[str, ...], ...]] = []
    after = None
    while True:
        body = await run(services, ITINERARIES, {"input": search, "after": after})
        assert "errors" not in body, body
        connection = body["data"]["searchFlights"]
        seen += [
            tuple(
                tuple(s["flight"]["id"] for s in piece["segments"])
                for piece in edge["node"]["slices"]
            )
            for edge in connection["edges"]
        ]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    # then itineraryCount is how many different flights-per-slice its offers have, each offered
    # in one or more fare brands
    assert len(seen) == connection["totalCount"]
    assert connection["itineraryCount"] == len(set(seen))
    assert 0 < connection["itineraryCount"] < connection["totalCount"]
