"""Background cache writes: they land, and one that fails is dropped without failing anyone."""

from __future__ import annotations

import asyncio
import socket

import pytest
import structlog
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from data import cache as cache_module
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
    assert cache.writes_waiting == 0


async def test_writes_made_together_all_land(cache: Cache) -> None:
    # given many values stored in the background at once (they leave in pipelines)
    keys = [cache.key("test", "batch", n) for n in range(100)]
    for n, key in enumerate(keys):
        cache.store_soon(key, f"value {n}".encode(), ttl_seconds=60)
    assert cache.writes_waiting == 100
    # when the writes settle, then every one of them is in Redis with its own value
    await cache.settle()
    assert await cache.redis.mget(keys) == [f"value {n}".encode() for n in range(100)]
    assert cache.writes_waiting == 0


async def test_writes_made_while_a_pipeline_is_on_its_way_land_too(cache: Cache) -> None:
    # given one write on its way to Redis
    first = cache.key("test", "first")
    cache.store_soon(first, b"1", ttl_seconds=60)
    await asyncio.sleep(0)  # the sender takes it and sends it
    # when more are made before Redis answers
    later = [cache.key("test", "later", n) for n in range(50)]
    for key in later:
        cache.store_soon(key, b"2", ttl_seconds=60)
    # then they all land once the writes settle
    await cache.settle()
    assert await cache.redis.mget([first, *later]) == [b"1"] + [b"2"] * 50


async def test_a_refused_write_is_the_only_one_of_its_pipeline_dropped(cache: Cache) -> None:
    # given three writes leaving together, one of which Redis refuses (an expiry of 0 s)
    keys = [cache.key("test", "refused", n) for n in range(3)]
    with structlog.testing.capture_logs() as logs:
        for n, key in enumerate(keys):
            cache.store_soon(key, b"v", ttl_seconds=0 if n == 1 else 60)
        await cache.settle()
    # then the other two land, and only the refused one is logged as dropped
    assert await cache.redis.mget(keys) == [b"v", None, b"v"]
    assert [(entry["event"], entry["key"]) for entry in logs] == [("cache write dropped", keys[1])]


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


async def test_a_stalled_redis_caps_the_writes_in_flight_and_close_gives_up_in_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a Redis that accepts connections and never answers
    clients: list[asyncio.StreamWriter] = []

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        clients.append(writer)
        await reader.read(-1)

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    stalled = Cache(redis=Redis(host="127.0.0.1", port=port), namespace="stalled")
    monkeypatch.setattr(cache_module, "MAX_WRITES_IN_FLIGHT", 3)
    monkeypatch.setattr(cache_module, "SETTLE_SECONDS", 0.2)
    monkeypatch.setattr(cache_module, "WRITE_TIMEOUT_SECONDS", 0.2)
    # when more values are stored than may wait
    with structlog.testing.capture_logs() as logs:
        for n in range(5):
            stalled.store_soon(stalled.key(n), b"v", ttl_seconds=60)
    # then only the first three wait, the others are dropped and logged
    assert stalled.writes_waiting == 3
    assert [entry["error"] for entry in logs] == ["too many writes in flight"] * 2
    # and a pipeline Redis never answers counts as dropped after its timeout, so later writes
    # are not held up behind it
    with structlog.testing.capture_logs() as logs:
        await stalled.settle(within=10)  # (the writer is done once all three timed out)
    assert stalled.writes_waiting == 0
    assert [entry["event"] for entry in logs] == ["cache write dropped"] * 3
    stalled.store_soon(stalled.key("later"), b"v", ttl_seconds=60)
    assert stalled.writes_waiting == 1
    # and closing gives up on the stalled writes after its grace period
    started = asyncio.get_running_loop().time()
    await stalled.close()
    assert asyncio.get_running_loop().time() - started < 2
    for client in clients:
        client.close()
    server.close()
    await server.wait_closed()
