"""flight route index for search

Revision ID: bd85eb228c4c
Revises: b9d4a124db22
Create Date: 2026-11-24 08:07:58.380417+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bd85eb228c4c"
down_revision: str | None = "b9d4a124db22"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_flight_route_departure",
        "flight",
        ["origin_id", "destination_id", "departure_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_flight_route_departure", table_name="flight")
