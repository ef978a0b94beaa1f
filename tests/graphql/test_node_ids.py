"""Global ids: every object has exactly one, and an id naming no kind of node says so."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from strawberry import relay

NODE = "query($id: ID!) { node(id: $id) { id } }"
FLIGHT = "query($id: ID!) { node(id: $id) { ... on Flight { flightNumber } } }"
SEAT_MAP = "query($id: ID!) { seatMap(flightId: $id) { cabin } }"
SEARCH = """
query($input: FlightSearchInput!) {
  searchFlights(input: $input, first: 1) {
    edges { node { id slices { segments { flight { id } } } } }
  }
}
"""


async def ask(client: httpx.AsyncClient, query: str, id: str) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": {"id": id}})
    body: dict[str, Any] = response.json()
    return body


def error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    first: dict[str, Any] = body["errors"][0]
    return first


async def first_offer(client: httpx.AsyncClient, seeded: date) -> dict[str, Any]:
    day = (seeded + timedelta(days=1)).isoformat()
    search = {"slices": [{"origin": "LHR", "destination": "JFK", "departureDate": day}]}
    response = await client.post("/graphql", json={"query": SEARCH, "variables": {"input": search}})
    offer: dict[str, Any] = response.json()["data"]["searchFlights"]["edges"][0]["node"]
    return offer


async def test_an_offer_id_with_characters_added_is_not_the_offer(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given an offer's id, and the same id with characters base64 decoding skips
    offer = await first_offer(client, seeded)
    assert (await ask(client, NODE, offer["id"]))["data"]["node"] == {"id": offer["id"]}
    for added in (offer["id"] + "$$$", offer["id"] + "\n", " " + offer["id"]):
        # when node is asked for it
        body = await ask(client, NODE, added)
        # then it is refused as a bad id, not read as the offer: one offer has one id
        assert body["data"] == {"node": None}
        assert error(body)["extensions"] == {"code": "INVALID_ID", "field": "id"}


@pytest.mark.parametrize("spelling", ["00012", "012"])
async def test_a_flight_has_one_id(client: httpx.AsyncClient, spelling: str) -> None:
    # given flight 12 by its id, and another spelling of its number
    assert (await ask(client, FLIGHT, relay.to_base64("Flight", "12")))["data"]["node"]
    other = relay.to_base64("Flight", spelling)
    # when node and seatMap are asked for it, then both refuse it as a bad id
    refused = error(await ask(client, FLIGHT, other))
    assert refused["extensions"] == {"code": "INVALID_ID", "field": "id"}
    assert error(await ask(client, SEAT_MAP, other))["extensions"]["code"] == "INVALID_ID"


@pytest.mark.parametrize("type_name", ["Booking", "Money", "Node", "", "<img src=x>"])
async def test_an_id_of_no_kind_of_node_says_so(client: httpx.AsyncClient, type_name: str) -> None:
    # given a well-formed global id of a type that is not a node (or no type at all)
    body = await ask(client, NODE, relay.to_base64(type_name, "1"))
    # then the error says the id names no kind of object, in the API's words, with a code
    refused = error(body)
    assert refused["extensions"] == {"code": "INVALID_ID", "field": "id"}
    assert refused["message"] == "This id names no kind of object we serve."
    assert "GlobalID" not in refused["message"]


async def test_a_bad_id_is_not_repeated_back(client: httpx.AsyncClient) -> None:
    # when node is asked for a long id that is no id of ours
    body = await ask(client, NODE, "<script>" + "x" * 60_000)
    # then the error says so in a line of its own words, not the id again
    refused = error(body)
    assert refused["extensions"] == {"code": "INVALID_ID", "field": "id"}
    assert refused["message"] == "This is not an id we issued."
