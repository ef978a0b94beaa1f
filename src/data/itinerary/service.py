"""Load one booking with everything an email, an e-ticket or a manage-booking page shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from data.booking.models import Booking, BookingSegment, Passenger, SeatAssignment, Ticket
from data.enums import PaymentStatus
from data.payments.models import Payment
from data.pricing.models import FareBrand
from data.reference.models import AircraftType, Airline, Airport
from data.schedule.models import Flight
from data.zones import zone

_Ts = TypeVarTuple("_Ts")


@dataclass(frozen=True)
class Place:
    """An airport as printed on an itinerary."""

    iata_code: str
    name: str
    city: str
    time_zone: str


@dataclass(frozen=True)
class FlightLeg:
    """One flight of the booking; times are aware datetimes in each airport's own zone."""

    slice_index: int
    segment_index: int
    designator: str
    airline_name: str
    aircraft_name: str
    cabin: str
    origin: Place
    destination: Place
    departs_at: datetime
    arrives_at: datetime

    @property
    def duration_minutes(self) -> int:
        """Block time in minutes."""
        return int((self.arrives_at - self.departs_at).total_seconds() // 60)


@dataclass(frozen=True)
class Traveller:
    """A passenger with their e-ticket number (once issued) and seats by flight designator."""

    position: int
    type: str
    given_name: str
    family_name: str
    ticket_number: str | None
    seats: tuple[tuple[str, str], ...]

    @property
    def full_name(self) -> str:
        """Name as on the ticket: FAMILY/Given."""
        return f"{self.family_name.upper()}/{self.given_name}"


@dataclass(frozen=True)
class PaymentLine:
    """One payment attempt."""

    provider: str
    status: str
    amount_minor: int
    refunded_minor: int
    currency: str


@dataclass(frozen=True)
class Itinerary:
    """A booking read for display; amounts in minor units of `currency`."""

    booking_id: int
    reference: str
    status: str
    contact_email: str
    cabin: str
    fare_brand: str
    currency: str
    base_minor: int
    tax_minor: int
    total_minor: int
    created_at: datetime
    payment_due_by: datetime | None
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    flights: tuple[FlightLeg, ...]
    travellers: tuple[Traveller, ...]
    payments: tuple[PaymentLine, ...]

    @property
    def home_zone(self) -> ZoneInfo:
        """The zone of the first departure: deadlines are shown there."""
        return zone(self.flights[0].origin.time_zone) if self.flights else zone("UTC")

    @property
    def refunded_minor(self) -> int:
        """Money returned so far."""
        return sum(p.refunded_minor for p in self.payments)

    @property
    def paid_minor(self) -> int:
        """Money taken, before refunds."""
        taken = {PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED}
        return sum(p.amount_minor for p in self.payments if p.status in taken)


def _at(instant: datetime, name: str) -> datetime:
    return instant.astimezone(zone(name))


async def _rows(session: AsyncSession, statement: sa.Select[*_Ts]) -> Sequence[sa.Row[*_Ts]]:
    connection = await session.connection()
    result = await connection.execute(statement)
    return result.all()


async def _flights(session: AsyncSession, booking_id: int) -> tuple[FlightLeg, ...]:
    origin, destination = aliased(Airport), aliased(Airport)
    statement: sa.Select[*tuple[Any, ...]] = (
        sa.select(
            col(BookingSegment.slice_index),
            col(BookingSegment.segment_index),
            col(BookingSegment.cabin),
            col(Airline.iata_code).label("carrier"),
            col(Airline.name).label("airline"),
            col(Flight.flight_number),
            col(AircraftType.name).label("aircraft"),
            col(Flight.departure_at),
            col(Flight.arrival_at),
            *(col(getattr(origin, f)).label(f"from_{f}") for f in _PLACE_FIELDS),
            *(col(getattr(destination, f)).label(f"to_{f}") for f in _PLACE_FIELDS),
        )
        .join(Flight, col(Flight.id) == col(BookingSegment.flight_id))
        .join(Airline, col(Airline.id) == col(Flight.airline_id))
        .join(AircraftType, col(AircraftType.id) == col(Flight.aircraft_type_id))
        .join(origin, col(origin.id) == col(Flight.origin_id))
        .join(destination, col(destination.id) == col(Flight.destination_id))
        .where(col(BookingSegment.booking_id) == booking_id)
        .order_by(col(BookingSegment.slice_index), col(BookingSegment.segment_index))
    )
    legs = []
    for row in await _rows(session, statement):
        start = Place(*(getattr(row, f"from_{f}") for f in _PLACE_FIELDS))
        end = Place(*(getattr(row, f"to_{f}") for f in _PLACE_FIELDS))
        legs.append(
            FlightLeg(
                slice_index=row.slice_index,
                segment_index=row.segment_index,
                designator=f"{row.carrier}{row.flight_number}",
                airline_name=row.airline,
                aircraft_name=row.aircraft,
                cabin=row.cabin,
                origin=start,
                destination=end,
                departs_at=_at(row.departure_at, start.time_zone),
                arrives_at=_at(row.arrival_at, end.time_zone),
            )
        )
    return tuple(legs)


async def _seats(session: AsyncSession, booking_id: int) -> dict[int, list[tuple[str, str]]]:
    statement = (
        sa.select(
            col(SeatAssignment.passenger_id),
            col(Airline.iata_code),
            col(Flight.flight_number),
            col(SeatAssignment.seat),
        )
        .join(Flight, col(Flight.id) == col(SeatAssignment.flight_id))
        .join(Airline, col(Airline.id) == col(Flight.airline_id))
        .where(col(SeatAssignment.booking_id) == booking_id)
        .order_by(col(Flight.departure_at))
    )
    seats: dict[int, list[tuple[str, str]]] = {}
    for passenger_id, carrier, number, seat in await _rows(session, statement):
        seats.setdefault(passenger_id, []).append((f"{carrier}{number}", seat))
    return seats


async def _travellers(session: AsyncSession, booking_id: int) -> tuple[Traveller, ...]:
    seats = await _seats(session, booking_id)
    statement = (
        sa.select(
            col(Passenger.id),
            col(Passenger.position),
            col(Passenger.type),
            col(Passenger.given_name),
            col(Passenger.family_name),
            col(Ticket.number),
        )
        .outerjoin(Ticket, col(Ticket.passenger_id) == col(Passenger.id))
        .where(col(Passenger.booking_id) == booking_id)
        .order_by(col(Passenger.position))
    )
    return tuple(
        Traveller(
            position=position,
            type=kind,
            given_name=given_name,
            family_name=family_name,
            ticket_number=ticket_number,
            seats=tuple(seats.get(passenger_id or 0, ())),
        )
        for passenger_id, position, kind, given_name, family_name, ticket_number in await _rows(
            session, statement
        )
    )


async def _payments(session: AsyncSession, booking_id: int) -> tuple[PaymentLine, ...]:
    statement = (
        sa.select(
            col(Payment.provider),
            col(Payment.status),
            col(Payment.amount_minor),
            col(Payment.refunded_minor),
            col(Payment.currency),
        )
        .where(col(Payment.booking_id) == booking_id)
        .order_by(col(Payment.created_at), col(Payment.id))
    )
    return tuple(
        PaymentLine(provider, status, amount, refunded, currency)
        for provider, status, amount, refunded, currency in await _rows(session, statement)
    )


async def load_itinerary(session: AsyncSession, *, booking_id: int) -> Itinerary | None:
    """The booking with its flights, travellers and payments, or None when it does not exist."""
    statement = (
        select(Booking, col(FareBrand.name))
        .join(FareBrand, col(FareBrand.id) == col(Booking.fare_brand_id))
        .where(col(Booking.id) == booking_id)
    )
    found = (await session.exec(statement)).first()
    if found is None:
        return None
    booking, brand = found
    return Itinerary(
        booking_id=booking_id,
        reference=booking.reference,
        status=booking.status,
        contact_email=booking.contact_email,
        cabin=booking.cabin,
        fare_brand=brand,
        currency=booking.currency,
        base_minor=booking.base_minor,
        tax_minor=booking.tax_minor,
        total_minor=booking.total_minor,
        created_at=booking.created_at,
        payment_due_by=booking.payment_due_by,
        confirmed_at=booking.confirmed_at,
        cancelled_at=booking.cancelled_at,
        flights=await _flights(session, booking_id),
        travellers=await _travellers(session, booking_id),
        payments=await _payments(session, booking_id),
    )


_PLACE_FIELDS = ("iata_code", "name", "city", "time_zone")
