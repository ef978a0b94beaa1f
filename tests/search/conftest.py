"""Search fixtures: the API run in-process over the seeded run database, with a frozen clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio

from data.cache import Cache
from data.clock import FrozenClock
from data.db import Database
from data.reference.directory import ReferenceDirectory
from graphql_api.context import ApiConfig, Context, Services
from graphql_api.schema import schema

SECRET = b"search-test-secret"

SEARCH = """
query Search($input: FlightSearchInput!, $first: Int, $after: String) {
  searchFlights(input: $input, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id expiresAt seatsRemaining passengers
        totalAmount { amount amountMinor currency }
        baseAmount { amountMinor }
        taxAmount { amountMinor }
        fareBrand { code name cabin conditions { refundable changeable checkedBags } }
        slices {
          origin { iataCode } destination { iataCode }
          departureAt arrivalAt durationMinutes stops
          segments {
            cabin
            flight {
              id flightNumber aircraft
              airline { iataCode }
              origin { iataCode } destination { iataCode }
              departureAt arrivalAt durationMinutes
            }
          }
        }
      }
    }
  }
}
"""


@pytest.fixture(scope="session")
def day(seeded: date) -> date:
    """A seeded departure day (tomorrow): every flight of it is still in the future."""
    return seeded + timedelta(days=1)


@pytest_asyncio.fixture(scope="session")
async def directory(db: Database, seeded: date) -> ReferenceDirectory:
    """The seeded airports, airlines and aircraft."""
    return await ReferenceDirectory.load(db.pool)


@pytest.fixture
def clock() -> FrozenClock:
    """A clock frozen at the real now (so the seeded days are ahead of it)."""
    return FrozenClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def services(
    db: Database, cache: Cache, directory: ReferenceDirectory, clock: FrozenClock
) -> Services:
    """The API's services over the seeded run database, with the frozen clock."""
    return Services(
        db=db, cache=cache, clock=clock, directory=directory, config=ApiConfig(secret_key=SECRET)
    )


async def run(services: Services, query: str, variables: dict[str, Any] | None = None) -> Any:
    """Execute an operation in-process; the body a client would get (data and errors)."""
    result = await schema.execute(
        query, variable_values=variables, context_value=Context(services=services)
    )
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
    return body


def search_input(*slices: tuple[str, str, date], **extra: Any) -> dict[str, Any]:
    """A FlightSearchInput for these (origin, destination, day) slices."""
    return {
        "slices": [
            {"origin": o, "destination": d, "departureDate": when.isoformat()}
            for o, d, when in slices
        ],
        **extra,
    }


def offers(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The offer nodes of a searchFlights response (asserting it has no error)."""
    assert "errors" not in body, body.get("errors")
    return [edge["node"] for edge in body["data"]["searchFlights"]["edges"]]


def error_code(body: dict[str, Any]) -> str:
    """The code of the first error."""
    assert body.get("errors"), body
    return str(body["errors"][0]["extensions"]["code"])


def at(text: str) -> datetime:
    """A DateTime from the API; it must carry its UTC offset."""
    moment = datetime.fromisoformat(text)
    assert moment.utcoffset() is not None, text
    return moment
