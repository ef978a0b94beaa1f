"""GraphQL over HTTP: POST and GET, the spec's media type and status codes, GraphiQL."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

import httpx
import orjson
import pytest
from starlette.applications import Starlette
from strawberry import relay

from data.cache import Cache
from data.reference.matching import RANKING
from skyport.body_limit import MAX_BODY_BYTES

AIRPORTS = '{ airports(search: "london") { iataCode timeZone } }'


async def test_post_answers_with_graphql_response_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": AIRPORTS})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    airports = response.json()["data"]["airports"]
    assert {"iataCode": "LHR", "timeZone": "Europe/London"} in airports


async def test_get_runs_queries(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": AIRPORTS}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["data"]["airports"][0]["iataCode"] == "LHR"


async def test_invalid_document_is_a_request_error(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ airports(search: 1) { nope } }"})
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert body["errors"]


async def test_unparsable_document_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ airports("})
    assert response.status_code == 400
    assert "Syntax Error" in response.json()["errors"][0]["message"]
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_legacy_json_clients_get_200_with_errors(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ nope }"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["message"].startswith("Cannot query field 'nope'")


async def test_bad_arguments_get_a_code(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": '{ airports(search: "lon", first: 500) { iataCode } }'}
    )
    error = response.json()["errors"][0]
    # the same code as searchFlights' page size out of range
    assert error["extensions"]["code"] == "INVALID_PAGE_SIZE"
    assert error["extensions"]["field"] == "first"
    assert error["message"] == "`first` must be 1 to 50."
    too_long = await client.post(
        "/graphql", json={"query": f'{{ airports(search: "{"x" * 101}") {{ iataCode }} }}'}
    )
    assert too_long.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_mutation_over_get_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "mutation { logout }"})
    assert response.status_code in {400, 405}


async def test_browser_get_shows_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_node_resolves_an_airport_by_global_id(client: httpx.AsyncClient) -> None:
    found = await client.post(
        "/graphql", json={"query": '{ airports(search: "CDG", first: 1) { id } }'}
    )
    global_id = found.json()["data"]["airports"][0]["id"]
    response = await client.post(
        "/graphql",
        json={
            "query": "query($id: ID!) { node(id: $id) { ... on Airport { iataCode city } } }",
            "variables": {"id": global_id},
        },
    )
    assert response.json()["data"]["node"] == {"iataCode": "CDG", "city": "Paris"}


async def test_garbled_global_id_is_a_clear_error(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": '{ node(id: "not-an-id") { id } }'})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INVALID_ID"
    assert error["message"] == "This is not an id we issued."


async def test_autocomplete_answers_are_shared_through_redis(
    app: Starlette, client: httpx.AsyncClient, cache: Cache
) -> None:
    # given a first search for a misspelt city
    first = await client.post(
        "/graphql", json={"query": '{ airports(search: "Sydeny") { iataCode } }'}
    )
    assert first.json()["data"]["airports"][0]["iataCode"] == "SYD"
    await app.state.services.cache.settle()  # written in the background
    # then its answer is in Redis under our namespace, for every web process to reuse
    keys = [key async for key in cache.redis.scan_iter(match=cache.key("airports", "*", "sydeny"))]
    assert len(keys) == 1


MATCHES = """query($search: String!) {
  airportMatches(search: $search, first: 3) { plainlyNamed airport { iataCode } }
}"""


@pytest.mark.parametrize(
    ("typed", "seen"),
    [("tokyo haneda", [("HND", True)]), ("Sydeny", [("SYD", False)]), ("sf", [("SFO", False)])],
)
async def test_airport_matches_say_which_are_plainly_named(
    app: Starlette, client: httpx.AsyncClient, typed: str, seen: list[tuple[str, bool]]
) -> None:
    async def ask() -> list[tuple[str, bool]]:
        body = (
            await client.post("/graphql", json={"query": MATCHES, "variables": {"search": typed}})
        ).json()
        return [
            (m["airport"]["iataCode"], m["plainlyNamed"]) for m in body["data"]["airportMatches"]
        ]

    # when a form asks which airports a text names, then it learns which it names outright
    assert (await ask())[: len(seen)] == seen
    # and the same answer comes back from Redis, where it is shared (matched by no one here)
    services = app.state.services
    await services.cache.settle()

    def unmatched(*args: object, **kwargs: object) -> None:
        raise AssertionError("matched again, not read from Redis")

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(services.directory.matcher, "matches", unmatched)
        assert (await ask())[: len(seen)] == seen


async def test_a_code_in_capitals_is_not_the_same_answer_as_the_word(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    async def plain(typed: str) -> list[bool]:
        variables = {"search": typed}
        body = await client.post("/graphql", json={"query": MATCHES, "variables": variables})
        return [m["plainlyNamed"] for m in body.json()["data"]["airportMatches"]]

    # given "dub", Dublin's code and the start of Dubai (kept in Redis once asked)
    word = await plain("dub")
    await app.state.services.cache.settle()
    # when it is asked for again as a word, and as a code
    assert await plain("dub") == word
    code = await plain("DUB")
    # then as a word it names both outright (a form asks which), as a code Dublin alone
    assert word == [True, True]
    assert code == [True, False]


async def test_a_place_with_its_country_is_not_the_answer_of_the_same_words(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    async def codes(typed: str) -> list[str]:
        variables = {"search": typed}
        body = await client.post("/graphql", json={"query": MATCHES, "variables": variables})
        return [m["airport"]["iataCode"] for m in body.json()["data"]["airportMatches"]]

    # given "paris france", which names no airport, asked first (and its answer kept)
    assert await codes("paris france") == []
    await app.state.services.cache.settle()
    # when "Paris, France" is asked, then it is Paris
    assert (await codes("Paris, France"))[:1] == ["CDG"]


async def test_an_airport_answer_kept_in_an_older_form_is_worked_out_again(
    app: Starlette, client: httpx.AsyncClient, cache: Cache
) -> None:
    # given an answer kept as a list of ids (the form before each said whether it is plain)
    services = app.state.services
    directory = services.directory
    lhr = directory.airports_by_code["LHR"].id
    key = cache.key("airports", RANKING, directory.fingerprint, 3, "text", "heathrow")
    await cache.redis.set(key, orjson.dumps([lhr]))
    # when it is asked for, then it is worked out again, not an error
    body = (
        await client.post("/graphql", json={"query": MATCHES, "variables": {"search": "heathrow"}})
    ).json()
    assert body["data"]["airportMatches"] == [
        {"plainlyNamed": True, "airport": {"iataCode": "LHR"}}
    ]
    # and kept again in the form of now
    await services.cache.settle()
    assert orjson.loads(await cache.redis.get(key)) == [[lhr, True]]


METRO_AIRPORTS = """{
  metro: airports(search: "buenos aires") { iataCode city metroArea { code name } }
  code: airports(search: "tyo") { iataCode }
  mixed: airports(search: "jfk new york") { iataCode }
}"""


async def test_autocomplete_knows_metro_areas_and_mixed_words(client: httpx.AsyncClient) -> None:
    # given the seeded network, where Buenos Aires' airport is filed under its suburb, Ezeiza
    response = await client.post("/graphql", json={"query": METRO_AIRPORTS})
    found = response.json()["data"]
    # then the metro's name and code find its airports, and city and airport words together theirs
    # (and say which metropolitan area an airport serves, when its city is a suburb of it)
    buenos_aires = {"code": "BUE", "name": "Buenos Aires"}
    assert found["metro"] == [{"iataCode": "EZE", "city": "Ezeiza", "metroArea": buenos_aires}]
    assert found["code"] == [{"iataCode": "HND"}]
    assert found["mixed"] == [{"iataCode": "JFK"}]


async def test_client_errors_are_not_logged_as_incidents(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    # given a client sending a bad argument, when it is refused,
    # then nothing is logged at ERROR (operators only see what they must act on)
    with caplog.at_level(logging.ERROR, logger="strawberry.execution"):
        await client.post("/graphql", json={"query": '{ airports(search: "x", first: 0) { id } }'})
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("type_name", ["Airport", "Airline", "Flight"])
@pytest.mark.parametrize("node_id", ["\u00b2", "9" * 5000, "-1", "12a"])
async def test_a_node_id_that_names_no_row_is_null(
    client: httpx.AsyncClient, type_name: str, node_id: str
) -> None:
    # given a well-formed global id whose own id is not a number we issue
    global_id = relay.to_base64(type_name, node_id)
    response = await client.post(
        "/graphql",
        json={"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": global_id}},
    )
    # then the node is null, not an internal error
    assert response.json() == {"data": {"node": None}}


@pytest.mark.parametrize(
    ("request_args", "status", "code"),
    [
        ({"json": {}}, 400, "BAD_REQUEST"),
        ({"json": {"query": ""}}, 400, "BAD_REQUEST"),
        (
            {"content": b"hello", "headers": {"content-type": "application/json"}},
            400,
            "BAD_REQUEST",
        ),
        ({"json": [{"query": "{ __typename }"}]}, 400, "BAD_REQUEST"),
        ({"json": {"query": "query A { __typename }", "operationName": "C"}}, 400, "BAD_REQUEST"),
        (
            {"content": b"{ __typename }", "headers": {"content-type": "text/plain"}},
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        ({"content": b"null", "headers": {"content-type": "application/json"}}, 400, "BAD_REQUEST"),
        ({"json": "{ __typename }"}, 400, "BAD_REQUEST"),
        ({"json": 5}, 400, "BAD_REQUEST"),
        ({"json": [5]}, 400, "BAD_REQUEST"),
        ({"json": {"query": "{ __typename }", "operationName": 5}}, 400, "BAD_REQUEST"),
    ],
    ids=[
        "no-query",
        "empty-query",
        "not-json",
        "batch",
        "unknown-operation",
        "text-plain",
        "null-body",
        "string-body",
        "number-body",
        "batch-of-numbers",
        "number-operation-name",
    ],
)
async def test_requests_that_are_not_graphql_get_a_json_error_with_a_code(
    client: httpx.AsyncClient, request_args: dict[str, Any], status: int, code: str
) -> None:
    response = await client.post("/graphql", **request_args)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == code
    assert error["message"]


async def test_a_mutation_over_get_is_405_with_a_code(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={"query": "mutation { x }"},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize("name", ["variables", "extensions"])
async def test_a_get_whose_variables_are_not_json_says_so(
    client: httpx.AsyncClient, name: str
) -> None:
    # given a GET whose `variables` (or `extensions`) parameter is not JSON
    params = {"query": 'query($n: Int) { airports(search: "lon", first: $n) { id } }'}
    response = await client.get("/graphql", params={**params, name: "not-json"})
    # then it is a 400 in the API's error shape, naming the parameter and what is wrong with it
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert error["message"] == (
        f"The query parameter `{name}` is not JSON: it must be a JSON object."
    )
    # while JSON that is not an object is refused as well, and an object is run
    not_object = await client.get("/graphql", params={**params, name: "[1]"})
    assert not_object.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    ok = await client.get("/graphql", params={**params, "variables": '{"n": 1}'})
    assert len(ok.json()["data"]["airports"]) == 1


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD"])
async def test_other_methods_are_405_with_a_code(client: httpx.AsyncClient, method: str) -> None:
    response = await client.request(method, "/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    if method == "HEAD":  # (no body: the status and the header say it)
        return
    assert response.headers["content-type"].startswith("application/json")
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert error["message"] == f"{method} is not allowed here: use GET or POST."


async def test_several_operations_without_a_name_are_refused(client: httpx.AsyncClient) -> None:
    # given a document with two named operations, and no operationName to choose one
    query = 'query A { a: airports(search: "zur") { iataCode } } query B { b: __typename }'
    # when it is posted, then neither runs: the client must say which (GraphQL spec, GetOperation)
    response = await client.post("/graphql", json={"query": query})
    body = response.json()
    assert response.status_code == 400
    assert "data" not in body or body["data"] is None
    assert body["errors"][0]["extensions"]["code"]


async def test_a_browser_app_on_another_origin_may_call_the_api(client: httpx.AsyncClient) -> None:
    # given a third-party web app's page, when its browser asks first (a CORS preflight)
    origin = {"origin": "https://thirdparty.example"}
    preflight = await client.options(
        "/graphql",
        headers={
            **origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    # then the API allows it, and the query itself is readable by that page
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    response = await client.post("/graphql", json={"query": AIRPORTS}, headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.json()["data"]["airports"]


@pytest.mark.parametrize(
    "headers",
    [
        "content-type, authorization",
        "content-type, traceparent, tracestate",
        "content-type, sentry-trace, baggage",
        "content-type, x-request-id",
        "content-type, apollographql-client-name, apollographql-client-version",
    ],
)
async def test_a_browser_app_may_send_its_own_headers(
    client: httpx.AsyncClient, headers: str
) -> None:
    # given a browser app that adds headers of its own to its API calls (a token, tracing, a
    # client name), when its browser asks first whether it may send them
    preflight = await client.options(
        "/graphql",
        headers={
            "origin": "https://app.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": headers,
        },
    )
    # then the API allows every one of them, with no credentials
    assert preflight.status_code == 200, preflight.text
    allowed = {h.strip() for h in preflight.headers["access-control-allow-headers"].split(",")}
    assert {h.strip() for h in headers.split(",")} <= allowed
    assert "access-control-allow-credentials" not in preflight.headers


async def test_other_sites_may_not_read_anything_but_the_api(client: httpx.AsyncClient) -> None:
    # given a page of another site in the browser of someone on this machine
    origin = {"origin": "https://evil.example"}
    # when it reads the development mailbox (every email, reset links too), the storefront or
    # a preflight for them, then the browser is not let through (no CORS header)
    for path in ("/dev/emails/", "/"):
        response = await client.get(path, headers=origin)
        assert "access-control-allow-origin" not in response.headers
        preflight = await client.options(
            path, headers={**origin, "access-control-request-method": "GET"}
        )
        assert "access-control-allow-origin" not in preflight.headers
    # while a refusal of the API itself (a body over the limit) still reaches a browser app
    big = await client.post(
        "/graphql",
        content=b"x" * (MAX_BODY_BYTES + 1),
        headers={**origin, "content-type": "application/json"},
    )
    assert big.status_code == 413
    assert big.headers["access-control-allow-origin"] == "*"


SEARCH = """
query($input: FlightSearchInput!) { searchFlights(input: $input, first: 1) { totalCount } }
"""


def vary(response: httpx.Response) -> set[str]:
    return {token.strip().lower() for token in response.headers.get("vary", "").split(",")}


@pytest.mark.parametrize(
    ("method", "accept"),
    [
        ("GET", "text/html"),
        ("GET", "application/json"),
        ("GET", "application/graphql-response+json"),
        ("POST", "application/json"),
        ("POST", "application/graphql-response+json"),
    ],
)
async def test_answers_vary_by_accept_and_origin(
    client: httpx.AsyncClient, seeded: date, method: str, accept: str
) -> None:
    # given requests whose answer depends on Accept (GraphiQL or JSON, and which media type and
    # status), from a page of another origin: a query, the same again (a known query), a search
    # twice (its answer kept), a document that does not validate, a request that is not GraphQL
    day = (seeded + timedelta(days=1)).isoformat()
    search = {"slices": [{"origin": "LHR", "destination": "JFK", "departureDate": day}]}
    payloads: list[dict[str, Any]] = [
        {"query": AIRPORTS},
        {"query": AIRPORTS},
        {"query": SEARCH, "variables": {"input": search}},
        {"query": SEARCH, "variables": {"input": search}},
        {"query": "{ nope }"},
        {"nothing": "here"},
    ]
    headers = {"accept": accept, "origin": "https://app.example"}
    for payload in payloads:
        if method == "GET":
            params = {
                k: v if isinstance(v, str) else orjson.dumps(v).decode() for k, v in payload.items()
            }
            response = await client.get("/graphql", params=params, headers=headers)
        else:
            response = await client.post("/graphql", json=payload, headers=headers)
        # then each says so, for caches between: it varies by Accept, and by Origin as ever
        assert {"accept", "origin"} <= vary(response), (payload, response.headers)
