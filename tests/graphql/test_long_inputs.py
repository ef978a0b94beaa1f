"""An error quotes what the client sent cut short, never the whole of a long input."""

from __future__ import annotations

from base64 import b64encode
from typing import Any

import httpx
import pytest

LONG = "X" * 60_000
FLIGHT_ID = b64encode(b"Flight:1").decode()
CALENDAR = (
    "query($origin: String!, $month: String!) { fareCalendar(origin: $origin,"
    ' destination: "JFK", month: $month) { date } }'
)
SEAT_MAP = "query($id: ID!, $brand: String) { seatMap(flightId: $id, fareBrand: $brand) { cabin } }"
SEARCH = "query($input: FlightSearchInput!) { searchFlights(input: $input) { totalCount } }"
SLICE = {"origin": "LHR", "destination": "JFK", "departureDate": "2030-01-01"}


@pytest.mark.parametrize(
    ("query", "variables", "code", "starts"),
    [
        (CALENDAR, {"origin": "LHR", "month": LONG}, "INVALID_MONTH", "“XXXX"),
        (CALENDAR, {"origin": LONG, "month": "2030-01"}, "UNKNOWN_AIRPORT", "Unknown airport"),
        (SEAT_MAP, {"id": FLIGHT_ID, "brand": LONG}, "INVALID_FARE_BRAND", "“XXXX"),
        (SEARCH, {"input": {"slices": [SLICE], "cabin": LONG}}, "BAD_USER_INPUT", "Variable"),
        (SEARCH, {"input": {"slices": [{**SLICE, LONG: 1}]}}, "BAD_USER_INPUT", "Variable"),
        (SEARCH, {"input": {"slices": [{**SLICE, "departureDate": LONG}]}}, "BAD_USER_INPUT", ""),
        (
            f"{{ searchFlights(input: {{slices: [], cabin: {LONG}}}) {{ totalCount }} }}",
            None,
            "GRAPHQL_VALIDATION_FAILED",
            "Value 'XXXX",
        ),
        (f"{{ {LONG} }}", None, "GRAPHQL_VALIDATION_FAILED", "Cannot query field 'XXXX"),
        (
            '{ searchFlights(input: {slices: [{origin: "LHR", destination: "JFK",'
            f" departureDate: {LONG}}}]}}) {{ totalCount }} }}",
            None,
            "GRAPHQL_VALIDATION_FAILED",
            "Value cannot represent a Date: XXXX",
        ),
    ],
    ids=[
        "calendar-month",
        "calendar-airport",
        "seat-map-fare-brand",
        "enum-in-a-variable",
        "field-name-in-a-variable",
        "date-in-a-variable",
        "enum-in-the-document",
        "field-name-in-the-document",
        "date-in-the-document",
    ],
)
async def test_an_error_quotes_a_long_input_cut_short(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None,
    code: str,
    starts: str,
) -> None:
    # given a request with a 60,000-character value where a short one belongs
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    # then the error quotes the start of it, not the whole of it
    (error, *_) = response.json()["errors"]
    assert error["extensions"]["code"] == code
    assert error["message"].startswith(starts)
    assert "XXXXXXXXXXXXXXXXXXXXXXX…" in error["message"]
    assert len(error["message"]) < 300
    assert len(response.content) < 2_000


async def test_a_number_too_long_to_read_is_the_client_s_error_quoted_short(
    client: httpx.AsyncClient,
) -> None:
    # given a page size of 6,000 digits written in the document (Python reads no more than 4,300)
    digits = "9" * 6_000
    query = f'{{ airports(search: "lon", first: {digits}) {{ iataCode }} }}'
    response = await client.post("/graphql", json={"query": query})
    # then it is refused as the client's mistake, not an internal error, quoting a few digits
    (error, *_) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "99999999999999999999999…" in error["message"]
    assert len(error["message"]) < 300


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_an_unknown_operation_name_is_quoted_short(
    client: httpx.AsyncClient, method: str
) -> None:
    # given a request naming an operation its document lacks, with a 6,000-character name
    asked = {"query": "{ __typename }", "operationName": LONG[:6_000]}
    if method == "GET":
        response = await client.get(
            "/graphql", params=asked, headers={"accept": "application/json"}
        )
    else:
        response = await client.post("/graphql", json=asked)
    # then the refusal names the start of it
    assert response.status_code == 400
    (error, *_) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "XXXXXXXXXXXXXXXXXXXXXXX…" in error["message"]
    assert len(error["message"]) < 300


async def test_a_long_variable_name_is_named_short_in_the_field(client: httpx.AsyncClient) -> None:
    # given a required variable with a 6,000-character name, not sent
    name = "v" * 6_000
    query = f'query(${name}: Int!) {{ airports(search: "lon", first: ${name}) {{ iataCode }} }}'
    response = await client.post("/graphql", json={"query": query, "variables": {}})
    # then the error's field names the start of it
    (error, *_) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"].startswith("vvvv")
    assert len(error["extensions"]["field"]) <= 120
    assert len(response.content) < 2_000
