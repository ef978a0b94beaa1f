"""The inventory watch hears Postgres's change notifications and vouches only for what it heard."""

from __future__ import annotations

import asyncio

from data.db import Database
from data.inventory.watch import InventoryWatch


async def two_flights(db: Database) -> tuple[int, int]:
    rows = await db.pool.fetch(
        "SELECT DISTINCT flight_id FROM flight_inventory ORDER BY flight_id LIMIT 2"
    )
    return rows[0][0], rows[1][0]


async def touch(db: Database, flight_id: int) -> None:
    """A no-op write to a flight's inventory (seats unchanged, version bumped)."""
    await db.pool.execute(
        "UPDATE flight_inventory SET version = version + 1 WHERE flight_id = $1", flight_id
    )


async def test_a_change_to_one_flight_is_heard_for_that_flight_only(
    watch: InventoryWatch, db: Database
) -> None:
    # given a token taken before a read of two flights
    one, other = await two_flights(db)
    token = watch.token()
    assert watch.unchanged_since(token, (one, other))
    # when one flight's inventory is written and the notification has arrived
    await touch(db, one)
    await watch.caught_up(db.pool)
    # then that flight counts as changed, the other does not, and a later token vouches again
    assert not watch.unchanged_since(token, (one,))
    assert not watch.unchanged_since(token, (one, other))
    assert watch.unchanged_since(token, (other,))
    assert watch.unchanged_since(watch.token(), (one, other))


async def test_a_change_too_big_to_list_makes_everything_stale(
    watch: InventoryWatch, db: Database
) -> None:
    # given a token taken before a read of two flights
    one, other = await two_flights(db)
    token = watch.token()
    # when '*' is heard (what a TRUNCATE, or a statement touching thousands of flights, sends)
    await db.pool.execute("SELECT pg_notify('inventory_changed', '*')")
    await watch.caught_up(db.pool)
    # then no flight read before it is vouched for, and later reads are
    assert not watch.unchanged_since(token, (one,))
    assert not watch.unchanged_since(token, (other,))
    assert watch.unchanged_since(watch.token(), (one, other))


async def test_nothing_is_vouched_for_while_the_listener_is_disconnected(
    watch: InventoryWatch, db: Database
) -> None:
    # given a token taken while listening
    one, _ = await two_flights(db)
    token = watch.token()
    assert watch.unchanged_since(token, (one,))
    # when Postgres drops the listening connection
    await db.pool.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE query LIKE 'LISTEN%' AND datname = current_database()"
    )
    for _ in range(100):
        if not watch.listening:
            break
        await asyncio.sleep(0.01)
    # then nothing read before is vouched for, not even after it reconnects
    assert not watch.unchanged_since(token, (one,))
    for _ in range(200):
        if watch.listening:
            break
        await asyncio.sleep(0.02)
    assert watch.listening
    assert not watch.unchanged_since(token, (one,))
    # and what is read after reconnecting is vouched for again
    assert watch.unchanged_since(watch.token(), (one,))


async def test_a_notification_it_cannot_read_makes_everything_stale(
    watch: InventoryWatch, db: Database
) -> None:
    # given a token, when someone else's message arrives on the channel
    one, other = await two_flights(db)
    token = watch.token()
    await db.pool.execute("SELECT pg_notify('inventory_changed', 'flight 12 changed')")
    await watch.caught_up(db.pool)
    # then nothing read before it is vouched for, and the watch keeps listening
    assert not watch.unchanged_since(token, (one, other))
    assert watch.listening
    assert watch.unchanged_since(watch.token(), (one, other))
