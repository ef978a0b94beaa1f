"""The fast executor answers exactly as graphql-core's own, for data and for errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import strawberry

from graphql_api.context import Context, Services
from graphql_api.execution import FastExecutionContext
from graphql_api.flights.types import Flight
from graphql_api.offers.queries import OfferQuery
from graphql_api.reference.queries import ReferenceQuery
from graphql_api.reference.types import Airline
from graphql_api.schema import schema
from graphql_api.search.queries import SearchQuery
from tests.search.conftest import SEARCH, offers, run, search_input

DOCUMENTS = Path(__file__).resolve().parents[2] / "src" / "storefront" / "documents"


@strawberry.type
class PlainQuery(ReferenceQuery, SearchQuery, OfferQuery):
    """The same root fields (but `node`), executed by graphql-core's own executor."""


plain_schema = strawberry.Schema(query=PlainQuery, types=[Airline, Flight])

ALIASES = """
query Aliased($input: FlightSearchInput!) {
  searchFlights(input: $input, first: 5) {
    count: totalCount
    edges {
      node {
        ...Priced
        slices { segments { f: flight { __typename n: flightNumber seatsRemaining } } }
      }
    }
  }
}
fragment Priced on Offer { __typename id price: totalAmount { amount amountMinor } }
"""


async def both(services: Services, query: str, variables: dict[str, Any]) -> tuple[Any, Any]:
    fast = await schema.execute(query, variable_values=variables, context_value=Context(services))
    plain = await plain_schema.execute(
        query, variable_values=variables, context_value=Context(services)
    )
    return (fast.data, fast.errors), (plain.data, plain.errors)


@pytest.mark.parametrize(
    "query",
    [SEARCH, ALIASES, (DOCUMENTS / "SearchFlights.graphql").read_text()],
    ids=["tests", "aliases", "storefront"],
)
async def test_search_answers_are_identical(services: Services, day: date, query: str) -> None:
    variables = {"input": search_input(("CDG", "AKL", day)), "first": 5}
    fast, plain = await both(services, query, variables)
    assert fast[0] is not None
    assert fast == plain


async def test_offer_answers_are_identical(services: Services, day: date) -> None:
    found = offers(await run(services, SEARCH, {"input": search_input(("LHR", "JFK", day))}))
    fast, plain = await both(
        services, (DOCUMENTS / "Offer.graphql").read_text(), {"id": found[0]["id"]}
    )
    assert fast[0]["offer"] is not None
    assert fast == plain


@strawberry.type
class Leaf:
    name: str
    tags: list[str]


@strawberry.type
class Box:
    leaf: Leaf
    maybe: Leaf | None
    leaves: list[Leaf]
    count: int


def broken_boxes() -> list[Box | None]:
    good = Leaf(name="a", tags=["x", "y"])
    return [
        Box(leaf=good, maybe=None, leaves=[good, good], count=1),
        Box(leaf=Leaf(name=None, tags=["z"]), maybe=good, leaves=[good], count=2),  # type: ignore[arg-type]
        Box(leaf=good, maybe=Leaf(name="b", tags=[None]), leaves=[good], count=3),  # type: ignore[list-item]
        Box(leaf=good, maybe=good, leaves=[good, None], count=4),  # type: ignore[list-item]
        Box(leaf=good, maybe=good, leaves=[good], count="four"),  # type: ignore[arg-type]
        Box(leaf="not a leaf", maybe=good, leaves=[], count=5),  # type: ignore[arg-type]
    ]


@strawberry.type
class BoxQuery:
    @strawberry.field
    def boxes(self) -> list[Box | None]:
        return broken_boxes()


BOXES = "{ boxes { count leaf { name tags } maybe { name tags } leaves { name } } }"


async def test_nulls_and_bad_values_fail_exactly_as_graphql_core_fails() -> None:
    fast = await strawberry.Schema(
        query=BoxQuery, execution_context_class=FastExecutionContext
    ).execute(BOXES)
    plain = await strawberry.Schema(query=BoxQuery).execute(BOXES)
    assert fast.data == plain.data
    assert [e.formatted for e in fast.errors or []] == [e.formatted for e in plain.errors or []]
    assert fast.errors
