"""Booking tables: booking, its segments, passengers, tickets and seat assignments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Field, SQLModel

from data.base import enum_check, utc_column
from data.enums import BookingStatus, CabinClass, PassengerType


class Booking(SQLModel, table=True):
    """A reservation: HELD until paid by `payment_due_by`, then CONFIRMED, or CANCELLED/EXPIRED."""

    __tablename__ = "booking"
    __table_args__ = (
        enum_check("status", BookingStatus),
        enum_check("cabin", CabinClass),
        sa.CheckConstraint("reference ~ '^[A-Z0-9]{6}$'", name="reference_format"),
        sa.CheckConstraint("total_minor = base_minor + tax_minor", name="total_is_sum"),
        sa.CheckConstraint("base_minor >= 0 AND tax_minor >= 0", name="amounts_non_negative"),
        sa.CheckConstraint(
            "status <> 'HELD' OR payment_due_by IS NOT NULL", name="held_has_deadline"
        ),
        sa.Index("ix_booking_status_due", "status", "payment_due_by"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    reference: str = Field(sa_column=sa.Column(sa.String(6), nullable=False, unique=True))
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    contact_email: str
    contact_phone: str | None = None
    fare_brand_id: int = Field(foreign_key="fare_brand.id")
    cabin: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    currency: str = Field(sa_column=sa.Column(sa.String(3), nullable=False))
    base_minor: int
    tax_minor: int
    total_minor: int
    offer_snapshot: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(pg.JSONB, nullable=False)
    )
    created_at: datetime = utc_column(default_now=True, index=True)
    payment_due_by: datetime | None = utc_column(nullable=True)
    confirmed_at: datetime | None = utc_column(nullable=True)
    cancelled_at: datetime | None = utc_column(nullable=True)


class BookingSegment(SQLModel, table=True):
    """One flight of a booking, in slice and segment order."""

    __tablename__ = "booking_segment"
    __table_args__ = (
        enum_check("cabin", CabinClass),
        sa.UniqueConstraint("booking_id", "flight_id"),
        sa.UniqueConstraint("booking_id", "slice_index", "segment_index"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    booking_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("booking.id", ondelete="CASCADE"), nullable=False
        )
    )
    flight_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("flight.id"), nullable=False, index=True)
    )
    cabin: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    slice_index: int
    segment_index: int


class Passenger(SQLModel, table=True):
    """A traveller on a booking."""

    __tablename__ = "passenger"
    __table_args__ = (
        enum_check("type", PassengerType),
        sa.UniqueConstraint("booking_id", "position"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    booking_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("booking.id", ondelete="CASCADE"), nullable=False
        )
    )
    position: int
    type: str = Field(sa_column=sa.Column(sa.String(8), nullable=False))
    given_name: str
    family_name: str
    born_on: date
    nationality: str | None = Field(default=None, sa_column=sa.Column(sa.String(2)))


class Ticket(SQLModel, table=True):
    """An e-ticket issued to a passenger when the booking is confirmed."""

    __tablename__ = "ticket"
    __table_args__ = (sa.CheckConstraint("number ~ '^[0-9]{13}$'", name="number_format"),)

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    passenger_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger,
            sa.ForeignKey("passenger.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        )
    )
    number: str = Field(sa_column=sa.Column(sa.String(13), nullable=False, unique=True))
    issued_at: datetime = utc_column(default_now=True)


class SeatAssignment(SQLModel, table=True):
    """A seat taken by a passenger on one flight; a seat is never given twice on a flight."""

    __tablename__ = "seat_assignment"
    __table_args__ = (
        sa.UniqueConstraint("flight_id", "seat"),
        sa.UniqueConstraint("passenger_id", "flight_id"),
        sa.CheckConstraint("seat ~ '^[0-9]{1,2}[A-K]$'", name="seat_format"),
        sa.CheckConstraint("price_minor >= 0", name="price_non_negative"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    booking_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("booking.id", ondelete="CASCADE"), nullable=False
        )
    )
    passenger_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("passenger.id", ondelete="CASCADE"), nullable=False
        )
    )
    flight_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("flight.id"), nullable=False)
    )
    seat: str = Field(sa_column=sa.Column(sa.String(3), nullable=False))
    price_minor: int = 0
