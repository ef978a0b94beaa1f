"""Known queries: the short way answers exactly as the whole way, and only when it may."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import orjson
import pytest
import strawberry
from starlette.applications import Starlette
from strawberry.extensions import SchemaExtension

from graphql import parse
from graphql_api.context import Context, Services
from graphql_api.http import SkyportGraphQL
from graphql_api.known_queries import KnownQueries

SEARCH = """
query Search($input: FlightSearchInput!, $first: Int) {
  searchFlights(input: $input, first: $first) {
    totalCount
    edges { cursor node { id expiresAt totalAmount { amount currency }
      slices { departureAt stops segments { cabin flight { flightNumber } } } } }
  }
}
"""
AIRPORTS = "query Airports($q: String!) { airports(search: $q, first: 3) { iataCode city } }"


def view(app: Starlette) -> SkyportGraphQL:
    graphql = next(r for r in app.routes if getattr(r, "path", "") == "/graphql")
    deferred: Any = graphql.app  # type: ignore[attr-defined]
    assert isinstance(deferred.app, SkyportGraphQL)
    return deferred.app


class ShortWay:
    """Counts the requests the known-queries way answered, and forgets everything in between."""

    def __init__(self, app: Starlette, monkeypatch: pytest.MonkeyPatch) -> None:
        self.view = view(app)
        self.answered = 0
        run = self.view.known_queries.run

        async def counting(*args: Any) -> Any:
            data = await run(*args)
            self.answered += data is not None
            return data

        monkeypatch.setattr(self.view.known_queries, "run", counting)

    def forget(self) -> None:
        """No known query and no stored response: the next request goes the whole way."""
        self.view.known_queries.documents.clear()
        self.view.response_cache.clear()


def body(query: str, variables: dict[str, Any], **extra: Any) -> bytes:
    return orjson.dumps({"query": query, "variables": variables, **extra})


async def post(http: httpx.AsyncClient, payload: bytes, accept: str = "") -> httpx.Response:
    headers = {"content-type": "application/json"}
    if accept:
        headers["accept"] = accept
    return await http.post("/graphql", content=payload, headers=headers)


def search(origin: str, destination: str, day: date, first: int) -> dict[str, Any]:
    slices = [{"origin": origin, "destination": destination, "departureDate": day.isoformat()}]
    return {"input": {"slices": slices}, "first": first}


@pytest.mark.parametrize("accept", ["", "application/json", "application/graphql-response+json"])
async def test_a_known_query_answers_byte_for_byte_as_the_whole_way(
    frozen_app: Starlette,
    http: httpx.AsyncClient,
    seeded: date,
    monkeypatch: pytest.MonkeyPatch,
    accept: str,
) -> None:
    short = ShortWay(frozen_app, monkeypatch)
    short.forget()
    day = seeded + timedelta(days=1)
    # given a search that went the whole way once
    await post(http, body(SEARCH, search("LHR", "JFK", day, 3)), accept)
    assert short.answered == 0
    # when the same text comes with other variables, it takes the short way
    other = body(SEARCH, search("CDG", "AKL", day, 4))
    fast = await post(http, other, accept)
    assert short.answered == 1
    # then status, headers and body are what the whole way gives for it
    short.forget()
    whole = await post(http, other, accept)
    assert short.answered == 1
    assert fast.status_code == whole.status_code == 200
    assert fast.headers.multi_items() == whole.headers.multi_items()
    assert fast.content == whole.content
    assert fast.json()["data"]["searchFlights"]["edges"]


async def test_an_error_on_the_short_way_is_answered_the_whole_way(
    frozen_app: Starlette, http: httpx.AsyncClient, seeded: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = ShortWay(frozen_app, monkeypatch)
    short.forget()
    day = seeded + timedelta(days=1)
    await post(http, body(SEARCH, search("LHR", "JFK", day, 2)))
    # given a known query whose variables name an airport that does not exist
    bad = body(SEARCH, search("LHR", "QQQ", day, 2))
    answer = await post(http, bad)
    # then the answer carries the coded error of the whole way, and the short way gave none
    assert short.answered == 0
    assert answer.json()["errors"][0]["extensions"]["code"] == "UNKNOWN_AIRPORT"
    short.forget()
    assert (await post(http, bad)).content == answer.content


async def test_a_variable_of_the_wrong_kind_gets_one_answer_either_way(
    frozen_app: Starlette, http: httpx.AsyncClient, seeded: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = ShortWay(frozen_app, monkeypatch)
    tried: list[bool] = []  # whether each request found its text known
    known_queries = short.view.known_queries
    run = known_queries.run

    async def trying(key: Any, variables: Any, context: Any) -> Any:
        tried.append(key in known_queries.documents)
        return await run(key, variables, context)

    monkeypatch.setattr(known_queries, "run", trying)
    short.forget()
    day = seeded + timedelta(days=1)
    await post(http, body(SEARCH, search("LHR", "JFK", day, 2)))  # the text is known now
    # given the known query with a date that is not a string, deep in its input variable
    variables = search("LHR", "JFK", day, 2)
    variables["input"]["slices"][0]["departureDate"] = True
    bad = body(SEARCH, variables)
    # when it is posted: the short way tries it (and leaves the error to the whole way)
    known = await post(http, bad)
    assert tried == [False, True]
    assert short.answered == 0
    # then it is answered as when the text was never seen, field and JSON spelling alike
    short.forget()
    unknown = await post(http, bad)
    assert tried == [False, True, False]
    assert known.status_code == unknown.status_code
    assert known.content == unknown.content
    (error,) = known.json()["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "input.slices.0.departureDate",
    }
    assert error["message"].endswith("Value cannot represent a Date: true. Expected a string.")


@pytest.mark.parametrize(
    "payload",
    [
        body(AIRPORTS, {"q": "paris"}, extensions={"persistedQuery": {"version": 1}}),
        orjson.dumps([{"query": AIRPORTS, "variables": {"q": "paris"}}]),
        body(AIRPORTS, {"q": "paris"}, operationName=7),
    ],
    ids=["extensions", "batch", "bad-operation-name"],
)
async def test_unusual_bodies_always_go_the_whole_way(
    frozen_app: Starlette, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, payload: bytes
) -> None:
    short = ShortWay(frozen_app, monkeypatch)
    short.forget()
    await post(http, body(AIRPORTS, {"q": "london"}))  # the text is known now
    await post(http, payload)
    assert short.answered == 0


async def test_a_known_text_sent_as_another_media_type_goes_the_whole_way(
    frozen_app: Starlette, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = ShortWay(frozen_app, monkeypatch)
    short.forget()
    await post(http, body(AIRPORTS, {"q": "london"}))
    answer = await http.post(
        "/graphql", content=body(AIRPORTS, {"q": "rome"}), headers={"content-type": "text/plain"}
    )
    assert short.answered == 0
    assert answer.status_code != 200 or "errors" in answer.json()


class Tracing(SchemaExtension):
    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        return _next(root, info, *args, **kwargs)


class Audit(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield


@strawberry.type
class Hello:
    hello: str = "world"


@pytest.mark.parametrize("extension", [Tracing, Audit])
def test_known_queries_refuse_a_schema_with_an_extension_they_would_skip(
    extension: type[SchemaExtension],
) -> None:
    # given a schema with an extension not known to be skippable (resolver or operation hooks)
    schema = strawberry.Schema(query=Hello, extensions=[extension])
    # then known queries refuse it, naming the extension: adding one is a decision
    with pytest.raises(ValueError, match=extension.__name__):
        KnownQueries(schema)


@strawberry.type
class Slow:
    @strawberry.field
    async def greeting(self, info: strawberry.Info) -> str:
        info.context.pushed_out()
        return "hello"


async def test_a_known_query_pushed_out_while_it_runs_still_answers(frozen_app: Starlette) -> None:
    # given a known query whose entry is pushed out of the cache while it runs
    services: Services = frozen_app.state.services
    known = KnownQueries(strawberry.Schema(query=Slow))
    key = ("{ greeting }", None)
    context = Context(services)
    context.succeeded_query = parse(key[0])
    known.learn(key, context)
    running = Context(services)
    running.pushed_out = known.documents.clear  # type: ignore[attr-defined]
    # when it runs, then it answers (and is simply not known any more)
    assert await known.run(key, None, running) == {"greeting": "hello"}
    assert key not in known.documents


async def test_answered_searches_are_freed_without_the_garbage_collector(
    frozen_app: Starlette, http: httpx.AsyncClient, seeded: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reference cycle per request (request <-> context, executor <-> its helpers) leaves every
    # answer's objects to the cycle collector, which then pauses the server for milliseconds.
    short = ShortWay(frozen_app, monkeypatch)
    short.forget()
    graphql = view(frozen_app)
    contexts: list[weakref.ref[Context]] = []
    get_context = graphql.get_context

    async def recording(request: Any, response: Any) -> Context:
        context = await get_context(request, response)
        contexts.append(weakref.ref(context))
        return context

    monkeypatch.setattr(graphql, "get_context", recording)
    day = seeded + timedelta(days=1)
    gc.collect()
    gc.disable()
    try:
        # given searches answered the whole way, then the short way
        for origin in ("LHR", "CDG"):
            answer = await post(http, body(SEARCH, search(origin, "JFK", day, 3)))
            assert answer.json()["data"]["searchFlights"]["edges"]
        # then once answered, their contexts are gone with the collector switched off
        alive = [ref for ref in contexts if ref() is not None]
    finally:
        gc.enable()
    assert short.answered == 1
    assert len(contexts) >= 2
    assert alive == []
