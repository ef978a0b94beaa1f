"""Outbox rows: a message is written in the same transaction as the change it announces."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Field, SQLModel

from data.base import utc_column


class OutboxMessage(SQLModel, table=True):
    """A message waiting to be relayed (email, webhook-out, analytics event).

    `dedupe_key` is unique: one event produces one message, however often it is retried.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        sa.CheckConstraint("relays >= 0", name="relays_non_negative"),
        sa.Index(
            "ix_outbox_pending",
            "available_at",
            postgresql_where=sa.text("sent_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    topic: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    dedupe_key: str = Field(sa_column=sa.Column(sa.String(255), nullable=False, unique=True))
    payload: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(pg.JSONB, nullable=False)
    )
    created_at: datetime = utc_column(default_now=True)
    available_at: datetime = utc_column(default_now=True)
    sent_at: datetime | None = utc_column(nullable=True)
    attempts: int = 0
    """Tries to relay it, the failed ones (e.g. while Redis was down) included: they space out
    the retries."""
    relays: int = Field(
        default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0")
    )
    """Times it reached the queue: what limits redeliveries (a Redis outage spends none)."""
    last_error: str | None = None


class SentEmail(SQLModel, table=True):
    """An email that went out for one outbox message; its key makes a redelivery a no-op.

    The row is inserted in the transaction that sends the email, so a concurrent second
    attempt waits on it and then finds the email already sent.
    """

    __tablename__ = "sent_email"

    dedupe_key: str = Field(sa_column=sa.Column(sa.String(255), primary_key=True))
    topic: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    recipient: str = Field(sa_column=sa.Column(sa.String(254), nullable=False))
    subject: str
    provider_message_id: str | None = None
    sent_at: datetime = utc_column(default_now=True, index=True)


class JobFailure(SQLModel, table=True):
    """A dead letter: a job that failed on every attempt, kept for an operator to inspect."""

    __tablename__ = "job_failure"

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    function: str = Field(sa_column=sa.Column(sa.String(128), nullable=False))
    job_key: str = Field(sa_column=sa.Column(sa.String(255), nullable=False, index=True))
    arguments: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(pg.JSONB, nullable=False)
    )
    attempts: int
    error: str
    failed_at: datetime = utc_column(default_now=True, index=True)
