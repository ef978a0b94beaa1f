"""Enumerations of the schema: the data layer's own enums, registered once with Strawberry."""

from __future__ import annotations

import strawberry

from data.enums import CabinClass, PassengerType
from data.search.query import OfferSort

strawberry.enum(CabinClass, description="A cabin of the aircraft.")
strawberry.enum(
    PassengerType, description="Adult (12+), child (2-11) or infant (under 2, on a lap)."
)
strawberry.enum(OfferSort, description="How search results are ordered.")

__all__ = ["CabinClass", "OfferSort", "PassengerType"]
