"""First-run work shared by `serve` and `seed`: migrate, seed the demo network, demo accounts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

import structlog

from data.db import Database
from data.enums import Role
from data.seed import SeedReport, is_seeded, seed_database
from data.users.service import ensure_user
from skyport import migrate

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class DemoAccount:
    """A login the README gives to people trying Skyport."""

    email: str
    password: str
    name: str
    role: Role


DEMO_ACCOUNTS = (
    DemoAccount("demo@skyport.example", "skyport-demo", "Dana Demo", Role.CUSTOMER),
    DemoAccount("staff@skyport.example", "skyport-staff", "Sam Staff", Role.STAFF),
    DemoAccount("admin@skyport.example", "skyport-admin", "Ada Admin", Role.ADMIN),
)


async def ensure_demo_accounts(db: Database) -> None:
    """Create the demo logins that do not exist yet."""
    async with db.session() as session:
        for account in DEMO_ACCOUNTS:
            await ensure_user(
                session,
                email=account.email,
                password=account.password,
                name=account.name,
                role=account.role,
            )


# Several web replicas may start at once: one migrates and seeds, the others wait.
STARTUP_LOCK_KEY = 0x5C7_B0A7


async def prepare_database(
    database_url: str, *, today: date, demo_accounts: bool
) -> SeedReport | None:
    """Migrate, then seed the demo network into an empty database, and the demo logins with it
    when `demo_accounts` (`Settings.with_demo_accounts`)."""
    db = await Database.connect(database_url, pool_size=2)
    try:
        async with db.pool.acquire() as lock:
            await lock.execute("SELECT pg_advisory_lock($1)", STARTUP_LOCK_KEY)
            try:
                await asyncio.to_thread(migrate.upgrade, database_url)
                return await _seed_demo_if_empty(db, today=today, demo_accounts=demo_accounts)
            finally:
                await lock.execute("SELECT pg_advisory_unlock($1)", STARTUP_LOCK_KEY)
    finally:
        await db.close()


async def _seed_demo_if_empty(
    db: Database, *, today: date, demo_accounts: bool
) -> SeedReport | None:
    if await is_seeded(db):
        # Demo logins come with the demo data only: a deployment's own database never gets
        # accounts whose passwords the README prints (nor gets them back after deleting them).
        return None
    log.info("seeding demo data (first run)")
    report = await seed_database(db, scale="demo", start=today)
    log.info("seeded", flights=report.flights, seconds=round(report.seconds, 1))
    if demo_accounts:
        await ensure_demo_accounts(db)
    else:
        log.info("no demo logins on this database: create accounts with `skyport createuser`")
    return report
