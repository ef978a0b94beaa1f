"""Fares: distance curve x cabin factor x open booking class x brand, never below a floor.

Rules (integer minor units throughout; every division rounds half up, explicitly):
1. Distance curve: `DISTANCE_FIXED_MINOR` plus a per-km rate that tapers by band (`DISTANCE_BANDS`),
   times the cabin factor (`CABIN_FACTOR_BP`: economy < premium economy < business < first).
2. Booking class: the open bucket of the cabin's ladder (`data.pricing.buckets`) for the party.
3. Adult segment fare = curve x cabin x bucket x brand multiplier, rounded to whole units
   (`PRICE_STEP_MINOR`), and never below the floor: `FLOOR_BP` of curve x cabin.
4. A child pays `CHILD_BP`, an infant (on a lap, no seat) `INFANT_BP` of the adult segment fare.
5. A slice costs the sum of its segments plus its taxes (`data.pricing.taxes`); an itinerary is the
   sum of its slices, each priced on its own (a return = outbound + inbound).
Nothing here reads a clock or a database: the same inputs always give the same price.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import Final, NamedTuple

from data.enums import CabinClass, PassengerType
from data.pricing.buckets import price_bucket
from data.pricing.taxes import (
    PASSENGER_CHARGE_MINOR,
    departure_charge_minor,
    infant_tax_minor,
    slice_tax_minor,
)
from data.pricing.types import (
    BrandInput,
    Bucket,
    PassengerCounts,
    PassengerLine,
    PriceBreakdown,
    SegmentInput,
    SliceLine,
)

BP: Final = 10_000
PRICE_STEP_MINOR: Final = 100
DISTANCE_FIXED_MINOR: Final = 3_000
# (up to this many km, minor units per km within the band); beyond the last band: BEYOND_RATE.
DISTANCE_BANDS: Final[tuple[tuple[int, int], ...]] = ((800, 10), (3_000, 6), (8_000, 4))
BEYOND_RATE_MINOR_PER_KM: Final = 3
CABIN_FACTOR_BP: Final[dict[str, int]] = {
    CabinClass.ECONOMY: 10_000,
    CabinClass.PREMIUM_ECONOMY: 17_000,
    CabinClass.BUSINESS: 38_000,
    CabinClass.FIRST: 65_000,
}
FLOOR_BP: Final = 5_000
CHILD_BP: Final = 7_500
INFANT_BP: Final = 1_000


def distance_fare_minor(distance_km: int) -> int:
    """The distance curve: fixed part plus a per-km rate that tapers with distance."""
    if distance_km < 0:
        raise ValueError("distance_km must not be negative")
    total, start = DISTANCE_FIXED_MINOR, 0
    for up_to_km, rate in DISTANCE_BANDS:
        if distance_km <= up_to_km:
            return total + (distance_km - start) * rate
        total += (up_to_km - start) * rate
        start = up_to_km
    return total + (distance_km - start) * BEYOND_RATE_MINOR_PER_KM


def fare_floor_minor(*, distance_km: int, cabin: CabinClass) -> int:
    """The lowest adult fare a segment of this length and cabin may sell for."""
    return _floor(distance_fare_minor(distance_km) * CABIN_FACTOR_BP[cabin])


def days_to_departure(*, departure_at: datetime, now: datetime) -> int:
    """Whole days left before departure (0 on the day or after); both instants timezone-aware."""
    return max(0, (departure_at - now).days)


SECONDS_PER_DAY: Final = 86_400


def pricing_second(now: datetime) -> int:
    """`now` as Unix seconds, rounded up: whole days counted from it to a departure at a whole
    second (`days_left`) equal `days_to_departure` counted from `now` itself."""
    whole = int(now.timestamp())
    return whole + 1 if now.microsecond else whole


def days_left(departs: int, now_second: int) -> int:
    """`days_to_departure` for a departure at Unix second `departs`, from `pricing_second(now)`."""
    return max(0, (departs - now_second) // SECONDS_PER_DAY)


def segment_fare_minor(*, segment: SegmentInput, multiplier_bp: int, seats: int = 1) -> int:
    """One adult's fare on one segment for a party needing `seats` seats."""
    return _price_segment(segment, multiplier_bp, seats)[0]


def passenger_fare_minor(adult_fare_minor: int, passenger_type: PassengerType) -> int:
    """A passenger type's share of the adult fare, rounded half up."""
    if passenger_type is PassengerType.CHILD:
        return _share(adult_fare_minor, CHILD_BP)
    if passenger_type is PassengerType.INFANT:
        return _share(adult_fare_minor, INFANT_BP)
    return adult_fare_minor


