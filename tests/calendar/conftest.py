"""The calendar's data-layer dependencies over the run's seeded database."""

from __future__ import annotations

from datetime import date

import pytest_asyncio

from data.db import Database
from data.reference.directory import ReferenceDirectory
from data.search.routes import RouteCache


@pytest_asyncio.fixture(scope="session")
async def directory(db: Database, seeded: date) -> ReferenceDirectory:
    """The reference directory of the seeded network."""
    return await ReferenceDirectory.load(db.pool)


@pytest_asyncio.fixture
async def routes(db: Database, seeded: date) -> RouteCache:
    """A fresh route map cache (per test, as each process has its own)."""
    return RouteCache()
