"""What one request may ask: bounded aliases, tokens, body size, and fields that cost searches."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from graphql.validation import OverlappingFieldsCanBeMergedRule

from graphql import get_introspection_query
from graphql_api.schema import EXPENSIVE_FIELDS, MAX_ALIASES, MAX_TOKENS
from graphql_api.validation import MAX_EXPANDED_FIELDS, MAX_OBJECT_FIELDS
from skyport.body_limit import MAX_BODY_BYTES


def calendar(alias: str, month: str) -> str:
    return (
        f'{alias}: fareCalendar(origin: "LHR", destination: "JFK", month: "{month}")'
        " { date lowestPrice { amountMinor } }"
    )


async def test_an_operation_asking_for_too_many_calendars_is_refused(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a query asking for three months of fare calendar at once (two are allowed)
    months = [f"{seeded.year + 1}-0{n}" for n in (1, 2, 3)]
    query = "{ " + " ".join(calendar(f"m{n}", m) for n, m in enumerate(months)) + " }"
    # when it is posted (twice: a refused query is never learnt as a known one)
    for _ in range(2):
        response = await client.post("/graphql", json={"query": query})
        # then it is a request error with its own code, naming the field and the limit
        assert response.status_code == 400
        (error,) = response.json()["errors"]
        assert error["extensions"] == {
            "code": "QUERY_TOO_COSTLY",
            "field": "fareCalendar",
            "limit": EXPENSIVE_FIELDS["fareCalendar"],
        }
        assert "at most 2 times" in error["message"]
        assert "data" not in response.json()


async def test_fragments_do_not_hide_expensive_fields(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given four searches, two of them inside a fragment and one inside an inline fragment
    search = (
        '{alias}: searchFlights(input: {{slices: [{{origin: "LHR", destination: "JFK",'
        ' departureDate: "{day}"}}]}}) {{ totalCount }}'
    )
    day = seeded.isoformat()
    query = (
        "query { ...Two "
        + search.format(alias="a", day=day)
        + " ... on Query { "
        + search.format(alias="b", day=day)
        + " } } fragment Two on Query { "
        + search.format(alias="c", day=day)
        + " "
        + search.format(alias="d", day=day)
        + " }"
    )
    # when it is posted, then it is refused: three searches is the most one request may run
    body = (await client.post("/graphql", json={"query": query})).json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COSTLY"]
    assert body["errors"][0]["extensions"]["limit"] == EXPENSIVE_FIELDS["searchFlights"] == 3


async def test_two_calendars_are_allowed(client: httpx.AsyncClient, seeded: date) -> None:
    # given the two months a date strip may span
    months = [
        f"{seeded:%Y-%m}",
        f"{seeded.year + (seeded.month == 12)}-{seeded.month % 12 + 1:02d}",
    ]
    query = "{ " + " ".join(calendar(f"m{n}", m) for n, m in enumerate(months)) + " }"
    # when they are asked for in one request, then both months come back
    body = (await client.post("/graphql", json={"query": query})).json()
    assert "errors" not in body, body
    assert len(body["data"]["m0"]) >= 28
    assert len(body["data"]["m1"]) >= 28


async def test_too_many_aliases_are_refused(client: httpx.AsyncClient) -> None:
    # given a query with one alias more than allowed
    fields = " ".join(
        f'a{n}: airports(search: "lon") {{ iataCode }}' for n in range(MAX_ALIASES + 1)
    )
    # when it is posted, then it is a validation error, and nothing ran
    response = await client.post("/graphql", json={"query": "{ " + fields + " }"})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "aliases" in error["message"].lower()


async def test_too_many_tokens_are_refused(client: httpx.AsyncClient) -> None:
    # given a document longer than the token limit (a field list padded with __typename)
    padding = " ".join(["__typename"] * MAX_TOKENS)
    response = await client.post("/graphql", json={"query": "{ " + padding + " }"})
    # then it is refused with a clear message, and no data
    body = response.json()
    assert "data" not in body or body["data"] is None
    assert "tokens" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_a_body_over_the_limit_is_refused_413(client: httpx.AsyncClient) -> None:
    # given a query whose variables make the body larger than the cap
    payload = {
        "query": "query($x: String) { __typename }",
        "variables": {"x": "x" * MAX_BODY_BYTES},
    }
    # when it is posted, then it is answered 413 with a GraphQL-shaped error and a code
    response = await client.post("/graphql", json=payload)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"


async def test_a_streamed_body_over_the_limit_is_cut_off(client: httpx.AsyncClient) -> None:
    # given a body sent in chunks with no declared length, longer than the cap
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "variables": {"x": "'
        for _ in range(MAX_BODY_BYTES // 4096 + 1):
            yield b"x" * 4096
        yield b'"}}'

    response = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    # then it is refused all the same
    assert response.status_code == 413

    # and a body under the cap, streamed the same way, is answered
    async def small() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }"}'

    ok = await client.post(
        "/graphql", content=small(), headers={"content-type": "application/json"}
    )
    assert ok.status_code == 200
    assert ok.json()["data"] == {"__typename": "Query"}


async def test_node_shares_the_budget_of_offer(client: httpx.AsyncClient) -> None:
    # given eleven lookups of offers, six by `offer` and five by `node` (both re-price)
    fields = [f'o{n}: offer(id: "x{n}") {{ id }}' for n in range(6)]
    fields += [f'n{n}: node(id: "x{n}") {{ id }}' for n in range(5)]
    # when they are posted in one operation, then it is refused: ten in all is the most
    body = (await client.post("/graphql", json={"query": "{ " + " ".join(fields) + " }"})).json()
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["limit"] == EXPENSIVE_FIELDS["offer"] == 10
    assert "offer and node at most 10 times" in error["message"]


async def test_fragments_that_double_at_each_level_are_refused_at_once(
    client: httpx.AsyncClient,
) -> None:
    # given a document of a hundred-odd tokens whose fragments each spread the next one twice:
    # forty levels would ask for 2^40 fields
    levels = 40
    fragments = " ".join(
        f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels)
    )
    query = f"query {{ ...F0 }} {fragments} fragment F{levels} on Query {{ __typename }}"
    # when it is posted, then it is refused quickly with a code, before any rule walks it
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": query})
    assert time.perf_counter() - started < 5  # (without the measure: hours)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["limit"] == MAX_EXPANDED_FIELDS


async def test_graphiql_s_introspection_query_is_well_within_the_limits(
    client: httpx.AsyncClient,
) -> None:
    # given the introspection query GraphiQL sends when it opens (fragments nested deeply)
    # when it is posted, then it is answered
    response = await client.post("/graphql", json={"query": get_introspection_query()})
    assert response.status_code == 200
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


class OverlapRuns:
    """Counts the times graphql-core's OverlappingFieldsCanBeMerged rule is set to work: it
    compares every two fields of one name that meet in an object."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        start = OverlappingFieldsCanBeMergedRule.__init__

        def counting(rule: OverlappingFieldsCanBeMergedRule, context: Any) -> None:
            self.count += 1
            start(rule, context)

        monkeypatch.setattr(OverlappingFieldsCanBeMergedRule, "__init__", counting)


