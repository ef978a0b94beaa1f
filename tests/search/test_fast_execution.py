"""The fast executor answers exactly as graphql-core's own, for data and for errors."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import strawberry
from strawberry import relay
from strawberry.types import ExecutionResult

from graphql import print_ast
from graphql_api import projection
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


async def both_ways(query_type: type, query: str) -> tuple[ExecutionResult, ExecutionResult]:
    """(fast, plain): a query on a schema of `query_type` run by our executor and by
    graphql-core's."""
    fast_schema = strawberry.Schema(query=query_type, execution_context_class=FastExecutionContext)
    fast = await fast_schema.execute(query)
    plain = await strawberry.Schema(query=query_type).execute(query)
    return fast, plain


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
    fast, plain = await both_ways(BoxQuery, BOXES)
    assert fast.data == plain.data
    assert [e.formatted for e in fast.errors or []] == [e.formatted for e in plain.errors or []]
    assert fast.errors


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.enum
class Size(enum.Enum):
    SMALL = 1
    LARGE = 2


@strawberry.type
class Reading:
    label: str
    count: int
    flag: bool
    size: Size
    at: datetime
    day: date | None
    ratio: float


AT = datetime(2027, 3, 10, 9, 30, tzinfo=ZoneInfo("Asia/Kathmandu"))
GOOD: dict[str, Any] = {"label": "a", "count": 1, "flag": True, "size": Size.SMALL, "at": AT}
GOOD |= {"day": date(2027, 3, 10), "ratio": 0.5}
CHANGES: dict[str, dict[str, Any]] = {
    "good": {},
    "int beyond 32 bits": {"count": 2**31},
    "bool as Int": {"count": True},
    "int as Boolean": {"flag": 1},
    "int as String": {"label": 7},
    "enum member as String": {"label": Colour.RED},
    "name instead of member": {"size": "SMALL"},
    "member of another enum": {"size": Colour.BLUE},
    "string as DateTime": {"at": "2027-03-10T09:30:00"},
    "nullable date left null": {"day": None},
    "not a number": {"ratio": float("nan")},
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
async def test_leaf_shortcuts_answer_and_fail_exactly_as_graphql_core(
    change: dict[str, Any],
) -> None:
    # given leaves of every kind the compiled projector checks inline, one of them changed
    @strawberry.type
    class ReadingQuery:
        @strawberry.field
        def readings(self) -> list[Reading | None]:
            return [Reading(**GOOD), None, Reading(**(GOOD | change))]

    query = "{ readings { label count flag size at day ratio } }"
    fast, plain = await both_ways(ReadingQuery, query)
    # then values, nulls and errors (messages and paths) are graphql-core's own
    assert fast.data == plain.data
    assert [e.formatted for e in fast.errors or []] == [e.formatted for e in plain.errors or []]
    assert fast.data is not None
    assert fast.data["readings"][0] == {
        "label": "a",
        "count": 1,
        "flag": True,
        "size": "SMALL",
        "at": "2027-03-10T09:30:00+05:45",
        "day": "2027-03-10",
        "ratio": 0.5,
    }


INCLUDE = """
query Included($input: FlightSearchInput!, $x: Boolean!) {
  searchFlights(input: $input, first: 5) {
    totalCount
    edges { node { id fareBrand @include(if: $x) { code } slices { origin { id iataCode } } } }
  }
}
"""


@pytest.mark.parametrize("x", [True, False])
async def test_include_declines_the_projector_and_answers_alike(
    services: Services, day: date, x: bool
) -> None:
    variables = {"input": search_input(("CDG", "AKL", day)), "x": x}
    fast, plain = await both(services, INCLUDE, variables)
    assert fast[0] is not None
    assert ("fareBrand" in offers({"data": fast[0]})[0]) is x
    assert fast == plain


PROJECTED = """
query Projected($input: FlightSearchInput!) {
  searchFlights(input: $input, first: 20) {
    __typename totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      __typename cursor
      node {
        __typename id seatsRemaining
        price: totalAmount { amountMinor currency }
        fareBrand { code conditions { changeable changeFee { amountMinor currency } } }
        slices {
          origin { __typename id iataCode } destination { id }
          segments { cabin flight { __typename id flightNumber airline { id name } } }
        }
      }
    }
  }
}
"""


async def test_projected_answers_are_identical(services: Services, day: date) -> None:
    variables = {"input": search_input(("CDG", "AKL", day))}
    fast, plain = await both(services, PROJECTED, variables)
    assert fast == plain
    assert not fast[1]
    nodes = offers({"data": fast[0]})
    assert nodes
    assert all(node["__typename"] == "Offer" for node in nodes)
    fees = [node["fareBrand"]["conditions"]["changeFee"] for node in nodes]
    assert None in fees
    assert any(fee is not None for fee in fees)
    # The whole answer came from one compiled projector.
    compiled = [
        entry
        for entry in projection._projectors.values()
        if entry.nodes[0].name.value == "searchFlights" and entry.projector is not None
    ]
    assert compiled


@strawberry.type
class Plain(relay.Node):
    code: relay.NodeID[str]
    label: str


@strawberry.type
class Custom(relay.Node):
    code: relay.NodeID[str]
    label: str

    @classmethod
    def resolve_id(cls, root: Custom, *, info: strawberry.Info) -> str:
        return root.code.upper()


@strawberry.type
class NodeQuery:
    @strawberry.field
    def plains(self) -> list[Plain]:
        return [Plain(code="a", label="x"), Plain(code="b", label="y")]

    @strawberry.field
    def customs(self) -> list[Custom]:
        return [Custom(code="a", label="x"), Custom(code="b", label="y")]


async def test_relay_ids_match_including_overridden_resolve_id() -> None:
    query = "{ plains { __typename id label } customs { id label } }"
    fast, plain = await both_ways(NodeQuery, query)
    assert fast.errors is None
    assert fast.data == plain.data
    assert fast.data is not None
    assert fast.data["customs"][0]["id"] == relay.to_base64("Custom", "A")


MONEY = """
query Money($input: FlightSearchInput!) {
  searchFlights(input: $input, first: 10) {
    edges { node { id totalAmount { amount amountMinor currency } taxAmount { amount } } }
  }
}
"""


async def test_a_field_resolved_from_self_alone_is_projected_and_answers_alike(
    services: Services, day: date
) -> None:
    # given offers whose money amounts come from a resolver taking only `self` (Money.amount)
    variables = {"input": search_input(("LHR", "JFK", day))}
    fast, plain = await both(services, MONEY, variables)
    # then the fast answer is graphql-core's, with decimal amounts matching the minor units
    assert fast == plain
    nodes = offers({"data": fast[0]})
    assert nodes
    for node in nodes:
        money = node["totalAmount"]
        assert money["amount"] == f"{money['amountMinor'] // 100}.{money['amountMinor'] % 100:02d}"
    # and the whole searchFlights answer came from one compiled projector
    assert any(
        entry.nodes[0].name.value == "searchFlights"
        and entry.projector is not None
        and "amount" in print_ast(entry.nodes[0])
        for entry in projection._projectors.values()
    )


@strawberry.type
class Shelf:
    label: str
    boxes: list[Box]


def shelves(count: Any) -> list[Shelf]:
    """Shelves sharing one box object (and one shelf object) in several places."""
    good = Leaf(name="a", tags=["x"])
    box = Box(leaf=good, maybe=None, leaves=[good], count=count)
    shared = Shelf(label="shared", boxes=[box, box])
    return [shared, Shelf(label="own", boxes=[box]), shared]


SHELVES = "{ shelves { label boxes { count leaf { name } leaves { tags } } } }"


@pytest.mark.parametrize("count", [7, "seven"], ids=["good", "bad leaf in a shared object"])
async def test_objects_shared_across_the_answer_are_projected_alike(count: Any) -> None:
    # given an answer showing the same objects in several places
    @strawberry.type
    class ShelfQuery:
        @strawberry.field
        def shelves(self) -> list[Shelf]:
            return shelves(count)

    fast_schema = strawberry.Schema(query=ShelfQuery, execution_context_class=FastExecutionContext)
    plain = await strawberry.Schema(query=ShelfQuery).execute(SHELVES)
    # when the fast executor answers it twice (new objects each time)
    for _ in range(2):
        fast = await fast_schema.execute(SHELVES)
        # then data and errors (one per place the bad value shows) are graphql-core's own
        assert fast.data == plain.data
        assert [e.formatted for e in fast.errors or []] == [e.formatted for e in plain.errors or []]
    assert (plain.errors is None) is (count == 7)
    if count == 7:  # the shared shelf was projected once, and its dict shown twice
        assert fast.data is not None
        assert fast.data["shelves"][0] is fast.data["shelves"][2]
    # and no compiled projector keeps objects it projected once the answer is made
    memos = [
        value
        for entry in projection._projectors.values()
        if entry.projector is not None
        for value in entry.projector.__globals__.values()
        if isinstance(value, dict) and any(type(key) is int for key in value)
    ]
    assert memos == []


@strawberry.type
class Stamp:
    at: datetime
    leaf: Leaf


@strawberry.type
class Clocked:
    n: int

    @strawberry.field
    def moment(self) -> datetime:  # a resolver of self alone: a new datetime every call
        return datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC")) + timedelta(hours=self.n)

    @strawberry.field
    def stamp(self) -> Stamp:  # and a new object every call, dropped once projected
        at = datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC")) + timedelta(minutes=self.n)
        return Stamp(at=at, leaf=Leaf(name=str(self.n), tags=[]))


async def test_objects_made_afresh_per_read_are_never_taken_for_one_another() -> None:
    # given values a resolver makes anew on every read (their ids are free for reuse at once)
    @strawberry.type
    class ClockQuery:
        @strawberry.field
        def clocks(self) -> list[Clocked]:
            return [Clocked(n=n) for n in range(300)]

    query = "{ clocks { n moment stamp { at leaf { name } } } }"
    fast, plain = await both_ways(ClockQuery, query)
    # then every one is shown with its own values
    assert fast.errors is None
    assert fast.data == plain.data
    assert fast.data is not None
    assert len({clock["moment"] for clock in fast.data["clocks"]}) == 300
    assert len({clock["stamp"]["at"] for clock in fast.data["clocks"]}) == 300
