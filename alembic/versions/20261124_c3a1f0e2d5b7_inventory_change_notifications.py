"""inventory change notifications

Every statement that changes or removes `flight_inventory` rows sends one
`NOTIFY inventory_changed` with the comma-separated ids of the flights it touched ('*' when
the list would not fit a notification, or on TRUNCATE). App processes listen and drop the
in-process cached responses that read those flights (data.inventory.watch).

Revision ID: c3a1f0e2d5b7
Revises: bd85eb228c4c
Create Date: 2026-11-24 12:20:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c3a1f0e2d5b7"
down_revision: str | None = "bd85eb228c4c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FUNCTION = """
CREATE FUNCTION notify_inventory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('inventory_changed', '*');
        RETURN NULL;
    END IF;
    SELECT string_agg(DISTINCT flight_id::text, ',') INTO ids FROM changed;
    IF ids IS NOT NULL THEN
        -- a notification payload must stay under 8000 bytes
        PERFORM pg_notify('inventory_changed', CASE WHEN length(ids) > 7000 THEN '*' ELSE ids END);
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.execute(_FUNCTION)
    op.execute(
        "CREATE TRIGGER flight_inventory_updated AFTER UPDATE ON flight_inventory"
        " REFERENCING NEW TABLE AS changed FOR EACH STATEMENT"
        " EXECUTE FUNCTION notify_inventory_changed()"
    )
    op.execute(
        "CREATE TRIGGER flight_inventory_deleted AFTER DELETE ON flight_inventory"
        " REFERENCING OLD TABLE AS changed FOR EACH STATEMENT"
        " EXECUTE FUNCTION notify_inventory_changed()"
    )
    op.execute(
        "CREATE TRIGGER flight_inventory_truncated AFTER TRUNCATE ON flight_inventory"
        " FOR EACH STATEMENT EXECUTE FUNCTION notify_inventory_changed()"
    )


def downgrade() -> None:
    for trigger in (
        "flight_inventory_updated",
        "flight_inventory_deleted",
        "flight_inventory_truncated",
    ):
        op.execute(f"DROP TRIGGER {trigger} ON flight_inventory")
    op.execute("DROP FUNCTION notify_inventory_changed()")