def price_itinerary(
    *,
    slices: Sequence[Sequence[SegmentInput]],
    brand: BrandInput,
    passengers: PassengerCounts,
    currency: str = "EUR",
) -> PriceBreakdown:
    """Price an itinerary slice by slice for a brand and a party, taxes on their own line."""
    if not slices:
        raise ValueError("an itinerary needs at least one slice")
    adults, children, infants = passengers.adults, passengers.children, passengers.infants
    seats = adults + children
    cabin, brand_bp = brand.cabin, brand.multiplier_bp
    adult_base = child_base = infant_base = seated_tax = infant_tax = 0
    base_minor = tax_minor = 0
    seats_remaining = -1
    slice_lines: list[SliceLine] = []
    for segments in slices:
        if not segments:
            raise ValueError("a slice needs at least one segment")
        adult = child = infant = 0
        tax = PASSENGER_CHARGE_MINOR
        classes: list[str] = []
        seats_left = -1
        for segment in segments:
            if segment.cabin != cabin:
                raise ValueError(f"segment cabin {segment.cabin} differs from the brand's {cabin}")
            fare, code, left = _price_segment(segment, brand_bp, seats)
            adult += fare
            child += _share(fare, CHILD_BP)
            infant += _share(fare, INFANT_BP)
            tax += departure_charge_minor(segment.distance_km)
            classes.append(code)
            if seats_left < 0 or left < seats_left:
                seats_left = left
        lap_tax = infant_tax_minor(tax)
        slice_base = adults * adult + children * child + infants * infant
        slice_tax = seats * tax + infants * lap_tax
        slice_lines.append(SliceLine(slice_base, slice_tax, tuple(classes), seats_left))
        base_minor += slice_base
        tax_minor += slice_tax
        if seats_remaining < 0 or seats_left < seats_remaining:
            seats_remaining = seats_left
        adult_base += adult
        child_base += child
        infant_base += infant
        seated_tax += tax
        infant_tax += lap_tax
    lines = [PassengerLine(PassengerType.ADULT, adults, adult_base, seated_tax)]
    if children:
        lines.append(PassengerLine(PassengerType.CHILD, children, child_base, seated_tax))
    if infants:
        lines.append(PassengerLine(PassengerType.INFANT, infants, infant_base, infant_tax))
    return PriceBreakdown(
        currency=currency,
        base_minor=base_minor,
        tax_minor=tax_minor,
        total_minor=base_minor + tax_minor,
        passengers=tuple(lines),
        slices=tuple(slice_lines),
        seats_remaining=seats_remaining,
    )


def lowest_fare_minor(
    *, segments: Sequence[SegmentInput], brands: Iterable[BrandInput]
) -> int | None:
    """One adult's total (fare + taxes) on one slice in its cheapest brand of the segments' cabin;
    None when no brand of that cabin is given or a segment has no seat left."""
    if not segments:
        raise ValueError("a slice needs at least one segment")
    cabin = segments[0].cabin
    multiplier_bp = min((b.multiplier_bp for b in brands if b.cabin == cabin), default=None)
    if multiplier_bp is None:
        return None
    total = 0
    for segment in segments:
        if segment.cabin != cabin:
            raise ValueError("all segments of a slice must share a cabin")
        fare, _, left = _price_segment(segment, multiplier_bp, 1)
        if left < 1:
            return None
        total += fare
    return total + slice_tax_minor(segment.distance_km for segment in segments)


def _price_segment(segment: SegmentInput, multiplier_bp: int, seats: int) -> tuple[int, str, int]:
    """(adult fare, booking class, seats left at that price) for one segment."""
    if multiplier_bp <= 0:
        raise ValueError("a brand multiplier must be positive")
    bucket, left, curve_cabin = _segment_basis(segment, seats)
    return _brand_fare(curve_cabin, bucket.multiplier_bp, multiplier_bp), bucket.code, left


def _segment_basis(segment: SegmentInput, seats: int) -> tuple[Bucket, int, int]:
    """What every brand's fare on a segment shares: (booking class, seats left at that price,
    distance curve × cabin factor)."""
    bucket, left = price_bucket(
        segment.cabin,
        segment.capacity,
        segment.sold,
        segment.held,
        segment.days_to_departure,
        seats,
    )
    return bucket, left, _route_basis(segment.distance_km, segment.cabin)[0]


