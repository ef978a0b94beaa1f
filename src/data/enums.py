"""Enumerations shared across domains (values are stored as text)."""

from __future__ import annotations

import enum


class CabinClass(enum.StrEnum):
    ECONOMY = "ECONOMY"
    PREMIUM_ECONOMY = "PREMIUM_ECONOMY"
    BUSINESS = "BUSINESS"
    FIRST = "FIRST"


class PassengerType(enum.StrEnum):
    ADULT = "ADULT"
    CHILD = "CHILD"
    INFANT = "INFANT"


class BookingStatus(enum.StrEnum):
    HELD = "HELD"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


class Role(enum.StrEnum):
    CUSTOMER = "CUSTOMER"
    STAFF = "STAFF"
    ADMIN = "ADMIN"


class PaymentStatus(enum.StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    REFUNDED = "REFUNDED"
    CANCELLED = "CANCELLED"


CABIN_ORDER: tuple[CabinClass, ...] = (
    CabinClass.FIRST,
    CabinClass.BUSINESS,
    CabinClass.PREMIUM_ECONOMY,
    CabinClass.ECONOMY,
)
