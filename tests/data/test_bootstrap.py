"""Start-up's database preparation: demo data and demo logins on a first run only."""

from __future__ import annotations

from datetime import date

from data.db import Database
from skyport.bootstrap import DEMO_ACCOUNTS, prepare_database

DEMO_EMAILS = [account.email for account in DEMO_ACCOUNTS]


async def _demo_logins(url: str) -> int:
    db = await Database.connect(url, pool_size=1)
    try:
        return int(
            await db.pool.fetchval(
                "SELECT count(*) FROM user_account WHERE email = ANY($1::text[])", DEMO_EMAILS
            )
        )
    finally:
        await db.close()


async def test_demo_logins_come_with_the_demo_data_only(scratch_database_url: str) -> None:
    # given a first start on an empty database: demo data and the README's demo logins
    assert await prepare_database(scratch_database_url, today=date.today()) is not None
    assert await _demo_logins(scratch_database_url) == len(DEMO_ACCOUNTS)
    # when an operator removes those logins and the portal starts again
    db = await Database.connect(scratch_database_url, pool_size=1)
    try:
        await db.pool.execute("DELETE FROM user_account WHERE email = ANY($1::text[])", DEMO_EMAILS)
    finally:
        await db.close()
    assert await prepare_database(scratch_database_url, today=date.today()) is None
    # then they stay gone: passwords printed in the README never come back by themselves
    assert await _demo_logins(scratch_database_url) == 0
