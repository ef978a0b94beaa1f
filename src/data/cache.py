"""Redis: one client per process, keys under a namespace so deployments and test runs never mix."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import structlog
from redis.asyncio import Redis

log = structlog.get_logger(__name__)

MAX_WRITES_IN_FLIGHT = 256
"""Background writes a process lets wait for Redis; beyond that new ones are dropped."""
SETTLE_SECONDS = 5.0
"""How long `close` waits for the writes in flight."""
READ_TIMEOUT_SECONDS = 0.5
"""How long a cache read may take before it counts as a miss (a hung Redis must not hang
searches: their answer can always be computed)."""
WRITE_TIMEOUT_SECONDS = 5.0
"""How long one pipeline of background writes may take before its writes count as dropped (a
hung connection must not hold up every later write)."""


Write = tuple[str, bytes, int]
"""A background write: key, value, seconds to live."""


@dataclass
class _Writes:
    """Background writes: those waiting for the next pipeline, those on their way, and the task
    sending them."""

    queued: list[Write] = field(default_factory=list)
    sending: list[Write] = field(default_factory=list)
    task: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> int:
        return len(self.queued) + len(self.sending)


@dataclass(frozen=True)
class Cache:
    """A Redis client plus the namespace every key of ours lives under."""

    redis: Redis
    namespace: str
    writes: _Writes = field(default_factory=_Writes, compare=False, repr=False)
    """Background writes (see `store_soon`): the one mutable part."""

    @classmethod
    def from_url(cls, url: str, *, namespace: str) -> Cache:
        """Connect lazily to Redis at `url`."""
        return cls(redis=Redis.from_url(url, decode_responses=False), namespace=namespace)

    def key(self, *parts: str | int) -> str:
        """A namespaced key: `<namespace>:<part>:<part>…`."""
        return ":".join([self.namespace, *map(str, parts)])

    async def fetch(self, key: str) -> bytes | None:
        """The value stored under `key`; None when there is none, and also when Redis fails or
        takes over `READ_TIMEOUT_SECONDS` to answer (logged): Redis only caches what can be
        computed again, so an outage costs misses, never errors."""
        try:
            async with asyncio.timeout(READ_TIMEOUT_SECONDS):
                value = await self.redis.get(key)
        except Exception as error:  # a cache read must never fail what it would speed up
            log.warning("cache read failed", key=key, error=repr(error))
            return None
        return value if isinstance(value, bytes) else None

    @property
    def writes_waiting(self) -> int:
        """Background writes not yet acknowledged by Redis."""
        return self.writes.waiting

    def store_soon(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        """Store `value` under `key` in the background, so whoever computed it answers without
        waiting for Redis. Writes go out in pipelines: those made while one is on its way leave
        together in the next. A write that fails, or that finds `MAX_WRITES_IN_FLIGHT` others
        still waiting (Redis is slow), is logged and dropped: the value is computed again by the
        next request that misses it."""
        writes = self.writes
        if writes.waiting >= MAX_WRITES_IN_FLIGHT:
            log.warning("cache write dropped", key=key, error="too many writes in flight")
            return
        writes.queued.append((key, value, ttl_seconds))
        loop = asyncio.get_running_loop()
        if writes.task is None or writes.task.get_loop() is not loop:  # (a test's new loop)
            writes.sending = []
            writes.task = loop.create_task(self._send())

    async def _send(self) -> None:
        writes = self.writes
        try:
            while writes.queued:
                writes.sending, writes.queued = writes.queued, []
                try:
                    async with asyncio.timeout(WRITE_TIMEOUT_SECONDS):
                        results = await self._pipeline(writes.sending)
                except Exception as error:  # a cache write must never fail anything else
                    results = [error] * len(writes.sending)
                batch, writes.sending = writes.sending, []
                for (key, _, _), result in zip(batch, results, strict=True):
                    if isinstance(result, Exception):
                        log.warning("cache write dropped", key=key, error=repr(result))
        finally:  # cancelled while closing: what Redis has not acknowledged counts as dropped
            for key, _, _ in writes.sending + writes.queued:
                log.warning("cache write dropped", key=key, error="closed before Redis answered")
            writes.sending, writes.queued, writes.task = [], [], None

    async def _pipeline(self, batch: list[Write]) -> list[Any]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for key, value, ttl_seconds in batch:
                pipe.set(key, value, ex=ttl_seconds)
            return await pipe.execute(raise_on_error=False)

    async def settle(self, within: float | None = None) -> None:
        """Wait (at most `within` seconds) for the background writes."""
        task = self.writes.task
        if task is not None:
            await asyncio.wait({task}, timeout=within)

    async def ping(self) -> None:
        """Round-trip to Redis (for readiness checks)."""
        await self.redis.ping()

    async def close(self) -> None:
        """Give the background writes `SETTLE_SECONDS` to land, then release the pool."""
        await self.settle(SETTLE_SECONDS)
        task = self.writes.task
        if task is not None:
            task.cancel()
            await asyncio.wait({task})
        await self.redis.aclose()
