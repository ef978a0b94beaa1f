"""Alembic environment (async): the URL comes from the caller or DATABASE_URL."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from data.db import sqlalchemy_url
from data.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_async_engine(sqlalchemy_url(url))
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


def run_online() -> None:
    """Migrate the database the caller put in `sqlalchemy.url` (or an existing connection)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("no database URL: set DATABASE_URL or run `skyport migrate`")
    asyncio.run(_run_async(url))


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported; use `skyport migrate`")
run_online()
