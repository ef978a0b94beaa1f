"""Payment attempts and processed provider webhook events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Field, SQLModel

from data.base import enum_check, utc_column
from data.enums import PaymentStatus


class Payment(SQLModel, table=True):
    """One payment attempt for a booking at a provider (Stripe, or the local sandbox)."""

    __tablename__ = "payment"
    __table_args__ = (
        enum_check("status", PaymentStatus),
        sa.CheckConstraint("amount_minor >= 0", name="amount_non_negative"),
        sa.CheckConstraint(
            "refunded_minor >= 0 AND refunded_minor <= amount_minor", name="refund_valid"
        ),
        sa.UniqueConstraint("provider", "provider_ref"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    booking_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger,
            sa.ForeignKey("booking.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    provider: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    provider_ref: str
    status: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    amount_minor: int
    refunded_minor: int = 0
    currency: str = Field(sa_column=sa.Column(sa.String(3), nullable=False))
    created_at: datetime = utc_column(default_now=True)
    updated_at: datetime = utc_column(default_now=True)


class WebhookEvent(SQLModel, table=True):
    """A provider event we have processed; its id is unique so a redelivery is a no-op."""

    __tablename__ = "webhook_event"

    event_id: str = Field(sa_column=sa.Column(sa.String(255), primary_key=True))
    provider: str = Field(sa_column=sa.Column(sa.String(16), nullable=False))
    type: str
    payload: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(pg.JSONB, nullable=False)
    )
    received_at: datetime = utc_column(default_now=True)
