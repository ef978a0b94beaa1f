"""Count the SQL statements a piece of code runs on a pool, with asyncpg query loggers.

asyncpg's own type introspection (once per connection and type, the first time a statement uses
a type) and the pool's reset on release are left out: they are not our statements.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import asyncpg
from asyncpg import introspection
from asyncpg.connection import LoggedQuery

_DRIVER = {
    introspection.INTRO_LOOKUP_TYPES,
    introspection.INTRO_LOOKUP_TYPES_13,
    introspection.TYPE_BY_NAME,
}


def _ours(query: str, reset: str | None) -> bool:
    return query != reset and query not in _DRIVER and "set_config('jit'" not in query


async def _on_every_connection(pool: asyncpg.Pool, add: bool, logger: object) -> None:
    """Add (or remove) a query logger on every connection the pool can hand out."""
    size = pool.get_max_size()
    proxies = await asyncio.gather(*(pool.acquire() for _ in range(size)))
    try:
        for proxy in proxies:
            if add:
                proxy.add_query_logger(logger)  # type: ignore[arg-type]
            else:
                with suppress(Exception):
                    proxy.remove_query_logger(logger)  # type: ignore[arg-type]
    finally:
        for proxy in proxies:
            await pool.release(proxy)


@asynccontextmanager
async def statements(pool: asyncpg.Pool) -> AsyncIterator[list[str]]:
    """The statements run on `pool` inside the block (the pool's own resets left out)."""
    seen: list[str] = []

    def log(record: LoggedQuery) -> None:
        seen.append(record.query)

    await _on_every_connection(pool, True, log)
    async with pool.acquire() as conn:
        reset = conn.get_reset_query()
    seen.clear()
    try:
        yield seen
    finally:
        await _on_every_connection(pool, False, log)
        seen[:] = [query for query in seen if _ours(query, reset)]
