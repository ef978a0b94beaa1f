"""Bad searches are GraphQL errors with a clear message and a code: never a 500, never silence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from data.db import Database
from data.reference.directory import ReferenceDirectory
from data.search.errors import SearchError, SearchErrorCode
from data.search.query import SliceSpec, build_search_query
from tests.conftest import graphql
from tests.search.conftest import SEARCH, search_input

TOMORROW = date.today() + timedelta(days=1)


def one_way(**extra: Any) -> dict[str, Any]:
    return search_input(("LHR", "JFK", TOMORROW), **extra)


BAD_SEARCHES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "unknown airport",
        search_input(("LHR", "QQQ", TOMORROW)),
        "UNKNOWN_AIRPORT",
        "input.slices.0.destination",
    ),
    (
        "past date",
        search_input(("LHR", "JFK", date.today() - timedelta(days=2))),
        "DATE_IN_PAST",
        "input.slices.0.departureDate",
    ),
    (
        "date beyond the sales horizon",
        search_input(("LHR", "JFK", date.today() + timedelta(days=400))),
        "DATE_TOO_FAR",
        "input.slices.0.departureDate",
    ),
    (
        "date after the schedule's last flight",
        search_input(("LHR", "JFK", date.today() + timedelta(days=40))),
        "DATE_NOT_SCHEDULED",
        "input.slices.0.departureDate",
    ),
    (
        "origin equals destination",
        search_input(("LHR", "lhr", TOMORROW)),
        "SAME_ORIGIN_DESTINATION",
        "input.slices.0.destination",
    ),
    ("no slices", {"slices": []}, "NO_SLICES", "input.slices"),
    (
        "five slices",
        search_input(*[("LHR", "JFK", TOMORROW)] * 5),
        "TOO_MANY_SLICES",
        "input.slices",
    ),
    (
        "slices out of order",
        search_input(("LHR", "JFK", TOMORROW + timedelta(days=2)), ("JFK", "LHR", TOMORROW)),
        "SLICES_OUT_OF_ORDER",
        "input.slices.1.departureDate",
    ),
    ("no adult", one_way(passengers={"adults": 0}), "INVALID_PASSENGERS", "input.passengers"),
    (
        "negative children",
        one_way(passengers={"adults": 1, "children": -1}),
        "INVALID_PASSENGERS",
        "input.passengers",
    ),
    (
        "ten seats",
        one_way(passengers={"adults": 6, "children": 4}),
        "TOO_MANY_PASSENGERS",
        "input.passengers",
    ),
    (
        "more infants than adults",
        one_way(passengers={"adults": 1, "infants": 2}),
        "TOO_MANY_INFANTS",
        "input.passengers.infants",
    ),
    (
        "three connections",
        one_way(maxConnections=3),
        "INVALID_MAX_CONNECTIONS",
        "input.maxConnections",
    ),
    (
        "negative connections",
        one_way(maxConnections=-1),
        "INVALID_MAX_CONNECTIONS",
        "input.maxConnections",
    ),
    (
        "bad time filter",
        one_way(filter={"departAfter": "25:00"}),
        "INVALID_FILTER",
        "input.filter.departAfter",
    ),
    (
        "time window reversed",
        one_way(filter={"departAfter": "18:00", "departBefore": "06:00"}),
        "INVALID_FILTER",
        "input.filter.departAfter",
    ),
    (
        "unknown airline",
        one_way(filter={"airlines": ["ZZ9"]}),
        "INVALID_FILTER",
        "input.filter.airlines",
    ),
    (
        "negative max stops",
        one_way(filter={"maxStops": -1}),
        "INVALID_FILTER",
        "input.filter.maxStops",
    ),
]


@pytest.mark.parametrize(
    ("search", "code", "field"),
    [case[1:] for case in BAD_SEARCHES],
    ids=[case[0] for case in BAD_SEARCHES],
)
async def test_bad_search_is_a_coded_error(
    client: httpx.AsyncClient, search: dict[str, Any], code: str, field: str
) -> None:
    # given a search the portal cannot serve, when it is posted
    response = await client.post("/graphql", json={"query": SEARCH, "variables": {"input": search}})
    # then the answer is a GraphQL error with that code, pointing at the field, and no data
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["field"] == field
    assert error["message"]
    assert "Internal" not in error["message"]


@pytest.mark.parametrize(
    ("page", "code", "field"),
    [
        ({"first": 101}, "INVALID_PAGE_SIZE", "first"),
        ({"first": -1}, "INVALID_PAGE_SIZE", "first"),
        ({"after": "bm90IGEgY3Vyc29y"}, "INVALID_CURSOR", "after"),
        ({"after": "%%%"}, "INVALID_CURSOR", "after"),
    ],
)
async def test_bad_page_arguments_are_coded_errors(
    client: httpx.AsyncClient, page: dict[str, Any], code: str, field: str
) -> None:
    # given a valid search with a page size or cursor we never issue
    body = await graphql(client, SEARCH, {"input": one_way(), **page})
    # then the error names the argument
    (error,) = body["errors"]
    assert error["extensions"] == {"code": code, "field": field}


@pytest.mark.parametrize("garbled", ["tomorrow", "20261224", "2026-W52-4", "2026-12-24T10:00"])
async def test_a_garbled_date_is_a_validation_error_not_a_500(
    client: httpx.AsyncClient, garbled: str
) -> None:
    # given a date that is not written YYYY-MM-DD (Python's fromisoformat would take some)
    search = {"slices": [{"origin": "LHR", "destination": "JFK", "departureDate": garbled}]}
    response = await client.post("/graphql", json={"query": SEARCH, "variables": {"input": search}})
    # then the request is refused as invalid, with a code, saying how to write it
    assert response.status_code in {200, 400}
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert garbled in error["message"]
    assert "YYYY-MM-DD" in error["message"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"cabin": "ECO"}, "Value \"ECO\" does not exist in 'CabinClass' enum"),
        ({"sort": "CHEAPEST"}, "Value \"CHEAPEST\" does not exist in 'OfferSort' enum"),
        ({"filter": {"maxPriceMinor": 2**31}}, "non 32-bit signed integer value: 2147483648"),
        ({"passengers": {"adults": 1.5}}, "Int cannot represent non-integer value: 1.5"),
        ({"passengers": None}, "Expected value of non-null type 'PassengersInput!'"),
    ],
)
async def test_a_variable_of_the_wrong_kind_is_a_bad_input_error_not_an_internal_one(
    client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    change: dict[str, Any],
    says: str,
) -> None:
    # given a search whose variables do not fit the schema's types
    search = {**one_way(), **change}
    response = await client.post("/graphql", json={"query": SEARCH, "variables": {"input": search}})
    # then the client learns what is wrong, with a code, as for any bad input
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert says in error["message"]
    assert "Internal server error" not in error["message"]
    # and the server does not log the client's mistake as an error of its own
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_an_error_quotes_a_long_input_cut_short(client: httpx.AsyncClient) -> None:
    # given a search whose airport is ten thousand characters long
    search = search_input(("LHR", "Q" * 10_000, TOMORROW))
    # when it is posted, then the error quotes the start of it, not the whole of it
    body = (
        await client.post("/graphql", json={"query": SEARCH, "variables": {"input": search}})
    ).json()
    message = body["errors"][0]["message"]
    assert message.startswith("Unknown airport code “QQQQ")
    assert "…" in message
    assert len(message) < 100


async def test_the_schedule_ends_on_its_last_local_day_at_every_airport(
    client: httpx.AsyncClient, db: Database
) -> None:
    # given the schedule's last day: the latest local day a flight leaves on, at its origin
    last_day = await db.pool.fetchval(
        "SELECT max((f.departure_at AT TIME ZONE a.time_zone)::date)"
        " FROM flight f JOIN airport a ON a.id = f.origin_id"
    )
    # (airports far apart: the schedule's last flight to leave, as an instant, falls on the
    # next local day east of its origin)
    for origin, destination in (("LHR", "JFK"), ("AKL", "SYD"), ("LAX", "JFK")):
        # when a search asks for that day, then it is searched
        on_last = await graphql(
            client, SEARCH, {"input": search_input((origin, destination, last_day)), "first": 1}
        )
        assert "errors" not in on_last, on_last
        # and the day after is refused, naming that day as the last one on sale
        after = await graphql(
            client,
            SEARCH,
            {
                "input": search_input((origin, destination, last_day + timedelta(days=1))),
                "first": 1,
            },
        )
        (error,) = after["errors"]
        assert error["extensions"]["code"] == "DATE_NOT_SCHEDULED"
        assert error["extensions"]["lastDate"] == last_day.isoformat()
        assert f"No flights are on sale after {last_day.isoformat()} yet" in error["message"]
    # and the API names that day to anyone who asks, before any search is refused
    said = await graphql(client, "{ lastScheduledDate }")
    assert said == {"data": {"lastScheduledDate": last_day.isoformat()}}


async def test_a_date_too_far_ahead_names_a_date_that_can_be_searched(
    client: httpx.AsyncClient,
) -> None:
    # when a search asks for a day more than 365 days after today where it leaves
    far = date.today() + timedelta(days=400)
    body = await graphql(client, SEARCH, {"input": search_input(("SYD", "LHR", far)), "first": 1})
    # then the error names the last date on sale: the schedule's end, which comes first here
    (error,) = body["errors"]
    last = error["extensions"]["lastDate"]
    assert error["extensions"]["code"] == "DATE_TOO_FAR"
    said = await graphql(client, "{ lastScheduledDate }")
    assert last == said["data"]["lastScheduledDate"]
    assert error["message"].endswith(f"the last date is {last}.")
    # and a search of that date is answered
    on_last = await graphql(
        client, SEARCH, {"input": search_input(("SYD", "LHR", date.fromisoformat(last)))}
    )
    assert "errors" not in on_last


async def test_the_sales_horizon_is_365_days_at_the_airport_left_from(
    directory: ReferenceDirectory,
) -> None:
    # given 10:00 UTC: already tomorrow in Sydney
    now = datetime.combine(date.today(), time(10), UTC)
    sydney_today = now.astimezone(ZoneInfo("Australia/Sydney")).date()
    # when a search from Sydney asks for 366 days after its today
    with pytest.raises(SearchError) as refused:
        build_search_query(
            slices=[SliceSpec("SYD", "LHR", sydney_today + timedelta(days=366))],
            directory=directory,
            now=now,
        )
    # then the last date on sale is 365 days after today in Sydney
    assert refused.value.code == SearchErrorCode.DATE_TOO_FAR
    assert refused.value.details == {"lastDate": str(sydney_today + timedelta(days=365))}
