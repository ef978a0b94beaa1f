"""Offer ids: the priced itinerary in plain text, signed with HMAC-SHA256 so no one can alter it.

`1~<flights>~<cabin>~<brand>~<adults>.<children>.<infants>~<total>~<currency>~<expiry>~<mac>`
where `<flights>` lists flight ids per slice (`12.34-56`: slice one 12 then 34, slice two 56)
and `<expiry>` is a Unix time. The API wraps it in a Relay global id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from data.enums import CabinClass
from data.offers.errors import InvalidOfferId
from data.pricing.types import PassengerCounts

VERSION = "1"
_MAC_BYTES = 16
_MAX_LENGTH = 600


class OfferToken(NamedTuple):
    """What an offer id carries."""

    slices: tuple[tuple[int, ...], ...]
    cabin: CabinClass
    brand: str
    passengers: PassengerCounts
    total_minor: int
    currency: str
    expires_at: int

    @property
    def flight_ids(self) -> tuple[int, ...]:
        """Every flight of the itinerary, slice by slice."""
        return tuple(flight for piece in self.slices for flight in piece)


@lru_cache(maxsize=8)
def _keyed(secret: bytes) -> hmac.HMAC:
    """HMAC-SHA256 with the secret already mixed in: copying it skips the key set-up per id."""
    return hmac.new(secret, digestmod=hashlib.sha256)


def _mac(payload: str, secret: bytes) -> str:
    mac = _keyed(secret).copy()
    mac.update(payload.encode())
    return base64.urlsafe_b64encode(mac.digest()[:_MAC_BYTES]).rstrip(b"=").decode()


class OfferSigner:
    """Signs the offers of one search: the cabin, party, currency and expiry are the same for all
    of them, so only the flights, brand and total are written per id."""

    def __init__(
        self,
        secret: bytes,
        *,
        cabin: CabinClass,
        passengers: PassengerCounts,
        currency: str,
        expires_at: int,
    ) -> None:
        p = passengers
        self._secret = secret
        self._cabin = f"~{cabin.value}~"
        self._tail = f"~{p.adults}.{p.children}.{p.infants}~"
        self._end = f"~{currency}~{expires_at}"

    def sign(self, slices: Sequence[Sequence[int]], brand: str, total_minor: int) -> str:
        """The signed id of `brand` at `total_minor` on these flights (ids per slice)."""
        flights = "-".join([".".join(map(str, piece)) for piece in slices])
        payload = f"{VERSION}~{flights}{self._cabin}{brand}{self._tail}{total_minor}{self._end}"
        return f"{payload}~{_mac(payload, self._secret)}"


def sign_offer(token: OfferToken, secret: bytes) -> str:
    """The signed id of one offer (the API signs a page at a time with an `OfferSigner`)."""
    signer = OfferSigner(
        secret,
        cabin=token.cabin,
        passengers=token.passengers,
        currency=token.currency,
        expires_at=token.expires_at,
    )
    return signer.sign(token.slices, token.brand, token.total_minor)


def read_offer(offer_id: str, secret: bytes) -> OfferToken:
    """The token inside a signed offer id; raises `InvalidOfferId` unless we signed it."""
    if len(offer_id) > _MAX_LENGTH:
        raise InvalidOfferId()
    payload, _, mac = offer_id.rpartition("~")
    if not payload or not hmac.compare_digest(mac.encode(), _mac(payload, secret).encode()):
        raise InvalidOfferId()
    try:
        version, flights, cabin, brand, party, total, currency, expires = payload.split("~")
        if version != VERSION:
            raise ValueError(version)
        slices = tuple(tuple(int(f) for f in piece.split(".")) for piece in flights.split("-"))
        adults, children, infants = (int(n) for n in party.split("."))
        return OfferToken(
            slices=slices,
            cabin=CabinClass(cabin),
            brand=brand,
            passengers=PassengerCounts(adults, children, infants),
            total_minor=int(total),
            currency=currency,
            expires_at=int(expires),
        )
    except ValueError:
        raise InvalidOfferId() from None
