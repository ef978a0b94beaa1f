"""The periodic schedule: what runs from the start, how a capability adds a job, housekeeping."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio
from sqlmodel import col, select

from data.clock import FrozenClock
from data.db import Database
from data.idempotency.models import IdempotencyKey
from data.outbox.service import add_message
from jobs.deps import JobDeps, open_deps
from jobs.queue import make_queue
from jobs.schedule import (
    PERIODIC,
    TOPICS,
    Envelope,
    load_tasks,
    register_periodic,
    register_topic,
)
from jobs.tasks.housekeeping import purge_idempotency_keys
from jobs.worker import running_worker
from tests.jobs.conftest import ConfigFactory, eventually


def test_the_schedule_starts_with_the_relay_and_housekeeping_and_every_email_topic() -> None:
    load_tasks()
    crons = {p.name: p.cron for p in PERIODIC}
    assert crons["outbox_relay"] == "* * * * * *"  # every second
    assert "purge_idempotency_keys" in crons
    assert "purge_relayed_outbox" in crons
    assert {
        "email.booking_held",
        "email.booking_confirmed",
        "email.payment_failed",
        "email.hold_expired",
        "email.booking_cancelled",
        "email.password_reset",
    } <= TOPICS.keys()


def test_a_bad_registration_is_refused() -> None:
    load_tasks()

    async def noop(deps: JobDeps) -> None:
        return None

    with pytest.raises(ValueError, match="invalid cron"):
        register_periodic("hold_expiry", "every minute", noop)
    with pytest.raises(ValueError, match="registered twice"):
        register_periodic("outbox_relay", "* * * * *", noop)


async def test_a_periodic_job_registered_by_a_capability_runs_in_the_worker(
    make_config: ConfigFactory,
) -> None:
    # given a capability registering a job every second (as hold expiry will)
    ran = asyncio.Event()

    async def expire_holds(deps: JobDeps) -> None:
        ran.set()

    name = f"test_expire_holds_{secrets.token_hex(3)}"
    register_periodic(name, "* * * * * *", expire_holds)
    try:
        # when a worker runs, then it runs the job without being told about it
        async with running_worker(make_config()):
            await eventually(_is_set(ran), within=10, message="the registered job")
    finally:
        PERIODIC[:] = [p for p in PERIODIC if p.name != name]
    assert ran.is_set()


def _is_set(event: asyncio.Event) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return event.is_set()

    return check


@pytest_asyncio.fixture
async def deps(make_config: ConfigFactory) -> AsyncIterator[JobDeps]:
    config = make_config()
    queue = make_queue(config.redis_url, config.namespace)
    clock = FrozenClock(datetime.now(UTC))
    async with open_deps(config, queue=queue, clock=clock) as opened:
        yield opened
    await queue.disconnect()


async def test_idempotency_keys_older_than_a_day_are_purged(db: Database, deps: JobDeps) -> None:
    # given an idempotency key from 25 hours ago and one from an hour ago
    now = deps.clock.now()
    scope = f"test-{secrets.token_hex(3)}"
    async with db.session() as session:
        for key, age in (("old", 25), ("fresh", 1)):
            session.add(
                IdempotencyKey(
                    scope=scope, key=key, request_hash="h", created_at=now - timedelta(hours=age)
                )
            )

    # when the housekeeping job runs
    purged = await purge_idempotency_keys(deps)

    # then only the fresh key is left
    assert purged >= 1
    async with db.session() as session:
        left = await session.exec(
            select(IdempotencyKey.key).where(col(IdempotencyKey.scope) == scope)
        )
        assert left.all() == ["fresh"]


async def test_stopping_a_worker_lets_a_running_job_finish(
    db: Database, make_config: ConfigFactory
) -> None:
    # given a worker running a slow delivery
    topic = f"test.slow_{secrets.token_hex(3)}"
    started, finished = asyncio.Event(), asyncio.Event()

    async def slow_delivery(deps: JobDeps, message: Envelope) -> None:
        started.set()
        await asyncio.sleep(0.5)
        finished.set()

    register_topic(topic, slow_delivery)
    try:
        async with running_worker(make_config()):
            async with db.session() as session:
                await add_message(session, topic=topic, dedupe_key=topic, payload={})
            await eventually(_is_set(started), within=10, message="the delivery to start")
            # when the worker is stopped mid-job (leaving the block)

        # then the job was allowed to finish
        assert finished.is_set()
    finally:
        TOPICS.pop(topic, None)
