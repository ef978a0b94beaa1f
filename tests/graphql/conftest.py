"""The portal with its clock frozen, for the API tests that need a chosen moment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import httpx
import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from data.cache import Cache
from data.clock import FrozenClock
from skyport.app import create_app
from skyport.settings import Settings
from tests.conftest import in_process_client


@pytest.fixture(scope="module")
def clock() -> FrozenClock:
    """A clock frozen at a whole second (so two answers to one request are byte for byte
    equal), which a test may set."""
    return FrozenClock(datetime.now(UTC).replace(microsecond=0))


@pytest_asyncio.fixture(scope="module")
async def frozen_app(
    settings: Settings, seeded: date, cache: Cache, clock: FrozenClock
) -> AsyncIterator[Starlette]:
    """The portal on `clock`."""
    application = create_app(settings, clock=clock)
    async with LifespanManager(application):
        yield application


@pytest_asyncio.fixture
async def http(frozen_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the portal on `clock`."""
    async with in_process_client(frozen_app) as client:
        yield client
