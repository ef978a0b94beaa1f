"""Which flights' inventory changed, as Postgres tells this process.

A trigger on `flight_inventory` sends `NOTIFY inventory_changed` with the ids of the flights each
statement touched (migration c3a1f0e2d5b7). One connection per process LISTENs and numbers what
it hears. Whoever is about to read inventory takes a `token()` first; later,
`unchanged_since(token, flight_ids)` says whether no notification about those flights arrived
since, with no I/O at all.

Postgres delivers a notification when the writing transaction commits, so a process learns of a
change within the delivery time of one message (well under a millisecond on one host), not at
the exact instant of the commit. While the listening connection is down, nothing is vouched
for: `unchanged_since` answers False until the connection is back, and everything read before
the outage stays stale. The connection is pinged every `heartbeat_seconds`, since one that died
silently (no FIN, e.g. a network partition) would just hear nothing: such a death is noticed
within two heartbeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import uuid
from collections.abc import Iterable

import asyncpg
import structlog

CHANNEL = "inventory_changed"
MAX_TRACKED = 200_000
"""Flights remembered individually; past this, one change marks everything as changed."""

log = structlog.get_logger(__name__)


class InventoryWatch:
    """Numbers inventory change notifications and answers "changed since?" from memory."""

    def __init__(
        self, dsn: str, *, retry_seconds: float = 1.0, heartbeat_seconds: float = 5.0
    ) -> None:
        self.dsn = dsn
        self.retry_seconds = retry_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.seq = 0
        self._changed: dict[int, int] = {}
        self._everything_since = 1  # nothing read before the first connection is vouched for
        self._conn: asyncpg.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()
        self._syncs: dict[str, asyncio.Future[None]] = {}
        self._sync_ids = itertools.count()

    @property
    def listening(self) -> bool:
        """Whether notifications are arriving right now."""
        return self._conn is not None and not self._conn.is_closed()

    @property
    def everything_since(self) -> int:
        """The number of the last notification that may have changed anything (the schedule's
        `*`, or too many flights to track), or of the connection that started listening last:
        it moves whenever what the process read before may all be stale."""
        return self._everything_since

    def token(self) -> int | None:
        """Take before reading inventory; None while not listening (nothing can be vouched for)."""
        return self.seq if self.listening else None

    def unchanged_since(self, token: int | None, flight_ids: Iterable[int]) -> bool:
        """Whether no change to any of these flights was heard since `token` was taken."""
        if token is None or not self.listening or self._everything_since > token:
            return False
        changed = self._changed
        return all(changed.get(flight_id, 0) <= token for flight_id in flight_ids)

    def _heard(self, payload: str) -> None:
        if payload.startswith("sync:"):
            future = self._syncs.pop(payload, None)
            if future is not None and not future.done():
                future.set_result(None)
            return
        self.seq += 1
        try:
            flight_ids = [] if payload == "*" else [int(part) for part in payload.split(",")]
        except ValueError:  # not our trigger's format: assume the worst
            flight_ids = []
        if not flight_ids or len(self._changed) >= MAX_TRACKED:
            self._changed.clear()
            self._everything_since = self.seq
            return
        for flight_id in flight_ids:
            self._changed[flight_id] = self.seq

    def _on_notification(self, _conn: object, _pid: int, _channel: str, payload: object) -> None:
        self._heard(str(payload))

    def _on_lost(self, conn: object) -> None:
        if conn is self._conn:  # not an older connection we already gave up on
            self._lost.set()

    async def _connect(self) -> None:
        conn = await asyncpg.connect(self.dsn)
        await conn.add_listener(CHANNEL, self._on_notification)
        conn.add_termination_listener(self._on_lost)
        # whatever was read while nobody listened may be stale
        self.seq += 1
        self._changed.clear()
        self._everything_since = self.seq
        self._conn = conn

    async def start(self) -> None:
        """Listen (the first connection is made before returning), reconnecting when lost."""
        await self._connect()
        self._task = asyncio.create_task(self._keep_listening())

    async def _keep_listening(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._lost.wait(), self.heartbeat_seconds)
            except TimeoutError:
                if await self._alive():
                    continue
            self._lost.clear()
            self._conn = None
            log.warning("inventory_watch_lost")
            while self._conn is None:
                try:
                    await self._connect()
                    log.info("inventory_watch_back")
                except Exception as error:  # keep trying whatever the failure
                    log.warning("inventory_watch_reconnect_failed", error=str(error))
                    await asyncio.sleep(self.retry_seconds)

    async def _alive(self) -> bool:
        """Whether the listening connection still answers (a silently dead one hears nothing)."""
        conn = self._conn
        if conn is None or conn.is_closed():
            return False
        try:
            await conn.fetchval("SELECT 1", timeout=self.heartbeat_seconds)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
            conn.terminate()
            return False
        return True

    async def caught_up(self, pool: asyncpg.Pool, within: float = 5.0) -> None:
        """Wait until every change committed before this call has been heard.

        Postgres delivers notifications in commit order, so once a marker sent now comes back,
        everything committed earlier has arrived.
        """
        marker = f"sync:{uuid.uuid4().hex}"  # (ids of objects repeat across forked processes)
        future = self._syncs[marker] = asyncio.get_running_loop().create_future()
        await pool.execute("SELECT pg_notify($1, $2)", CHANNEL, marker)
        await asyncio.wait_for(future, within)

    async def close(self) -> None:
        """Stop listening."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            await conn.close()