@pytest.mark.parametrize(
    "fields",
    [
        "lastScheduledDate " * 1000,
        "__typename " * (MAX_TOKENS - 10),
        # through fragments, below: 2 x 51 fields of one airport
        'airports(search: "lon") { ...A ...B } airports(search: "lon") { ...A ...B }',
    ],
    ids=["a-field-1000-times", "typename-to-the-token-limit", "fragments-below"],
)
async def test_an_object_asked_for_too_many_fields_is_refused_before_they_are_compared(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, fields: str
) -> None:
    # given a document asking for more fields of one object than allowed, most of them the same
    fragments = " ".join(
        f"fragment {name} on Airport {{ {'iataCode ' * 51} }}" for name in ("A", "B")
    )
    query = f"query Wide{len(fields)} {{ {fields} }}" + (f" {fragments}" if "..." in fields else "")
    overlap = OverlapRuns(monkeypatch)
    # when it is posted
    response = await client.post("/graphql", json={"query": query})
    # then it is refused as too costly, naming the limit, before the rule that compares every
    # two of them (quadratic: a thousand took it 0.2-0.4 s, then "Validation aborted.") runs
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "limit": MAX_OBJECT_FIELDS}
    assert f"more than {MAX_OBJECT_FIELDS} fields of one object" in error["message"]
    assert overlap.count == 0


async def test_an_object_asked_for_as_many_fields_as_allowed_is_answered(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the limit's worth of one field, asked for again and again
    query = "query AtTheLimit { " + "lastScheduledDate " * MAX_OBJECT_FIELDS + "}"
    overlap = OverlapRuns(monkeypatch)
    # when it is posted, then it is validated as any document is, and answered
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 200
    assert response.json()["data"]["lastScheduledDate"]
    assert overlap.count == 1
