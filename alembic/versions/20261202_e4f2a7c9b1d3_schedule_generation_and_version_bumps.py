"""schedule generation and version bumps by the database

Caches of searches and fare calendars go stale by inventory versions (and the response and
calendar memos by `inventory_changed` notifications). Until now every writer had to bump
`flight_inventory.version` itself, and a schedule change (a flight added, re-timed or re-routed)
changed no version at all. Now the database keeps both:

- `flight_inventory_version` (BEFORE UPDATE, per row): a change of capacity, sold or held bumps
  the version, whether or not the statement did;
- `flight_schedule_version` (AFTER UPDATE OF the schedule columns of `flight`, per row): a
  re-timed or re-routed flight bumps the versions of its inventory (which notifies its id);
- `schedule_changed_*` (per statement, on inventory rows added or truncated and on flights
  re-timed or re-routed): bumps the one-row `schedule_generation` and notifies '*'. A search
  stamp holds the generation it read with its flights, so a flight added to the window of a
  cached search makes it stale.

Revision ID: e4f2a7c9b1d3
Revises: c3a1f0e2d5b7
Create Date: 2026-12-02 05:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4f2a7c9b1d3"
down_revision: str | None = "c3a1f0e2d5b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SCHEDULE = (
    "airline_id",
    "flight_number",
    "origin_id",
    "destination_id",
    "departure_at",
    "arrival_at",
    "aircraft_type_id",
    "distance_km",
)
_SCHEDULE_COLUMNS = ", ".join(_SCHEDULE)


def _row(record: str) -> str:
    """The schedule columns of a trigger's OLD or NEW record, as one row value."""
    return "(" + ", ".join(f"{record}.{column}" for column in _SCHEDULE) + ")"


_FUNCTIONS = [
    """
CREATE FUNCTION bump_inventory_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.capacity, NEW.sold, NEW.held) IS DISTINCT FROM (OLD.capacity, OLD.sold, OLD.held) THEN
        NEW.version := greatest(NEW.version, OLD.version + 1);
    END IF;
    RETURN NEW;
END
$$
""",
    """
CREATE FUNCTION bump_flight_inventory_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE flight_inventory SET version = version + 1 WHERE flight_id = NEW.id;
    RETURN NULL;
END
$$
""",
    """
CREATE FUNCTION bump_schedule_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE schedule_generation SET value = value + 1;
    PERFORM pg_notify('inventory_changed', '*');
    RETURN NULL;
END
$$
""",
]

_TRIGGERS = [
    (
        "flight_inventory_version",
        "flight_inventory",
        "BEFORE UPDATE ON flight_inventory FOR EACH ROW EXECUTE FUNCTION bump_inventory_version()",
    ),
    (
        "flight_schedule_version",
        "flight",
        f"AFTER UPDATE OF {_SCHEDULE_COLUMNS} ON flight FOR EACH ROW"
        f" WHEN ({_row('OLD')} IS DISTINCT FROM {_row('NEW')})"
        " EXECUTE FUNCTION bump_flight_inventory_versions()",
    ),
    (
        "schedule_changed_inventory_added",
        "flight_inventory",
        "AFTER INSERT ON flight_inventory FOR EACH STATEMENT"
        " EXECUTE FUNCTION bump_schedule_generation()",
    ),
    (
        "schedule_changed_inventory_truncated",
        "flight_inventory",
        "AFTER TRUNCATE ON flight_inventory FOR EACH STATEMENT"
        " EXECUTE FUNCTION bump_schedule_generation()",
    ),
    (
        "schedule_changed_flight_moved",
        "flight",
        f"AFTER UPDATE OF {_SCHEDULE_COLUMNS} ON flight FOR EACH STATEMENT"
        " EXECUTE FUNCTION bump_schedule_generation()",
    ),
]


def upgrade() -> None:
    op.create_table(
        "schedule_generation",
        sa.Column("id", sa.Boolean(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id", name=op.f("ck_schedule_generation_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_generation")),
    )
    op.execute("INSERT INTO schedule_generation (id, value) VALUES (true, 0)")
    for function in _FUNCTIONS:
        op.execute(function)
    for name, _, definition in _TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} {definition}")


def downgrade() -> None:
    for name, table, _ in reversed(_TRIGGERS):
        op.execute(f"DROP TRIGGER {name} ON {table}")
    for function in (
        "bump_schedule_generation",
        "bump_flight_inventory_versions",
        "bump_inventory_version",
    ):
        op.execute(f"DROP FUNCTION {function}()")
    op.drop_table("schedule_generation")
