"""Redis: one client per process, keys under a namespace so deployments and test runs never mix."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import structlog
from redis.asyncio import Redis

log = structlog.get_logger(__name__)

MAX_WRITES_IN_FLIGHT = 256
"""Background writes a process lets wait for Redis; beyond that new ones are dropped."""
SETTLE_SECONDS = 5.0
"""How long `close` waits for the writes in flight."""


@dataclass(frozen=True)
class Cache:
    """A Redis client plus the namespace every key of ours lives under."""

    redis: Redis
    namespace: str
    writes: set[asyncio.Task[None]] = field(default_factory=set, compare=False, repr=False)
    """Background writes in flight (see `store_soon`): the one mutable part."""

    @classmethod
    def from_url(cls, url: str, *, namespace: str) -> Cache:
        """Connect lazily to Redis at `url`."""
        return cls(redis=Redis.from_url(url, decode_responses=False), namespace=namespace)

    def key(self, *parts: str | int) -> str:
        """A namespaced key: `<namespace>:<part>:<part>…`."""
        return ":".join([self.namespace, *map(str, parts)])

    def store_soon(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        """Store `value` under `key` in the background, so whoever computed it answers without
        waiting for Redis. A write that fails, or that finds `MAX_WRITES_IN_FLIGHT` others still
        waiting (Redis is slow), is logged and dropped: the value is computed again by the next
        request that misses it."""
        if len(self.writes) >= MAX_WRITES_IN_FLIGHT:
            log.warning("cache write dropped", key=key, error="too many writes in flight")
            return
        task = asyncio.get_running_loop().create_task(self._store(key, value, ttl_seconds))
        self.writes.add(task)
        task.add_done_callback(self.writes.discard)

    async def _store(self, key: str, value: bytes, ttl_seconds: int) -> None:
        try:
            await self.redis.set(key, value, ex=ttl_seconds)
        except Exception as error:  # a cache write must never fail anything else
            log.warning("cache write dropped", key=key, error=repr(error))

    async def settle(self, within: float | None = None) -> None:
        """Wait (at most `within` seconds) for the background writes in flight."""
        if self.writes:
            await asyncio.wait(set(self.writes), timeout=within)

    async def ping(self) -> None:
        """Round-trip to Redis (for readiness checks)."""
        await self.redis.ping()

    async def close(self) -> None:
        """Give the writes in flight `SETTLE_SECONDS` to land, then release the pool."""
        await self.settle(SETTLE_SECONDS)
        stuck = set(self.writes)
        for task in stuck:
            task.cancel()
        if stuck:
            await asyncio.wait(stuck)
        await self.redis.aclose()
