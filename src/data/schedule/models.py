"""Dated flights and per-cabin seat inventory."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from data.base import enum_check, utc_column
from data.enums import CabinClass


class Flight(SQLModel, table=True):
    """One dated departure of a flight number (times in UTC)."""

    __tablename__ = "flight"
    __table_args__ = (
        sa.UniqueConstraint("airline_id", "flight_number", "departure_at"),
        sa.CheckConstraint("arrival_at > departure_at", name="arrives_after_departure"),
        sa.CheckConstraint("origin_id <> destination_id", name="distinct_endpoints"),
        sa.Index("ix_flight_origin_departure", "origin_id", "departure_at"),
        sa.Index("ix_flight_destination_departure", "destination_id", "departure_at"),
        # search probes one route and a departure window at a time
        sa.Index("ix_flight_route_departure", "origin_id", "destination_id", "departure_at"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    airline_id: int = Field(foreign_key="airline.id")
    flight_number: int
    origin_id: int = Field(foreign_key="airport.id")
    destination_id: int = Field(foreign_key="airport.id")
    departure_at: datetime = utc_column()
    arrival_at: datetime = utc_column()
    aircraft_type_id: int = Field(foreign_key="aircraft_type.id")
    distance_km: int


class FlightInventory(SQLModel, table=True):
    """Seats of one cabin on one flight: capacity, sold, held, and a version bumped on change.

    The version lets caches of searches and fare calendars go stale the moment a seat moves. The
    database bumps it (trigger `flight_inventory_version`) on any change of capacity, sold or
    held, and when the flight is re-timed or re-routed (`flight_schedule_moved`), so no writer
    can forget to.
    """

    __tablename__ = "flight_inventory"
    __table_args__ = (
        enum_check("cabin", CabinClass),
        sa.CheckConstraint("capacity >= 0", name="capacity_non_negative"),
        sa.CheckConstraint("sold >= 0", name="sold_non_negative"),
        sa.CheckConstraint("held >= 0", name="held_non_negative"),
        sa.CheckConstraint("sold + held <= capacity", name="no_oversell"),
    )

    flight_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("flight.id", ondelete="CASCADE"), primary_key=True
        )
    )
    cabin: str = Field(sa_column=sa.Column(sa.String(16), primary_key=True))
    capacity: int
    sold: int = 0
    held: int = 0
    version: int = 0


class ScheduleGeneration(SQLModel, table=True):
    """One row: a counter the database bumps whenever the schedule changes shape (inventory
    rows added or truncated, a flight re-timed or re-routed; triggers `schedule_inventory_*`
    and `flight_schedule_moved`).

    A cached search's stamp holds it as read with its flights, so a flight added to the window
    of a cached search (which no version of the flights it read would show) makes it stale too.
    """

    __tablename__ = "schedule_generation"
    __table_args__ = (sa.CheckConstraint("id", name="single_row"),)

    id: bool = Field(default=True, primary_key=True)
    value: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False))
