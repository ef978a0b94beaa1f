"""Redis: one client per process, keys under a namespace so deployments and test runs never mix."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis


@dataclass(frozen=True)
class Cache:
    """A Redis client plus the namespace every key of ours lives under."""

    redis: Redis
    namespace: str

    @classmethod
    def from_url(cls, url: str, *, namespace: str) -> Cache:
        """Connect lazily to Redis at `url`."""
        return cls(redis=Redis.from_url(url, decode_responses=False), namespace=namespace)

    def key(self, *parts: str | int) -> str:
        """A namespaced key: `<namespace>:<part>:<part>…`."""
        return ":".join([self.namespace, *map(str, parts)])

    async def ping(self) -> None:
        """Round-trip to Redis (for readiness checks)."""
        await self.redis.ping()

    async def close(self) -> None:
        """Release the connection pool."""
        await self.redis.aclose()
