"""schedule generation and version bumps by the database

Caches of searches and fare calendars go stale by inventory versions (and the response and
calendar memos by `inventory_changed` notifications). Until now every writer had to bump
`flight_inventory.version` itself, and a schedule change (a flight added, re-timed or re-routed)
changed no version at all. Now the database keeps both:

- `flight_inventory_version` (BEFORE UPDATE, per row): a change of capacity, sold or held bumps
  the version, whether or not the statement did;
- `flight_schedule_moved` (AFTER UPDATE of `flight`, per statement, with transition tables): when
  the statement re-timed or re-routed any flight, the versions of their inventory go up (one
  UPDATE, one notification of their ids), `schedule_generation` goes up once and '*' is
  notified once; a statement that changed no schedule column of any row does nothing;
- `schedule_inventory_added` (AFTER INSERT of `flight_inventory`, per statement): inventory rows
  added (new flights) bump `schedule_generation` and notify '*'; an insert of no rows does
  nothing; `schedule_inventory_truncated` bumps it on a TRUNCATE (which already notifies '*').

A search stamp holds the generation it read with its flights, so a flight added to the window of
a cached search makes it stale.

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


def _row(record: str) -> str:
    """The schedule columns of a transition table's rows, as one row value."""
    return "(" + ", ".join(f"{record}.{column}" for column in _SCHEDULE) + ")"


_FUNCTIONS = {
    "bump_inventory_version": """
CREATE FUNCTION bump_inventory_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.capacity, NEW.sold, NEW.held) IS DISTINCT FROM (OLD.capacity, OLD.sold, OLD.held) THEN
        NEW.version := greatest(NEW.version, OLD.version + 1);
    END IF;
    RETURN NEW;
END
$$
""",
    # one statement, however many flights it moves: their inventory versions go up in one
    # UPDATE (one notification of their ids), the generation once, and '*' once
    "flights_moved": f"""
CREATE FUNCTION flights_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved bigint[];
BEGIN
    SELECT array_agg(n.id) INTO moved
    FROM moved_new n JOIN moved_old o ON o.id = n.id
    WHERE {_row("o")} IS DISTINCT FROM {_row("n")};
    IF moved IS NOT NULL THEN
        UPDATE flight_inventory SET version = version + 1 WHERE flight_id = ANY(moved);
        UPDATE schedule_generation SET value = value + 1;
        PERFORM pg_notify('inventory_changed', '*');
    END IF;
    RETURN NULL;
END
$$
""",
    "inventory_added": """
CREATE FUNCTION inventory_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM added) THEN
        UPDATE schedule_generation SET value = value + 1;
        PERFORM pg_notify('inventory_changed', '*');
    END IF;
    RETURN NULL;
END
$$
""",
    "inventory_truncated": """
CREATE FUNCTION inventory_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE schedule_generation SET value = value + 1;
    RETURN NULL;  -- (the notification trigger already says '*')
END
$$
""",
}

_TRIGGERS = [
    (
        "flight_inventory_version",
        "flight_inventory",
        "BEFORE UPDATE ON flight_inventory FOR EACH ROW EXECUTE FUNCTION bump_inventory_version()",
    ),
    (
        "flight_schedule_moved",
        "flight",
        "AFTER UPDATE ON flight REFERENCING OLD TABLE AS moved_old NEW TABLE AS moved_new"
        " FOR EACH STATEMENT EXECUTE FUNCTION flights_moved()",
    ),
    (
        "schedule_inventory_added",
        "flight_inventory",
        "AFTER INSERT ON flight_inventory REFERENCING NEW TABLE AS added"
        " FOR EACH STATEMENT EXECUTE FUNCTION inventory_added()",
    ),
    (
        "schedule_inventory_truncated",
        "flight_inventory",
        "AFTER TRUNCATE ON flight_inventory FOR EACH STATEMENT"
        " EXECUTE FUNCTION inventory_truncated()",
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
    for function in _FUNCTIONS.values():
        op.execute(function)
    for name, _, definition in _TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} {definition}")


def downgrade() -> None:
    for name, table, _ in reversed(_TRIGGERS):
        op.execute(f"DROP TRIGGER {name} ON {table}")
    for function in _FUNCTIONS:
        op.execute(f"DROP FUNCTION {function}()")
    op.drop_table("schedule_generation")
