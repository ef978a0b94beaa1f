"""Offer.otherFareBrands does what its description says, fetched by id and read below another."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

SEARCH = """
query($input: FlightSearchInput!) { searchFlights(input: $input, first: 1) {
  edges { node { id fareBrand { code } } } } }
"""
OFFER = """
query($id: ID!) { offer(id: $id) { id fareBrand { code }
  otherFareBrands { id fareBrand { code } otherFareBrands { id } } } }
"""
DESCRIPTION = '{ __type(name: "Offer") { fields { name description } } }'


async def ask(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    assert "errors" not in body, body
    return body["data"]


async def test_an_offer_fetched_by_its_own_id_lists_the_offer_it_came_from(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a searched offer and its other fare brands
    day = (seeded + timedelta(days=1)).isoformat()
    trip = {"slices": [{"origin": "LHR", "destination": "JFK", "departureDate": day}]}
    found = await ask(client, SEARCH, {"input": {**trip, "maxConnections": 0}})
    first = found["searchFlights"]["edges"][0]["node"]
    offer = (await ask(client, OFFER, {"id": first["id"]}))["offer"]
    siblings = offer["otherFareBrands"]
    assert siblings
    # then read below it, they list none (their other brands are this list already)
    assert all(sibling["otherFareBrands"] == [] for sibling in siblings)
    # when one of them is fetched by its own id
    sibling = (await ask(client, OFFER, {"id": siblings[0]["id"]}))["offer"]
    # then it lists its other brands, the offer it came from among them
    brands = {other["fareBrand"]["code"] for other in sibling["otherFareBrands"]}
    expected = {offer["fareBrand"]["code"]} | {s["fareBrand"]["code"] for s in siblings[1:]}
    assert brands == expected
    # as the field's description says
    fields = (await ask(client, DESCRIPTION, {}))["__type"]["fields"]
    (description,) = [f["description"] for f in fields if f["name"] == "otherFareBrands"]
    assert "fetched by its own id" in description
    assert "the offer it came from among them" in description
