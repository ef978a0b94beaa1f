"""seatMap as a service: one statement reads the flight's cabin layout, inventory and seats taken.

- The layout is the `cabin_layout` of the flight's aircraft type; an aircraft without the cabin
  (or a flight that does not sell it) has no map: None, not an error.
- Taken seats: see `data.seatmap.occupancy` (assignments plus stand-ins for seats sold without
  one), so the map never offers more seats than inventory can sell.
- Once the flight's sales have closed (`data.offers.sales`), no seat can be chosen: every seat
  shows as taken.
- Prices are those of the cabin's brands that do not include seat selection (0 when every brand
  of the cabin includes it, and in business and first): a brand that includes it pays nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from data.db import Database
from data.enums import CabinClass
from data.offers.sales import on_sale
from data.pricing.catalog import brands_for
from data.search.query import echo
from data.seatmap.errors import SeatMapError, SeatMapErrorCode
from data.seatmap.layout import SeatRow, seat_rows
from data.seatmap.occupancy import occupied_seats, seat_designators

SEAT_MAP_SQL = """
SELECT l.first_row, l.last_row, l.seat_letters, l.exit_rows, l.extra_legroom_rows,
    i.sold, i.held, extract(epoch FROM f.departure_at)::bigint AS departs,
    ARRAY(SELECT a.seat FROM seat_assignment a WHERE a.flight_id = f.id) AS assigned
FROM flight f
LEFT JOIN cabin_layout l ON l.aircraft_type_id = f.aircraft_type_id AND l.cabin = $2
LEFT JOIN flight_inventory i ON i.flight_id = f.id AND i.cabin = $2
WHERE f.id = $1
"""


@dataclass(frozen=True, slots=True)
class SeatMap:
    """The seats of one cabin of one flight, row by row; seat prices in `currency`."""

    flight_id: int
    cabin: CabinClass
    currency: str
    rows: tuple[SeatRow, ...]

    @property
    def available(self) -> int:
        """Seats a passenger could pick now."""
        return sum(seat.available for row in self.rows for seat in row.seats)


async def seat_map(
    *,
    flight_id: int,
    cabin: CabinClass = CabinClass.ECONOMY,
    fare_brand: str | None = None,
    db: Database,
    currency: str,
    now: datetime,
) -> SeatMap | None:
    """The cabin's seat map, or None when the flight's aircraft has no such cabin. Seats are
    priced for `fare_brand` (a brand code of the cabin) when given: free when it includes seat
    selection; without one, free only when every brand of the cabin includes it.

    Raises `SeatMapError`: FLIGHT_NOT_FOUND when there is no such flight, INVALID_FARE_BRAND
    when the brand is not one of the cabin's.
    """
    brands = brands_for(cabin)
    chosen = [brand for brand in brands if brand.code == fare_brand]
    if fare_brand is not None and not chosen:
        raise SeatMapError(
            SeatMapErrorCode.INVALID_FARE_BRAND,
            f"“{echo(fare_brand)}” is not a fare brand of the {cabin.value.lower()} cabin.",
            "fareBrand",
        )
    included = all(brand.seat_selection_included for brand in chosen or brands)
    row = await db.pool.fetchrow(SEAT_MAP_SQL, flight_id, cabin.value)
    if row is None:
        raise SeatMapError(
            SeatMapErrorCode.FLIGHT_NOT_FOUND, f"No flight with id {flight_id}.", "flightId"
        )
    first_row, last_row, letters, exit_rows, legroom_rows, sold, held, departs, assigned = row
    if first_row is None or sold is None:
        return None
    seats = seat_designators(first_row=first_row, last_row=last_row, seat_letters=letters)
    if on_sale(departs, now.timestamp()):
        taken = occupied_seats(
            seats=seats, assigned=assigned, sold=sold, held=held, seed=f"{flight_id}:{cabin.value}"
        )
    else:
        taken = frozenset(seats)
    rows = seat_rows(
        cabin=cabin,
        first_row=first_row,
        last_row=last_row,
        seat_letters=letters,
        exit_rows=exit_rows,
        extra_legroom_rows=legroom_rows,
        seat_selection_included=included,
        taken=taken,
    )
    return SeatMap(flight_id=flight_id, cabin=cabin, currency=currency, rows=rows)
