"""Database access: an SQLAlchemy async engine for transactions, an asyncpg pool for hot reads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
import orjson
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy form (`postgresql+asyncpg://`) of any Postgres URL."""
    return make_url(url).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def asyncpg_dsn(url: str) -> str:
    """The libpq form (`postgresql://`) that asyncpg accepts."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _init_connection(conn: asyncpg.Connection) -> None:
    for json_type in ("json", "jsonb"):
        await conn.set_type_codec(
            json_type,
            encoder=lambda v: orjson.dumps(v).decode(),
            decoder=orjson.loads,
            schema="pg_catalog",
        )


async def light_reset(conn: asyncpg.Connection) -> None:
    """Undo what a released pooled connection may have left: an open transaction, nothing else."""
    # asyncpg's default reset costs a round trip per release (unlock all, close all, unlisten,
    # reset all). Our code keeps no session state on pooled connections (the one advisory lock,
    # in bootstrap, is released explicitly), so only an open transaction needs undoing.
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


@dataclass
class Database:
    """The system of record: `engine` for writes and ORM work, `pool` for fast reads."""

    engine: AsyncEngine
    pool: asyncpg.Pool

    @classmethod
    async def connect(cls, url: str, *, pool_size: int = 10) -> Database:
        """Open the engine and the read pool, `pool_size` connections each at most (so a process
        holds at most twice that); fails fast when Postgres is unreachable."""
        engine = create_async_engine(
            sqlalchemy_url(url), pool_size=pool_size, max_overflow=0, pool_pre_ping=True
        )
        pool = await asyncpg.create_pool(
            asyncpg_dsn(url),
            min_size=1,
            max_size=pool_size,
            init=_init_connection,
            reset=light_reset,
        )
        return cls(engine=engine, pool=pool)

    async def close(self) -> None:
        """Close both pools."""
        await self.pool.close()
        await self.engine.dispose()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session that commits on success and rolls back on error."""
        async with (
            AsyncSession(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    async def ping(self) -> None:
        """Round-trip to Postgres (for readiness checks)."""
        async with self.pool.acquire() as conn:
            await conn.fetchval("SELECT 1")
