"""Shared fixtures: real Postgres and Redis (machine services or embedded), one database per run."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from data.cache import Cache
from data.db import Database, asyncpg_dsn
from data.inventory.watch import InventoryWatch
from data.seed import seed_database
from skyport import migrate
from skyport.app import create_app
from skyport.embedded import ServiceUrls, start_postgres, start_redis, stop_embedded
from skyport.settings import Settings
from skyport.testing import create_database, drop_database


@pytest.fixture(scope="session")
def service_urls() -> Iterator[ServiceUrls]:
    """TEST_DATABASE_URL / TEST_REDIS_URL when set, otherwise embedded servers in a temp dir.

    The embedded servers live in a directory of their own, not under pytest's basetemp: pytest
    prunes old basetemps when another run starts, which would pull the servers from under us.
    """
    database_url = os.environ.get("TEST_DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL")
    if database_url and redis_url:
        yield ServiceUrls(database_url=database_url, redis_url=redis_url)
        return
    embedded_dir = Path(tempfile.mkdtemp(prefix="skyport-test-"))
    try:
        yield ServiceUrls(
            database_url=database_url or start_postgres(embedded_dir),
            redis_url=redis_url or start_redis(embedded_dir),
        )
    finally:
        stop_embedded()
        shutil.rmtree(embedded_dir, ignore_errors=True)


@pytest_asyncio.fixture(scope="session")
async def database_url(service_urls: ServiceUrls) -> AsyncIterator[str]:
    """A fresh database for this run, migrated to head, dropped afterwards."""
    url = await create_database(service_urls.database_url)
    await asyncio.to_thread(migrate.upgrade, url)
    yield url
    await drop_database(service_urls.database_url, url)


@pytest.fixture(scope="session")
def settings(
    service_urls: ServiceUrls, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings for this run: its own database, its own Redis namespace, its own data dir."""
    return Settings(
        database_url=database_url,
        redis_url=service_urls.redis_url,
        redis_namespace=f"skyport-test-{secrets.token_hex(4)}",
        data_dir=tmp_path_factory.mktemp("data"),
        secret_key="test-secret-key",  # type: ignore[arg-type]
        run_worker_in_process=False,
        gc_freeze=False,  # process-wide: the test process keeps CPython's own collector
    )


@pytest_asyncio.fixture(scope="session")
async def db(settings: Settings) -> AsyncIterator[Database]:
    """The run's database (engine and read pool)."""
    assert settings.database_url is not None
    database = await Database.connect(settings.database_url, pool_size=5)
    yield database
    await database.close()


@pytest_asyncio.fixture(scope="session")
async def cache(settings: Settings) -> AsyncIterator[Cache]:
    """Redis under this run's namespace; its keys are deleted afterwards."""
    assert settings.redis_url is not None
    client = Cache.from_url(settings.redis_url, namespace=settings.redis_namespace)
    yield client
    for pattern in (f"{settings.redis_namespace}:*", f"saq:*{settings.redis_namespace}:*"):
        async for key in client.redis.scan_iter(match=pattern, count=500):
            await client.redis.delete(key)
    await client.close()


SEED_DAYS = 4


@pytest_asyncio.fixture(scope="session")
async def seeded(db: Database) -> date:
    """The demo network (a few days from today) in the run's database; returns its first day."""
    start = date.today()
    await seed_database(db, scale="demo", days=SEED_DAYS, seed=7, start=start)
    return start


@pytest_asyncio.fixture
async def watch(settings: Settings, seeded: date) -> AsyncIterator[InventoryWatch]:
    """An inventory watch of this test's own, listening to the run's database (reconnecting
    quickly; pinging once a second, so a slow machine does not take a late ping for a death)."""
    assert settings.database_url is not None
    inventory_watch = InventoryWatch(
        asyncpg_dsn(settings.database_url), retry_seconds=0.05, heartbeat_seconds=1.0
    )
    await inventory_watch.start()
    yield inventory_watch
    await inventory_watch.close()


@pytest_asyncio.fixture(scope="session")
async def app(settings: Settings, seeded: date, cache: Cache) -> AsyncIterator[Starlette]:
    """The whole portal, started (lifespan run) against the seeded run database.

    It takes `cache` so that the run's Redis keys are deleted only after the app has stopped.
    """
    application = create_app(settings)
    async with LifespanManager(application):
        yield application


@asynccontextmanager
async def in_process_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to a started app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://skyport.test") as http:
        yield http


@pytest_asyncio.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    async with in_process_client(app) as http:
        yield http


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST a GraphQL operation and return the decoded body."""
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    body: dict[str, Any] = response.json()
    return body
