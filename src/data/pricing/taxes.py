"""Taxes and charges: their own line on every price, independent of load and date.

Rules (per passenger, per slice, in minor units):
- a passenger service charge of `PASSENGER_CHARGE_MINOR` once per slice;
- an airport departure charge for each segment, by distance band (`DEPARTURE_CHARGE_BANDS`);
- adults and children pay in full; an infant (on a lap) pays `INFANT_TAX_BP` of it, rounded half up.
Charging per slice keeps a return trip equal to the sum of its two one-way slices.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from data.enums import PassengerType

PASSENGER_CHARGE_MINOR: Final = 800
# (up to this many km, charge per departing passenger); the last band has no upper bound.
DEPARTURE_CHARGE_BANDS: Final[tuple[tuple[int, int], ...]] = (
    (1_500, 1_200),
    (4_000, 2_400),
)
LONG_HAUL_DEPARTURE_CHARGE_MINOR: Final = 4_800
INFANT_TAX_BP: Final = 2_500


def departure_charge_minor(distance_km: int) -> int:
    """The airport charge for one passenger departing on a segment of this length."""
    for up_to_km, charge in DEPARTURE_CHARGE_BANDS:
        if distance_km <= up_to_km:
            return charge
    return LONG_HAUL_DEPARTURE_CHARGE_MINOR


def slice_tax_minor(distances_km: Iterable[int]) -> int:
    """Taxes for one seated passenger on a slice made of segments of these lengths."""
    return PASSENGER_CHARGE_MINOR + sum(departure_charge_minor(d) for d in distances_km)


def passenger_tax_minor(seated_tax_minor: int, passenger_type: PassengerType) -> int:
    """A passenger type's share of the seated passenger's taxes."""
    if passenger_type is PassengerType.INFANT:
        return infant_tax_minor(seated_tax_minor)
    return seated_tax_minor


def infant_tax_minor(seated_tax_minor: int) -> int:
    """An infant's reduced taxes, rounded half up."""
    return (seated_tax_minor * INFANT_TAX_BP * 2 + 10_000) // 20_000
