"""Inventory stamps: the flights a cached search read, the sum of their versions back then, and
the schedule generation.

The database bumps `flight_inventory.version` on every change of a flight's seats and when the
flight is re-timed, and versions only grow, so an unchanged sum and count mean no seat of those
flights has moved. It bumps `schedule_generation` when flights are added or moved, which no
version of the flights read would show. Checking a stamp is the one statement a cached search
costs, always sent after the check was asked, so its answer is never older than the ask.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg
from asyncpg.pool import PoolConnectionProxy

Conn = asyncpg.Pool | asyncpg.Connection | PoolConnectionProxy

# Ids travel as one comma-separated text: asyncpg encodes a Python list element by element,
# with type checks on each, which costs more than the whole check on the server.
STAMP_SQL = """
SELECT coalesce(sum(version), 0)::bigint, count(*)::int, (SELECT value FROM schedule_generation)
FROM flight_inventory WHERE cabin = $2 AND flight_id = ANY(string_to_array($1, ',')::bigint[])
"""


@dataclass(frozen=True, slots=True)
class InventoryStamp:
    """The flights a search read (one cabin), the sum of their versions when it did, and the
    schedule generation it read them at."""

    cabin: str
    flight_ids: tuple[int, ...]
    version_sum: int
    schedule: int


async def read_stamp(conn: Conn, stamp: InventoryStamp) -> bool:
    """Whether a stamp is still current (one statement)."""
    row = await conn.fetchrow(STAMP_SQL, ",".join(map(str, stamp.flight_ids)), stamp.cabin)
    assert row is not None
    return (row[0], row[1], row[2]) == (stamp.version_sum, len(stamp.flight_ids), stamp.schedule)


class StampChecker:
    """Checks stamps against one pool, one statement each, on up to `runners` connections that
    stay out of the pool while checks keep coming (so the pool's session reset, a round trip of
    its own, runs once per burst rather than once per check)."""

    def __init__(self, pool: asyncpg.Pool, *, runners: int = 4) -> None:
        self.pool = pool
        self.runners = runners
        self._waiting: list[tuple[InventoryStamp, asyncio.Future[bool]]] = []
        self._running: set[asyncio.Task[None]] = set()

    async def is_current(self, stamp: InventoryStamp) -> bool:
        """Whether no seat of the stamp's flights has moved since it was taken."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((stamp, future))
        self._start()
        return await future

    def _start(self) -> None:
        if self._waiting and len(self._running) < self.runners:
            task = asyncio.create_task(self._run())
            self._running.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self._start()  # checks asked while its connection went back to the pool

    async def _run(self) -> None:
        try:
            async with self.pool.acquire() as conn:
                await self._drain(conn)
        except Exception as error:  # no connection: the waiting checks get the failure
            batch, self._waiting = self._waiting, []
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)

    async def _drain(self, conn: Conn) -> None:
        while self._waiting:
            stamp, future = self._waiting.pop(0)
            try:
                answer = await read_stamp(conn, stamp)
            except Exception as error:
                if not future.done():
                    future.set_exception(error)
                continue
            if not future.done():
                future.set_result(answer)


_checkers: dict[int, StampChecker] = {}


def stamp_checker(pool: asyncpg.Pool) -> StampChecker:
    """The checker of a pool (one per pool per process)."""
    checker = _checkers.get(id(pool))
    if checker is None or checker.pool is not pool:
        checker = _checkers[id(pool)] = StampChecker(pool)
    return checker
