"""outbox relays: times a message reached the queue, apart from tries that failed

`attempts` counted every try to relay, the failed ones too, and the redelivery sweep read it as
relays: a confirmation whose relay failed six times while Redis was down would never be
redelivered after its job gave up. `relays` counts the successful ones alone. Rows from before
this count their attempts as relays (never more redeliveries than before).

Revision ID: f7a3c1d9e2b4
Revises: e4f2a7c9b1d3
Create Date: 2026-12-02 05:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f7a3c1d9e2b4"
down_revision: str | None = "e4f2a7c9b1d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("relays", sa.Integer(), server_default="0", nullable=False))
    op.create_check_constraint(op.f("ck_outbox_relays_non_negative"), "outbox", "relays >= 0")
    # every try so far may have been a relay (a row relayed, then reopened by the sweep, is
    # pending again): never more redeliveries than before
    op.execute("UPDATE outbox SET relays = attempts")


def downgrade() -> None:
    op.drop_constraint(op.f("ck_outbox_relays_non_negative"), "outbox", type_="check")
    op.drop_column("outbox", "relays")
