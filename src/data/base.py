"""Shared table plumbing: one metadata with stable constraint names, UTC timestamp columns."""

from __future__ import annotations

import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = SQLModel.metadata


def utc_column(*, nullable: bool = False, index: bool = False, default_now: bool = False) -> Any:
    """A `timestamptz` column; Skyport stores every instant in UTC."""
    return Field(
        default=None,
        sa_column=sa.Column(
            sa.DateTime(timezone=True),
            nullable=nullable,
            index=index,
            server_default=sa.func.now() if default_now else None,
        ),
    )


def enum_check(column: str, values: type[enum.Enum]) -> sa.CheckConstraint:
    """A CHECK constraint keeping a text column inside a Python enum's values."""
    allowed = ", ".join(f"'{member.value}'" for member in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_valid")
