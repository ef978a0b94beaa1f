"""Seeded databases for data tests.

`seeded_db` is the shared seed fixture: its own fresh database (not the run's `db`), migrated and
seeded once per run with the demo network, 3 days from today, seed 7. Treat it as read-only;
tests that change seeded rows use `scratch_database_url` (a fresh, empty, migrated database).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest_asyncio

from data.db import Database
from data.seed import SeedReport, seed_database
from skyport import migrate
from skyport.embedded import ServiceUrls
from skyport.testing import create_database, drop_database

SEEDED_DAYS = 3
SEED = 7


@dataclass(frozen=True)
class SeededDatabase:
    """A database seeded with the demo network from `start` for `SEEDED_DAYS` days."""

    db: Database
    url: str
    start: date
    report: SeedReport


@pytest_asyncio.fixture(scope="session")
async def seeded_db(service_urls: ServiceUrls) -> AsyncIterator[SeededDatabase]:
    """The shared seed: demo network, 3 days from today, seed 7, in a database of its own."""
    url = await create_database(service_urls.database_url, prefix="skyport_seeded")
    await asyncio.to_thread(migrate.upgrade, url)
    db = await Database.connect(url, pool_size=3)
    start = date.today()
    report = await seed_database(db, scale="demo", days=SEEDED_DAYS, seed=SEED, start=start)
    yield SeededDatabase(db=db, url=url, start=start, report=report)
    await db.close()
    await drop_database(service_urls.database_url, url)


@pytest_asyncio.fixture(scope="module")
async def scratch_database_url(service_urls: ServiceUrls) -> AsyncIterator[str]:
    """A fresh migrated database for one test module that seeds, resets or books."""
    url = await create_database(service_urls.database_url, prefix="skyport_seed_scratch")
    await asyncio.to_thread(migrate.upgrade, url)
    yield url
    await drop_database(service_urls.database_url, url)
