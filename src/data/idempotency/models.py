"""Stored answers of idempotent operations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Field, SQLModel

from data.base import utc_column


class IdempotencyKey(SQLModel, table=True):
    """The first result of an operation called with a client's key, replayed on retries."""

    __tablename__ = "idempotency_key"

    scope: str = Field(sa_column=sa.Column(sa.String(64), primary_key=True))
    key: str = Field(sa_column=sa.Column(sa.String(255), primary_key=True))
    request_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    response: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(pg.JSONB))
    created_at: datetime = utc_column(default_now=True, index=True)
