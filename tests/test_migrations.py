"""The models and the Alembic migrations never drift apart."""

from __future__ import annotations

import asyncio

from skyport import migrate


async def test_models_match_migrations(database_url: str) -> None:
    # given a database migrated to head, when alembic compares it with the models,
    # then it finds nothing to generate (alembic check raises otherwise)
    await asyncio.to_thread(migrate.check, database_url)
