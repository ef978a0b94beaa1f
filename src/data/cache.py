"""Redis: one client per process, keys under a namespace so deployments and test runs never mix."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Cache:
    """A Redis client plus the namespace every key of ours lives under."""

    redis: Redis
    namespace: str
    writes: set[asyncio.Task[None]] = field(default_factory=set, compare=False, repr=False)
    """Writes in flight (see `store_soon`)."""

    @classmethod
    def from_url(cls, url: str, *, namespace: str) -> Cache:
        """Connect lazily to Redis at `url`."""
        return cls(redis=Redis.from_url(url, decode_responses=False), namespace=namespace)

    def key(self, *parts: str | int) -> str:
        """A namespaced key: `<namespace>:<part>:<part>…`."""
        return ":".join([self.namespace, *map(str, parts)])

    def store_soon(self, key: str, value: bytes, *, ttl_seconds: int) -> None:
        """Store `value` under `key` in the background, so whoever computed it answers without
        waiting for Redis. A write that fails is logged and dropped: the value is computed
        again by the next request that misses it."""
        task = asyncio.get_running_loop().create_task(self._store(key, value, ttl_seconds))
        self.writes.add(task)
        task.add_done_callback(self.writes.discard)

    async def _store(self, key: str, value: bytes, ttl_seconds: int) -> None:
        try:
            await self.redis.set(key, value, ex=ttl_seconds)
        except (RedisError, OSError) as error:
            log.warning("cache write dropped", key=key, error=str(error))

    async def settle(self) -> None:
        """Wait for the writes in flight."""
        while self.writes:
            await asyncio.gather(*self.writes)

    async def ping(self) -> None:
        """Round-trip to Redis (for readiness checks)."""
        await self.redis.ping()

    async def close(self) -> None:
        """Finish the writes in flight, then release the connection pool."""
        await self.settle()
        await self.redis.aclose()
