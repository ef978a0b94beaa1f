"""Value types of the price model: what goes into a price and what comes out.

Inputs are tuples (cheap to build for hundreds of candidate itineraries per search); the result
is a frozen `PriceBreakdown` whose totals add up by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Protocol

from data.enums import CabinClass, PassengerType


class SegmentInput(NamedTuple):
    """One flight of an itinerary as pricing sees it: distance, cabin inventory, days left."""

    distance_km: int
    cabin: CabinClass
    capacity: int
    sold: int
    held: int
    days_to_departure: int


class BrandInput(Protocol):
    """What pricing needs of a fare brand; a `FareBrand` row satisfies it."""

    @property
    def cabin(self) -> str: ...

    @property
    def multiplier_bp(self) -> int: ...


class Brand(NamedTuple):
    """A plain `BrandInput` for callers (and tests) without a `FareBrand` row at hand."""

    cabin: CabinClass
    multiplier_bp: int = 10_000


class Bucket(NamedTuple):
    """A booking class: open while the cabin's load is under `closes_at_load_bp` and
    at least `closes_under_days` days remain; its fare is the base times `multiplier_bp`."""

    code: str
    closes_at_load_bp: int
    closes_under_days: int
    multiplier_bp: int


@dataclass(frozen=True, slots=True)
class PassengerCounts:
    """Who travels: at least one adult; each infant sits on an adult's lap."""

    adults: int = 1
    children: int = 0
    infants: int = 0

    def __post_init__(self) -> None:
        if self.adults < 1 or self.children < 0 or self.infants < 0:
            raise ValueError("at least one adult, and no negative counts")
        if self.infants > self.adults:
            raise ValueError("each infant needs an adult's lap")

    @property
    def seated(self) -> int:
        """Passengers who occupy a seat (infants do not)."""
        return self.adults + self.children


class PassengerLine(NamedTuple):
    """The whole itinerary's price for the passengers of one type."""

    passenger_type: PassengerType
    quantity: int
    unit_base_minor: int
    unit_tax_minor: int

    @property
    def base_minor(self) -> int:
        """Fares of all passengers of this type."""
        return self.quantity * self.unit_base_minor

    @property
    def tax_minor(self) -> int:
        """Taxes of all passengers of this type."""
        return self.quantity * self.unit_tax_minor

    @property
    def total_minor(self) -> int:
        """Fares plus taxes of all passengers of this type."""
        return self.quantity * (self.unit_base_minor + self.unit_tax_minor)


class SliceLine(NamedTuple):
    """One slice (origin to destination) for all passengers, with its segments' booking classes."""

    base_minor: int
    tax_minor: int
    fare_classes: tuple[str, ...]
    seats_remaining: int

    @property
    def total_minor(self) -> int:
        """Fares plus taxes of this slice."""
        return self.base_minor + self.tax_minor


@dataclass(frozen=True, slots=True)
class PriceBreakdown:
    """An itinerary's price: `total_minor == base_minor + tax_minor`, and both the passenger
    lines and the slice lines sum to those figures. `seats_remaining` is the fewest seats
    bookable at this price on any segment (below the seated party size: not bookable)."""

    currency: str
    base_minor: int
    tax_minor: int
    total_minor: int
    passengers: tuple[PassengerLine, ...]
    slices: tuple[SliceLine, ...]
    seats_remaining: int
