"""Background cache writes: they land, and one that fails is dropped without failing anyone."""

from __future__ import annotations

import socket

import structlog
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from data.cache import Cache
from skyport.settings import Settings


async def test_a_background_write_lands_with_its_expiry(cache: Cache) -> None:
    # given a value stored in the background
    key = cache.key("test", "store-soon")
    cache.store_soon(key, b"value", ttl_seconds=120)
    # when the writes in flight settle, then Redis has it, expiring within the TTL
    await cache.settle()
    assert await cache.redis.get(key) == b"value"
    assert 0 < await cache.redis.ttl(key) <= 120
    assert not cache.writes


async def test_a_write_to_an_unreachable_redis_is_logged_and_dropped() -> None:
    # given a cache whose Redis does not answer (a port nobody listens on)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    no_retries = Retry(NoBackoff(), 0)
    dead = Cache(redis=Redis(host="127.0.0.1", port=port, retry=no_retries), namespace="nowhere")
    # when a value is stored in the background
    with structlog.testing.capture_logs() as logs:
        dead.store_soon(dead.key("k"), b"v", ttl_seconds=60)
        await dead.settle()
    # then nothing is raised, and the dropped write is logged
    assert [entry["event"] for entry in logs] == ["cache write dropped"]
    await dead.redis.aclose()


async def test_close_finishes_the_writes_in_flight(cache: Cache, settings: Settings) -> None:
    # given a second client of the same Redis with a write in flight
    assert settings.redis_url is not None
    other = Cache.from_url(settings.redis_url, namespace=cache.namespace)
    key = other.key("test", "close")
    other.store_soon(key, b"kept", ttl_seconds=60)
    # when it closes, then the write has landed
    await other.close()
    assert await cache.redis.get(key) == b"kept"
