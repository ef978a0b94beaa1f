"""Offer ids and cursors: what we sign reads back; anything else is refused with a code."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.enums import CabinClass
from data.offers.errors import InvalidOfferId
from data.offers.tokens import OfferToken, read_offer, sign_offer
from data.pricing.types import PassengerCounts
from data.search.errors import SearchError, SearchErrorCode
from data.search.service import SortKey
from graphql_api.search.cursors import decode_cursor, encode_cursor

SECRET = b"token-test-secret"


@st.composite
def tokens(draw: st.DrawFn) -> OfferToken:
    adults = draw(st.integers(1, 9))
    flight_ids = st.lists(st.integers(1, 10**9), min_size=1, max_size=3).map(tuple)
    return OfferToken(
        slices=tuple(draw(st.lists(flight_ids, min_size=1, max_size=4))),
        cabin=draw(st.sampled_from(list(CabinClass))),
        brand=draw(st.sampled_from(["ECONOMY_LIGHT", "BUSINESS_FLEX", "FIRST"])),
        passengers=PassengerCounts(
            adults, draw(st.integers(0, 9 - adults)), draw(st.integers(0, adults))
        ),
        total_minor=draw(st.integers(0, 10**8)),
        currency=draw(st.sampled_from(["EUR", "USD"])),
        expires_at=draw(st.integers(0, 2**40)),
    )


@given(token=tokens())
def test_a_signed_offer_reads_back_as_itself(token: OfferToken) -> None:
    assert read_offer(sign_offer(token, SECRET), SECRET) == token


@given(token=tokens(), data=st.data())
def test_changing_any_character_of_an_offer_id_is_detected(
    token: OfferToken, data: st.DataObject
) -> None:
    # given a signed id with one character replaced by another
    signed = sign_offer(token, SECRET)
    position = data.draw(st.integers(0, len(signed) - 1))
    replacement = data.draw(
        st.characters(codec="ascii", categories=["L", "N", "P"]).filter(
            lambda c: c != signed[position]
        )
    )
    forged = signed[:position] + replacement + signed[position + 1 :]
    # then it is refused
    with pytest.raises(InvalidOfferId):
        read_offer(forged, SECRET)


@given(token=tokens())
def test_an_id_signed_with_another_secret_is_refused(token: OfferToken) -> None:
    with pytest.raises(InvalidOfferId):
        read_offer(sign_offer(token, b"someone else"), SECRET)


PLACES = st.tuples(
    st.integers(-(2**40), 2**40),
    st.integers(0, 10**6),
    st.integers(0, 2**33),
    st.lists(
        st.lists(st.integers(1, 2**40), min_size=1, max_size=3).map(tuple), min_size=1, max_size=4
    ).map(tuple),
    st.integers(0, 9),
)


SCOPE = "AbCdEf12"


@given(place=PLACES)
def test_a_cursor_reads_back_as_its_place(place: SortKey) -> None:
    assert decode_cursor(encode_cursor(place, SCOPE), SCOPE) == place


@given(place=PLACES, other=st.text(min_size=1, max_size=12).filter(lambda t: t != SCOPE))
def test_a_cursor_of_another_search_is_refused(place: SortKey, other: str) -> None:
    with pytest.raises(SearchError) as refused:
        decode_cursor(encode_cursor(place, SCOPE), other)
    assert refused.value.code is SearchErrorCode.INVALID_CURSOR
    assert "another search" in refused.value.message


@given(garbage=st.text(max_size=40).filter(lambda text: not text.startswith("k2.")))
def test_anything_but_our_cursor_is_an_invalid_cursor(garbage: str) -> None:
    with pytest.raises(SearchError) as refused:
        decode_cursor(garbage, SCOPE)
    assert refused.value.code is SearchErrorCode.INVALID_CURSOR


@pytest.mark.parametrize(
    "body",
    [
        b"[1, 2, 3, [[4]]]",
        b"[1, 2, 3, [], 0]",
        b"[1, 2, 3, [[]], 0]",
        b"[1, 2, 3, [[1.5]], 0]",
        b"[true, 2, 3, [[4]], 0]",
        b'[1, 2, 3, [[4]], "0"]',
        b"[1, 2, 3, [[1], [2], [3], [4], [5]], 0]",
        b"[1, 2, 3, [[1, 2, 3, 4]], 0]",
        b'{"place": 1}',
        b"not json",
    ],
)
def test_cursors_we_never_issue_are_refused(body: bytes) -> None:
    forged = f"k2.{SCOPE}." + base64.urlsafe_b64encode(body).decode()
    with pytest.raises(SearchError) as refused:
        decode_cursor(forged, SCOPE)
    assert refused.value.code is SearchErrorCode.INVALID_CURSOR


def test_offer_ids_keep_their_format_so_ids_issued_before_a_deploy_still_read() -> None:
    # given an offer id as every release since the first has written it
    token = OfferToken(
        slices=((101, 202), (303,)),
        cabin=CabinClass.BUSINESS,
        brand="BUSINESS_FLEX",
        passengers=PassengerCounts(2, 1, 1),
        total_minor=1234500,
        currency="EUR",
        expires_at=1800000000,
    )
    issued = (
        "1~101.202-303~BUSINESS~BUSINESS_FLEX~2.1.1~1234500~EUR~1800000000~x8-ryUGa7sZrcf2z2jm8Vw"
    )
    # then signing the same offer today gives the same id, and the id reads back
    assert sign_offer(token, SECRET) == issued
    assert read_offer(issued, SECRET) == token
