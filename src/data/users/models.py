"""User accounts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from data.base import enum_check, utc_column
from data.enums import Role


class User(SQLModel, table=True):
    """A customer, staff member or admin; email is stored lower-cased and unique."""

    __tablename__ = "user_account"
    __table_args__ = (
        enum_check("role", Role),
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=sa.Column(sa.String(254), nullable=False, unique=True))
    name: str
    password_hash: str
    role: str = Field(
        default=Role.CUSTOMER.value, sa_column=sa.Column(sa.String(16), nullable=False)
    )
    created_at: datetime = utc_column(default_now=True)
