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
