"""offer(id): re-priced on every read; null once expired or sold out; forged ids refused."""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any

import httpx

from data.clock import FrozenClock
from data.db import Database
from data.search.query import SliceSpec, build_search_query
from data.search.service import search_offers
from graphql_api.context import Services
from graphql_api.offers.types import OfferBuilder
from tests.conftest import graphql
from tests.search.conftest import SEARCH, error_code, offers, run, search_input

OFFER = """
query Offer($id: ID!) {
  offer(id: $id) {
    id expiresAt seatsRemaining passengers
    totalAmount { amountMinor currency }
    fareBrand { code }
    slices { segments { flight { id } } }
  }
}
"""

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on Offer { totalAmount { amountMinor } }
    ... on Flight { flightNumber origin { iataCode } seatsRemaining capacity(cabin: ECONOMY) }
  }
}
"""


async def first_offer(services: Services, day: date, **extra: Any) -> dict[str, Any]:
    search = search_input(("LHR", "JFK", day), maxConnections=0, **extra)
    found = offers(await run(services, SEARCH, {"input": search, "first": 1}))
    assert found
    return found[0]


def flight_ids(offer: dict[str, Any]) -> list[int]:
    ids = []
    for piece in offer["slices"]:
        for segment in piece["segments"]:
            type_name, _, raw = base64.b64decode(segment["flight"]["id"]).decode().partition(":")
            assert type_name == "Flight"
            ids.append(int(raw))
    return ids


def tampered(offer_id: str, old: str, new: str) -> str:
    text = base64.b64decode(offer_id).decode()
    assert old in text
    return base64.b64encode(text.replace(old, new, 1).encode()).decode()


async def test_offer_reprices_to_the_same_amount_while_inventory_is_unchanged(
    services: Services, day: date
) -> None:
    # given an offer from a search
    offer = await first_offer(services, day)
    # when it is read back by id
    body = await run(services, OFFER, {"id": offer["id"]})
    # then it is the same offer at the same price, with the same id and expiry
    again = body["data"]["offer"]
    assert again["id"] == offer["id"]
    assert again["totalAmount"]["amountMinor"] == offer["totalAmount"]["amountMinor"]
    assert again["totalAmount"]["currency"] == offer["totalAmount"]["currency"]
    assert again["expiresAt"] == offer["expiresAt"]
    assert again["seatsRemaining"] == offer["seatsRemaining"]


async def test_offer_expires_after_its_time_to_live(
    services: Services, clock: FrozenClock, day: date
) -> None:
    # given an offer (ids live 20 minutes)
    offer = await first_offer(services, day)
    # when 19 minutes pass it is still there; when 21 minutes have passed it is gone
    clock.advance(timedelta(minutes=19))
    assert (await run(services, OFFER, {"id": offer["id"]}))["data"]["offer"] is not None
    clock.advance(timedelta(minutes=2))
    body = await run(services, OFFER, {"id": offer["id"]})
    assert body == {"data": {"offer": None}}


async def test_a_sold_out_offer_is_null_and_a_fuller_cabin_costs_more(
    services: Services, db: Database, day: date
) -> None:
    # given a cheap offer for a party of two
    offer = await first_offer(services, day, passengers={"adults": 2})
    (flight_id,) = flight_ids(offer)
    async with db.pool.acquire() as conn:
        capacity, _sold, held = await conn.fetchrow(
            "SELECT capacity, sold, held FROM flight_inventory"
            " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
            flight_id,
        )
        try:
            # when the cabin fills up to one seat less than the party needs
            await conn.execute(
                "UPDATE flight_inventory SET held = $2 - sold - 1"
                " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
                flight_id,
                capacity,
            )
            # then the offer cannot be sold any more
            assert (await run(services, OFFER, {"id": offer["id"]}))["data"]["offer"] is None
            # and when it fills less, the same offer re-prices higher (a dearer booking class)
            await conn.execute(
                "UPDATE flight_inventory SET held = $2 - sold - 2"
                " WHERE flight_id = $1 AND cabin = 'ECONOMY'",
                flight_id,
                capacity,
            )
            repriced = (await run(services, OFFER, {"id": offer["id"]}))["data"]["offer"]
            assert repriced is not None
            assert repriced["totalAmount"]["amountMinor"] > offer["totalAmount"]["amountMinor"]
            assert repriced["seatsRemaining"] == 2
            assert repriced["id"] != offer["id"]
        finally:
            await conn.execute(
                "UPDATE flight_inventory SET held = $2 WHERE flight_id = $1 AND cabin = 'ECONOMY'",
                flight_id,
                held,
            )


async def test_a_tampered_offer_id_is_refused_with_a_code(services: Services, day: date) -> None:
    # given an offer id whose price was lowered by hand
    offer = await first_offer(services, day)
    total = str(offer["totalAmount"]["amountMinor"])
    forged = tampered(offer["id"], f"~{total}~", "~100~")
    # when it is read, then it is refused as not ours, without a 500
    body = await run(services, OFFER, {"id": forged})
    assert error_code(body) == "INVALID_OFFER_ID"
    assert body["data"] == {"offer": None}


async def test_garbled_offer_ids_are_refused_with_a_code(client: httpx.AsyncClient) -> None:
    for garbled in ("not-an-id", "", base64.b64encode(b"Flight:12").decode(), "T2ZmZXI6eA=="):
        body = await graphql(client, OFFER, {"id": garbled})
        assert body["errors"][0]["extensions"]["code"] == "INVALID_OFFER_ID", garbled


async def test_an_offer_id_with_anything_added_is_refused(services: Services, day: date) -> None:
    # given a real offer's id, with characters that base64 decoding would skip added to it
    offer = await first_offer(services, day)
    for added in (
        offer["id"] + "AAAA",
        offer["id"] + "/extra",
        offer["id"] + "$$$",
        " " + offer["id"],
    ):
        # then it is not the offer: one offer has one id
        body = await run(services, OFFER, {"id": added})
        assert error_code(body) == "INVALID_OFFER_ID", added
    assert (await run(services, OFFER, {"id": offer["id"]}))["data"]["offer"] is not None


async def test_offers_and_flights_are_nodes(services: Services, day: date) -> None:
    # given an offer and the flight it flies
    offer = await first_offer(services, day)
    flight_id = offer["slices"][0]["segments"][0]["flight"]["id"]
    # when both are fetched through node(id)
    as_offer = (await run(services, NODE, {"id": offer["id"]}))["data"]["node"]
    as_flight = (await run(services, NODE, {"id": flight_id}))["data"]["node"]
    # then they come back as the same offer and the flight with its seats
    assert as_offer["id"] == offer["id"]
    assert as_offer["totalAmount"]["amountMinor"] == offer["totalAmount"]["amountMinor"]
    assert as_flight["id"] == flight_id
    assert as_flight["origin"]["iataCode"] == "LHR"
    assert 0 <= as_flight["seatsRemaining"] <= as_flight["capacity"]


async def test_a_page_built_from_result_rows_equals_offers_built_one_by_one(
    services: Services, day: date
) -> None:
    # given a return search for a family, computed and then read back from Redis
    query = build_search_query(
        slices=[SliceSpec("LHR", "JFK", day), SliceSpec("JFK", "LHR", day + timedelta(days=2))],
        adults=2,
        children=1,
        infants=1,
        directory=services.directory,
        now=services.clock.now(),
    )
    computed = await search_offers(query, deps=services.search)
    await services.cache.settle()
    cached = await search_offers(query, deps=services.search)
    assert computed.total > 20
    assert cached.total == computed.total
    assert isinstance(cached.rows[0], list)  # decoded from Redis's JSON, not the same object
    expires_at = int(services.clock.now().timestamp()) + 1200
    # when a page is built straight from the rows, and offer by offer from priced offers
    for result in (computed, cached):
        secret = services.config.secret_key
        from_rows = OfferBuilder(services.directory, secret).page(
            result, 5, 20, expires_at=expires_at
        )
        one_by_one = OfferBuilder(services.directory, secret)
        priced = [one_by_one.offer(offer, expires_at=expires_at) for offer in result.page(5, 20)]
        # then both give the same offers: ids, prices, brands, slices and flights
        assert from_rows == priced
        assert len({offer.id for offer in from_rows}) == 20


OTHER_BRANDS = """
query Offer($id: ID!) {
  offer(id: $id) {
    id expiresAt fareBrand { code }
    otherFareBrands {
      id expiresAt passengers
      totalAmount { amountMinor }
      fareBrand { code cabin }
      slices { segments { flight { id } } }
    }
  }
}
"""


async def test_an_offer_knows_its_flights_in_the_cabins_other_brands(
    services: Services, day: date
) -> None:
    # given a family's return trip, found in every brand of the cabin (brands side by side),
    # sorted by departure
    party = {"adults": 2, "children": 1}
    trip = search_input(
        ("LHR", "JFK", day),
        ("JFK", "LHR", day + timedelta(days=2)),
        passengers=party,
        groupFareBrands=True,
    )
    found = offers(
        await run(services, SEARCH, {"input": {**trip, "sort": "DEPARTURE"}, "first": 9})
    )
    offer = found[0]
    same_flights = {
        o["fareBrand"]["code"]: o["totalAmount"]["amountMinor"]
        for o in found
        if flight_ids(o) == flight_ids(offer)
    }
    assert len(same_flights) > 1
    # when its other fare brands are asked for
    body = await run(services, OTHER_BRANDS, {"id": offer["id"]})
    others = body["data"]["offer"]["otherFareBrands"]
    # then they are the same flights for the same party at the prices the search found, in
    # every other brand, each expiring with it
    assert {o["fareBrand"]["code"]: o["totalAmount"]["amountMinor"] for o in others} == {
        code: total for code, total in same_flights.items() if code != offer["fareBrand"]["code"]
    }
    for other in others:
        assert flight_ids(other) == flight_ids(offer)
        assert other["passengers"] == offer["passengers"]
        assert other["expiresAt"] == offer["expiresAt"]
        # and each is an offer of its own, read back at the same price
        again = (await run(services, OFFER, {"id": other["id"]}))["data"]["offer"]
        assert again["totalAmount"]["amountMinor"] == other["totalAmount"]["amountMinor"]


async def test_other_brands_cannot_be_nested_to_multiply_work(
    services: Services, day: date
) -> None:
    # given an offer's other brands, asked for again on each of them, and again
    nested = """
    query Offer($id: ID!) { offer(id: $id) { otherFareBrands { id
      otherFareBrands { id otherFareBrands { id } } } } }
    """
    offer = await first_offer(services, day)
    body = await run(services, nested, {"id": offer["id"]})
    # then the first level is priced, and the levels below list nothing (their other brands
    # are the offer they came from and its siblings)
    others = body["data"]["offer"]["otherFareBrands"]
    assert len(others) == 2
    assert all(other["otherFareBrands"] == [] for other in others)


PRICED = """
fragment Priced on Offer {
  id
  baseAmount { amountMinor } taxAmount { amountMinor } totalAmount { amountMinor currency }
  pricePerPassenger {
    type count
    baseAmount { amountMinor currency } taxAmount { amountMinor } totalAmount { amountMinor }
  }
}
"""
PER_PASSENGER = (
    PRICED
    + """
