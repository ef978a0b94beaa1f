"""Fare brands: the products sold in each cabin and their conditions."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from data.base import enum_check
from data.enums import CabinClass


class FareBrand(SQLModel, table=True):
    """A branded fare (e.g. ECONOMY LIGHT) with its conditions and price multiplier."""

    __tablename__ = "fare_brand"
    __table_args__ = (
        enum_check("cabin", CabinClass),
        sa.CheckConstraint("change_fee_minor IS NULL OR change_fee_minor >= 0", name="fee_valid"),
        sa.CheckConstraint("checked_bags >= 0", name="bags_non_negative"),
        sa.CheckConstraint("multiplier_bp > 0", name="multiplier_positive"),
        sa.UniqueConstraint("cabin", "rank"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), nullable=False, unique=True))
    name: str
    cabin: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    rank: int
    refundable: bool
    changeable: bool
    change_fee_minor: int | None = None
    checked_bags: int
    seat_selection_included: bool
    multiplier_bp: int = 10_000
