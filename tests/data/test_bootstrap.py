"""Start-up's database preparation: demo data and demo logins on a first run only."""

from __future__ import annotations

from datetime import date

from data.db import Database
from skyport.bootstrap import DEMO_ACCOUNTS, prepare_database
from skyport.embedded import ServiceUrls
from skyport.settings import Settings
from skyport.testing import create_database, drop_database

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
    assert (
        await prepare_database(scratch_database_url, today=date.today(), demo_accounts=True)
        is not None
    )
    assert await _demo_logins(scratch_database_url) == len(DEMO_ACCOUNTS)
    # when an operator removes those logins and the portal starts again
    db = await Database.connect(scratch_database_url, pool_size=1)
    try:
        await db.pool.execute("DELETE FROM user_account WHERE email = ANY($1::text[])", DEMO_EMAILS)
    finally:
        await db.close()
    assert (
        await prepare_database(scratch_database_url, today=date.today(), demo_accounts=True) is None
    )
    # then they stay gone: passwords printed in the README never come back by themselves
    assert await _demo_logins(scratch_database_url) == 0


async def test_a_database_of_ones_own_gets_no_demo_logins(service_urls: ServiceUrls) -> None:
    # given a first start on an empty database of a deployment (not the embedded servers)
    url = await create_database(service_urls.database_url, prefix="skyport_own_db")
    try:
        settings = Settings(DATABASE_URL=url, REDIS_URL=service_urls.redis_url)
        assert not settings.with_demo_accounts
        # when it is prepared, then it gets the demo network but no login with a public password
        report = await prepare_database(
            url, today=date.today(), demo_accounts=settings.with_demo_accounts
        )
        assert report is not None
        assert report.flights > 0
        assert await _demo_logins(url) == 0
    finally:
        await drop_database(service_urls.database_url, url)


def test_demo_logins_are_on_by_default_with_the_embedded_servers_only() -> None:
    assert Settings(DATABASE_URL=None, REDIS_URL=None).with_demo_accounts
    assert not Settings(DATABASE_URL="postgresql://db/x", REDIS_URL="redis://r").with_demo_accounts
    # a database of one's own with the embedded Redis (or none, as `skyport seed` runs) too
    assert not Settings(DATABASE_URL="postgresql://db/x", REDIS_URL=None).with_demo_accounts
    both = {"DATABASE_URL": "postgresql://db/x", "REDIS_URL": "redis://r", "demo_accounts": True}
    assert Settings(**both).with_demo_accounts
