"""cheapest_offer: the fare calendar's building block, one route, day and cabin at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from data.enums import CabinClass
from data.pricing.types import PassengerCounts
from data.search.errors import SearchError, SearchErrorCode
from data.search.service import cheapest_offer
from graphql_api.context import Services
from tests.search.conftest import SEARCH, offers, run, search_input


async def test_cheapest_offer_is_the_top_of_a_price_sorted_search(
    services: Services, day: date
) -> None:
    # given a route and a day, when asking for its cheapest offer
    found = await cheapest_offer(
        origin="CDG",
        destination="AKL",
        day=day,
        cabin=CabinClass.ECONOMY,
        deps=services.search,
    )
    # then it is the first offer searchFlights shows for the same trip
    first = offers(await run(services, SEARCH, {"input": search_input(("CDG", "AKL", day))}))[0]
    assert found is not None
    assert found.total_minor == first["totalAmount"]["amountMinor"]
    assert found.brand.code == first["fareBrand"]["code"] == "ECONOMY_LIGHT"
    cdg = services.directory.airports_by_code["CDG"]
    assert found.slices[0][0].origin_id == cdg.id


async def test_cheapest_offer_is_none_when_nothing_flies(services: Services, seeded: date) -> None:
    # given a day past the seeded schedule, then there is no offer (and no error)
    later = seeded + timedelta(days=30)
    deps = services.search
    assert await cheapest_offer(origin="LHR", destination="JFK", day=later, deps=deps) is None
    # and a party too big for any cabin's booking classes still gets a price or None, never an error
    party = PassengerCounts(adults=9)
    await cheapest_offer(
        origin="LHR", destination="JFK", day=seeded + timedelta(days=1), passengers=party, deps=deps
    )
    # while a day in the past is bad input
    with pytest.raises(SearchError) as refused:
        await cheapest_offer(
            origin="LHR", destination="JFK", day=seeded - timedelta(days=2), deps=deps
        )
    assert refused.value.code is SearchErrorCode.DATE_IN_PAST