query Family($input: FlightSearchInput!) {
  searchFlights(input: $input, first: 5) { edges { node { ...Priced } } }
}
"""
)
PER_PASSENGER_OFFER = (
    PRICED
    + """
query FamilyOffer($id: ID!) {
  offer(id: $id) { ...Priced otherFareBrands { ...Priced } }
  node(id: $id) { ...Priced }
}
"""
)


def _adds_up(offer: dict[str, Any]) -> list[tuple[str, int, int]]:
    """An offer's (type, count, total each), after checking its lines add up to its amounts."""
    lines = offer["pricePerPassenger"]
    for part in ("baseAmount", "taxAmount", "totalAmount"):
        summed = sum(line["count"] * line[part]["amountMinor"] for line in lines)
        assert summed == offer[part]["amountMinor"], (part, offer)
    for line in lines:
        assert line["baseAmount"]["currency"] == offer["totalAmount"]["currency"]
        each = line["baseAmount"]["amountMinor"] + line["taxAmount"]["amountMinor"]
        assert line["totalAmount"]["amountMinor"] == each
    return [(line["type"], line["count"], line["totalAmount"]["amountMinor"]) for line in lines]


async def test_an_offer_says_what_each_passenger_type_pays(services: Services, day: date) -> None:
    # given a return trip for two adults, a child and an infant
    family = search_input(
        ("LHR", "JFK", day),
        ("JFK", "LHR", day + timedelta(days=2)),
        passengers={"adults": 2, "children": 1, "infants": 1},
    )
    found = offers(await run(services, PER_PASSENGER, {"input": family}))
    assert found
    # when its offers are read in the results, by id, and in their other brands, computed
    # and then from the search cache
    await services.cache.settle()
    again = offers(await run(services, PER_PASSENGER, {"input": family}))
    by_id = (await run(services, PER_PASSENGER_OFFER, {"id": found[0]["id"]}))["data"]
    offer = by_id["offer"]
    shown = [*found, *again, offer, *offer["otherFareBrands"], by_id["node"]]
    assert len(shown) >= 12
    for each in shown:
        # then each names who travels and what one of them pays, the lines adding up to the
        # offer's fares, taxes and total
        lines = _adds_up(each)
        assert [(kind, count) for kind, count, _ in lines] == [
            ("ADULT", 2),
            ("CHILD", 1),
            ("INFANT", 1),
        ]
        # and a child pays less than an adult, an infant on a lap less still
        adult, child, infant = (total for _, _, total in lines)
        assert adult > child > infant > 0
    # and the same offer says the same, in the results, read again and by id
    assert _adds_up(offer) == _adds_up(found[0]) == _adds_up(again[0]) == _adds_up(by_id["node"])


async def test_one_adult_alone_has_one_line(services: Services, day: date) -> None:
    # given a multi-city trip for one adult
    alone = search_input(
        ("LHR", "JFK", day),
        ("JFK", "CDG", day + timedelta(days=1)),
        ("CDG", "LHR", day + timedelta(days=2)),
    )
    found = offers(await run(services, PER_PASSENGER, {"input": alone}))
    assert found
    # then each offer has one line, the adult's, which is the whole price
    assert [_adds_up(offer) for offer in found] == [
        [("ADULT", 1, offer["totalAmount"]["amountMinor"])] for offer in found
    ]
