"""The dependencies every job receives, opened once per worker process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from saq.queue import Queue

from data.clock import Clock, SystemClock
from data.db import Database
from jobs.config import JobsConfig
from jobs.emails.backends import make_backend
from jobs.emails.mailer import Mailer
from jobs.emails.render import EmailRenderer
from jobs.storage import Storage, make_storage


@dataclass(frozen=True)
class JobDeps:
    """What a job may use: database, queue, mailer, file storage and the clock."""

    config: JobsConfig
    db: Database
    queue: Queue
    mailer: Mailer
    storage: Storage
    clock: Clock


@asynccontextmanager
async def open_deps(
    config: JobsConfig, *, queue: Queue, clock: Clock | None = None
) -> AsyncIterator[JobDeps]:
    """Connect to Postgres, build the mailer and storage; close them all afterwards."""
    db = await Database.connect(config.database_url, pool_size=config.db_pool_size)
    backend = make_backend(config.email)
    storage = make_storage(config.storage)
    renderer = EmailRenderer(
        config.templates_dir, base_url=config.base_url, static_url=config.static_url
    )
    try:
        yield JobDeps(
            config=config,
            db=db,
            queue=queue,
            mailer=Mailer(backend=backend, renderer=renderer, sender=config.email.sender),
            storage=storage,
            clock=clock or SystemClock(),
        )
    finally:
        await backend.close()
        await storage.close()
        await db.close()
