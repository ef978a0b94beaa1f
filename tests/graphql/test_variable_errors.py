"""A variable that does not fit its type: the error names it (`extensions.field`) and quotes the
value as the client sent it, in JSON."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

AIRPORTS = 'query($f: Int) { airports(search: "lon", first: $f) { iataCode } }'
SEARCH = "query($input: FlightSearchInput!) { searchFlights(input: $input) { totalCount } }"
SLICE = {"origin": "LHR", "destination": "JFK", "departureDate": "2030-01-01"}


def search(**change: Any) -> dict[str, Any]:
    return {"input": {"slices": [SLICE], **change}}


async def refused(client: httpx.AsyncClient, query: str, variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    return dict(error)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (True, "Int cannot represent non-integer value: true"),
        ({"a": 1}, 'Int cannot represent non-integer value: {"a": 1}'),
        (["LHR"], 'Int cannot represent non-integer value: ["LHR"]'),
        ("ten", 'Int cannot represent non-integer value: "ten"'),
    ],
)
async def test_a_variable_of_the_wrong_kind_is_named_and_quoted_as_json(
    client: httpx.AsyncClient, value: Any, says: str
) -> None:
    # given a page size sent as something other than a number
    error = await refused(client, AIRPORTS, {"f": value})
    # then the error names the variable and quotes the value as the client wrote it
    assert error["extensions"]["field"] == "f"
    assert error["message"] == f"Variable '$f' has invalid value: {says}"


@pytest.mark.parametrize(
    ("variables", "field", "says"),
    [
        (
            {"input": {"slices": [{**SLICE, "origin": None}]}},
            "input.slices.0.origin",
            "Expected value of non-null type 'String!' not to be null.",
        ),
        (
            {"input": {"slices": [SLICE, {**SLICE, "departureDate": True}]}},
            "input.slices.1.departureDate",
            "Value cannot represent a Date: true. Expected a string.",
        ),
        (search(cabin="FIRSTCLASS"), "input.cabin", 'Value "FIRSTCLASS" does not exist'),
        (
            {"input": {"slices": [{"origin": "LHR", "destination": "JFK"}]}},
            "input.slices.0",
            'found: {"origin": "LHR", "destination": "JFK"}.',
        ),
        (search(passengers={"adults": [2]}), "input.passengers.adults", "value: [2]"),
        ({"input": None}, "input", "Expected value of non-null type 'FlightSearchInput!' not"),
    ],
)
async def test_a_field_inside_a_variable_is_named_as_the_api_names_fields(
    client: httpx.AsyncClient, variables: dict[str, Any], field: str, says: str
) -> None:
    # given a search whose input variable has a field of the wrong kind
    error = await refused(client, SEARCH, variables)
    # then `field` is the path inside the variable, spelt as the API's own errors spell theirs
    # (`input.slices.1.departureDate`), and the message quotes the value in JSON
    assert error["extensions"]["field"] == field
    assert says in error["message"]
    assert "None" not in error["message"]
    assert "True" not in error["message"]


@pytest.mark.parametrize(
    ("literal", "says"),
    [
        ("true", "Value cannot represent a Date: true. Expected a string."),
        ("20300101", "Value cannot represent a Date: 20300101. Expected a string."),
        ('"True"', 'Value cannot represent a Date: "True". Write it YYYY-MM-DD'),
    ],
)
async def test_a_date_written_in_the_document_is_quoted_as_written(
    client: httpx.AsyncClient, literal: str, says: str
) -> None:
    # given a search whose date, in the document itself, is not a date
    query = (
        '{ searchFlights(input: {slices: [{origin: "LHR", destination: "JFK",'
        f" departureDate: {literal}}}]}}) {{ totalCount }} }}"
    )
    # when it is posted, then the error quotes it as the document has it, and points at it
    response = await client.post("/graphql", json={"query": query})
    (error,) = response.json()["errors"]
    assert error["message"].startswith(says)
    assert error["locations"] == [{"line": 1, "column": query.index(literal) + 1}]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