@cache
def _route_basis(distance_km: int, cabin: str) -> tuple[int, int, int]:
    """(distance curve × cabin factor, fare floor, departure charge) of a segment: they depend on
    its length and cabin alone, so each is worked out once per process."""
    curve_cabin = distance_fare_minor(distance_km) * CABIN_FACTOR_BP[cabin]
    return curve_cabin, _floor(curve_cabin), departure_charge_minor(distance_km)


def _brand_fare(curve_cabin: int, bucket_bp: int, multiplier_bp: int) -> int:
    fare = _round_to_step(curve_cabin * bucket_bp * multiplier_bp, _BRAND_SCALE)
    return max(fare, _floor(curve_cabin))


def _floor(curve_cabin: int) -> int:
    return _round_to_step(curve_cabin * FLOOR_BP, BP * BP)


def _share(amount_minor: int, share_bp: int) -> int:
    return (amount_minor * share_bp * 2 + BP) // (2 * BP)


def _round_to_step(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up to a whole `PRICE_STEP_MINOR`."""
    step = denominator * PRICE_STEP_MINOR
    return (numerator * 2 + step) // (2 * step) * PRICE_STEP_MINOR


_BRAND_SCALE: Final = BP * BP * BP
"""curve × cabin factor × bucket × brand multiplier, over this, is a fare in minor units."""
_BRAND_STEP: Final = _BRAND_SCALE * PRICE_STEP_MINOR


class SegmentQuote(NamedTuple):
    """What one segment adds to a slice's price for a party, in every brand of its cabin."""

    party_fares: tuple[int, ...]
    """Per brand (in the order given), the whole party's fares on this segment."""
    charge: int
    """The departure charge per seated passenger."""
    seats_left: int
    """Seats left at this price."""


def quote_segment(
    segment: SegmentInput, brands: Sequence[BrandInput], passengers: PassengerCounts
) -> SegmentQuote:
    """One segment priced for a party in every brand at once: the brands share its booking
    class, distance curve and floor. A search quotes each flight once, however many itineraries
    use it.
    """
    adults, children, infants = passengers.adults, passengers.children, passengers.infants
    cabin = segment.cabin
    bucket, left = price_bucket(
        cabin,
        segment.capacity,
        segment.sold,
        segment.held,
        segment.days_to_departure,
        adults + children,
    )
    curve_cabin, floor, charge = _route_basis(segment.distance_km, cabin)
    doubled = curve_cabin * bucket.multiplier_bp * 2
    fares: list[int] = []
    for brand in brands:
        multiplier_bp = brand.multiplier_bp
        if brand.cabin != cabin:
            raise ValueError(f"segment cabin {cabin} differs from the brand's {brand.cabin}")
        if multiplier_bp <= 0:
            raise ValueError("a brand multiplier must be positive")
        # _brand_fare, unrolled: this runs for every flight and brand of every search
        fare = (doubled * multiplier_bp + _BRAND_STEP) // (2 * _BRAND_STEP) * PRICE_STEP_MINOR
        if fare < floor:
            fare = floor
        party = adults * fare
        if children:
            party += children * _share(fare, CHILD_BP)
        if infants:
            party += infants * _share(fare, INFANT_BP)
        fares.append(party)
    return SegmentQuote(tuple(fares), charge, left)


def quoted_slice_totals(
    quotes: Sequence[SegmentQuote], passengers: PassengerCounts
) -> list[tuple[int, int, int, int]] | None:
    """Per brand, the party's (base, tax, total, seats left) for the slice flying the quoted
    segments in order; None when a segment has fewer seats left than the party needs.

    Fares add up segment by segment (each passenger type's share is rounded per segment, as in
    `price_itinerary`); taxes are summed first and the infants' share rounded once per slice.
    """
    if not quotes:
        raise ValueError("a slice needs at least one segment")
    first = quotes[0]
    left, charges = first.seats_left, first.charge
    bases: Sequence[int] = first.party_fares
    for quote in quotes[1:]:
        if quote.seats_left < left:
            left = quote.seats_left
        charges += quote.charge
        bases = [base + fare for base, fare in zip(bases, quote.party_fares, strict=True)]
    seats = passengers.adults + passengers.children
    if left < seats:
        return None
    tax = PASSENGER_CHARGE_MINOR + charges
    slice_tax = seats * tax + passengers.infants * infant_tax_minor(tax)
    return [(base, slice_tax, base + slice_tax, left) for base in bases]
