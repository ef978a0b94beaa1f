"""Inventory stamps: the flights a cached search read, and the sum of their versions back then.

Every write to `flight_inventory` bumps `version`, and versions only grow, so an unchanged sum
and count mean no seat of those flights has moved. Checking a stamp is the one statement a cached
search costs; checks that arrive while one is running wait for the next, which covers them all
in a single statement (a statement is always sent after every check it answers was asked, so
each answer is as fresh as a statement of its own).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg
from asyncpg.pool import PoolConnectionProxy

Conn = asyncpg.Pool | asyncpg.Connection | PoolConnectionProxy

# Ids travel as one comma-separated text: asyncpg encodes a Python list element by element,
# with type checks on each, which costs more than the whole check on the server.
STAMPS_SQL = """
SELECT s.stamp, coalesce(sum(i.version), 0)::bigint, count(i.flight_id)::int
FROM unnest(
    string_to_array($1, ',')::int[], string_to_array($2, ',')::bigint[], string_to_array($3, ',')
) AS s(stamp, flight_id, cabin)
LEFT JOIN flight_inventory i ON i.flight_id = s.flight_id AND i.cabin = s.cabin
GROUP BY s.stamp
"""


STAMP_SQL = """
SELECT coalesce(sum(version), 0)::bigint, count(*)::int
FROM flight_inventory WHERE cabin = $2 AND flight_id = ANY(string_to_array($1, ',')::bigint[])
"""


@dataclass(frozen=True, slots=True)
class InventoryStamp:
    """The flights a search read (one cabin), and the sum of their versions when it did."""

    cabin: str
    flight_ids: tuple[int, ...]
    version_sum: int


async def read_stamps(conn: Conn, stamps: Sequence[InventoryStamp]) -> list[bool]:
    """Whether each stamp is still current, in one statement."""
    if len(stamps) == 1:
        (stamp,) = stamps
        row = await conn.fetchrow(STAMP_SQL, ",".join(map(str, stamp.flight_ids)), stamp.cabin)
        assert row is not None
        return [(row[0], row[1]) == (stamp.version_sum, len(stamp.flight_ids))]
    indexes: list[str] = []
    flights: list[str] = []
    cabins: list[str] = []
    for index, stamp in enumerate(stamps):
        indexes += [str(index)] * len(stamp.flight_ids)
        flights += map(str, stamp.flight_ids)
        cabins += [stamp.cabin] * len(stamp.flight_ids)
    rows = await conn.fetch(STAMPS_SQL, ",".join(indexes), ",".join(flights), ",".join(cabins))
    found = {row[0]: (row[1], row[2]) for row in rows}
    return [
        found.get(index, (0, 0)) == (stamp.version_sum, len(stamp.flight_ids))
        for index, stamp in enumerate(stamps)
    ]


class StampChecker:
    """Checks stamps against one pool, batching the checks that queue up behind a running one."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self._waiting: list[tuple[InventoryStamp, asyncio.Future[bool]]] = []
        self._runner: asyncio.Task[None] | None = None

    async def is_current(self, stamp: InventoryStamp) -> bool:
        """Whether no seat of the stamp's flights has moved since it was taken."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((stamp, future))
        if self._runner is None:
            self._runner = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        try:
            async with self.pool.acquire() as conn:
                await self._drain(conn)
        except Exception as error:  # no connection: every waiter gets the failure
            for _, future in self._waiting:
                if not future.done():
                    future.set_exception(error)
            self._waiting = []
        finally:
            self._runner = None
            if self._waiting:  # asked while the connection went back to the pool
                self._runner = asyncio.create_task(self._run())

    async def _drain(self, conn: Conn) -> None:
        # one connection for a run of checks: the pool's reset runs once, when the queue is empty
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                answers = await read_stamps(conn, [stamp for stamp, _ in batch])
            except Exception as error:  # every waiter of this batch gets the failure
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), answer in zip(batch, answers, strict=True):
                if not future.done():
                    future.set_result(answer)


_checkers: dict[int, StampChecker] = {}


def stamp_checker(pool: asyncpg.Pool) -> StampChecker:
    """The checker of a pool (one per pool per process)."""
    checker = _checkers.get(id(pool))
    if checker is None or checker.pool is not pool:
        checker = _checkers[id(pool)] = StampChecker(pool)
    return checker
