"""Reference tables: airports, airlines, aircraft types and cabin layouts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Field, SQLModel

from data.base import enum_check
from data.enums import CabinClass


class Airport(SQLModel, table=True):
    """A real airport (from `airportsdata`), with its IANA time zone."""

    __tablename__ = "airport"
    __table_args__ = (
        sa.CheckConstraint("char_length(iata_code) = 3", name="iata_code_len"),
        sa.CheckConstraint("min_connection_minutes > 0", name="mct_positive"),
        sa.CheckConstraint(
            "min_connection_intl_minutes >= min_connection_minutes", name="mct_intl_longer"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    iata_code: str = Field(sa_column=sa.Column(sa.String(3), nullable=False, unique=True))
    icao_code: str | None = Field(default=None, sa_column=sa.Column(sa.String(4)))
    name: str
    city: str
    country_code: str = Field(sa_column=sa.Column(sa.String(2), nullable=False))
    time_zone: str
    latitude: float
    longitude: float
    is_hub: bool = False
    min_connection_minutes: int = 45
    min_connection_intl_minutes: int = 60


class Airline(SQLModel, table=True):
    """A (fictional) airline operating the generated schedule."""

    __tablename__ = "airline"

    id: int | None = Field(default=None, primary_key=True)
    iata_code: str = Field(sa_column=sa.Column(sa.String(2), nullable=False, unique=True))
    name: str
    country_code: str = Field(sa_column=sa.Column(sa.String(2), nullable=False))
    hub_airport_id: int | None = Field(default=None, foreign_key="airport.id")


class AircraftType(SQLModel, table=True):
    """An aircraft model; its cabins are described by `CabinLayout` rows."""

    __tablename__ = "aircraft_type"
    __table_args__ = (sa.CheckConstraint("range_km > 0", name="range_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(4), nullable=False, unique=True))
    name: str
    range_km: int
    cruise_kmh: int = 830


class CabinLayout(SQLModel, table=True):
    """One cabin of an aircraft type: its rows, seat letters with aisles, exits and legroom rows.

    `seat_letters` spells the cross-section with `-` for an aisle, e.g. `ABC-DEFG-HJK`.
    """

    __tablename__ = "cabin_layout"
    __table_args__ = (
        enum_check("cabin", CabinClass),
        sa.CheckConstraint("first_row > 0 AND last_row >= first_row", name="rows_valid"),
    )

    aircraft_type_id: int = Field(foreign_key="aircraft_type.id", primary_key=True)
    cabin: str = Field(sa_column=sa.Column(sa.String(16), primary_key=True))
    first_row: int
    last_row: int
    seat_letters: str
    exit_rows: list[int] = Field(
        default_factory=list, sa_column=sa.Column(pg.ARRAY(sa.Integer), nullable=False)
    )
    extra_legroom_rows: list[int] = Field(
        default_factory=list, sa_column=sa.Column(pg.ARRAY(sa.Integer), nullable=False)
    )
    pitch_inches: int = 30

    @property
    def seats_per_row(self) -> int:
        """Seats across one row of this cabin."""
        return len(self.seat_letters.replace("-", ""))

    @property
    def capacity(self) -> int:
        """Seats in this cabin."""
        return (self.last_row - self.first_row + 1) * self.seats_per_row
