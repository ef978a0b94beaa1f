"""The fare-brand catalogue: what each cabin sells, its conditions and its price multiplier.

The seed loads these rows into `fare_brand` (ids follow this order); pricing reads them here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.enums import CabinClass

CHANGE_FEE_CURRENCY = "EUR"
"""Currency of every `change_fee_minor` in the catalogue."""


@dataclass(frozen=True, slots=True)
class FareBrandSpec:
    """One fare brand (a `fare_brand` row); `multiplier_bp` scales the base fare (10,000 = 1x)."""

    code: str
    name: str
    cabin: CabinClass
    rank: int
    refundable: bool
    changeable: bool
    change_fee_minor: int | None
    checked_bags: int
    seat_selection_included: bool
    multiplier_bp: int


FARE_BRANDS: tuple[FareBrandSpec, ...] = (
    FareBrandSpec(
        "ECONOMY_LIGHT", "Economy Light", CabinClass.ECONOMY, 1,
        refundable=False, changeable=False, change_fee_minor=None, checked_bags=0,
        seat_selection_included=False, multiplier_bp=10_000,
    ),
    FareBrandSpec(
        "ECONOMY_CLASSIC", "Economy Classic", CabinClass.ECONOMY, 2,
        refundable=False, changeable=True, change_fee_minor=7_000, checked_bags=1,
        seat_selection_included=False, multiplier_bp=12_500,
    ),
    FareBrandSpec(
        "ECONOMY_FLEX", "Economy Flex", CabinClass.ECONOMY, 3,
        refundable=True, changeable=True, change_fee_minor=0, checked_bags=1,
        seat_selection_included=True, multiplier_bp=17_000,
    ),
    FareBrandSpec(
        "PREMIUM_ECONOMY_CLASSIC", "Premium Economy Classic", CabinClass.PREMIUM_ECONOMY, 1,
        refundable=False, changeable=True, change_fee_minor=10_000, checked_bags=2,
        seat_selection_included=True, multiplier_bp=10_000,
    ),
    FareBrandSpec(
        "PREMIUM_ECONOMY_FLEX", "Premium Economy Flex", CabinClass.PREMIUM_ECONOMY, 2,
        refundable=True, changeable=True, change_fee_minor=0, checked_bags=2,
        seat_selection_included=True, multiplier_bp=13_500,
    ),
    FareBrandSpec(
        "BUSINESS_CLASSIC", "Business Classic", CabinClass.BUSINESS, 1,
        refundable=False, changeable=True, change_fee_minor=15_000, checked_bags=2,
        seat_selection_included=True, multiplier_bp=10_000,
    ),
    FareBrandSpec(
        "BUSINESS_FLEX", "Business Flex", CabinClass.BUSINESS, 2,
        refundable=True, changeable=True, change_fee_minor=0, checked_bags=2,
        seat_selection_included=True, multiplier_bp=13_000,
    ),
    FareBrandSpec(
        "FIRST", "First", CabinClass.FIRST, 1,
        refundable=True, changeable=True, change_fee_minor=0, checked_bags=3,
        seat_selection_included=True, multiplier_bp=10_000,
    ),
)  # fmt: skip
"""The catalogue, cabin by cabin, cheapest and least flexible brand first (rank 1)."""


def brands_for(cabin: CabinClass) -> tuple[FareBrandSpec, ...]:
    """The brands sold in `cabin`, by rank."""
    return tuple(sorted((b for b in FARE_BRANDS if b.cabin == cabin), key=lambda b: b.rank))
