"""Throw-away databases for test runs and benchmarks: each run gets its own."""

from __future__ import annotations

import secrets

import asyncpg
from sqlalchemy.engine import make_url

from data.db import asyncpg_dsn


def with_database(url: str, name: str) -> str:
    """The same server URL, pointing at database `name`."""
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def create_database(server_url: str, *, prefix: str = "skyport_test") -> str:
    """Create a fresh, uniquely named database on the server of `server_url`; return its URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return with_database(server_url, name)


async def drop_database(server_url: str, database_url: str) -> None:
    """Drop a database made by `create_database` (closing other sessions on it)."""
    name = make_url(database_url).database
    conn = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
