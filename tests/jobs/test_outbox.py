"""The transactional outbox: messages commit with their change, and the relay queues them once."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio
from sqlmodel import col, delete, select, update

from data.clock import FrozenClock
from data.db import Database
from data.outbox import service as outbox
from data.outbox.models import OutboxMessage, SentEmail
from jobs.config import JobsConfig
from jobs.emails.compose import LASTING_TOPICS
from jobs.queue import OutageTolerantQueue, make_queue, outbox_job_key
from jobs.relay import relay_outbox
from jobs.tasks.outbox import MAX_RELAYS, REDELIVER_AFTER, REDELIVER_WITHIN
from tests.jobs.conftest import ConfigFactory, ThrowawayRedis


@pytest_asyncio.fixture
async def config(make_config: ConfigFactory) -> JobsConfig:
    return make_config()


@pytest_asyncio.fixture
async def queue(config: JobsConfig) -> AsyncIterator[OutageTolerantQueue]:
    queue = make_queue(config.redis_url, config.namespace)
    await queue.connect()
    yield queue
    await queue.disconnect()


async def _row(db: Database, dedupe_key: str) -> OutboxMessage | None:
    async with db.session() as session:
        statement = select(OutboxMessage).where(col(OutboxMessage.dedupe_key) == dedupe_key)
        return (await session.exec(statement)).first()


def _key() -> str:
    return f"test-outbox:{secrets.token_hex(6)}"


@pytest_asyncio.fixture(autouse=True)
async def _forget_test_messages(db: Database) -> AsyncIterator[None]:
    """Leave no pending messages of ours for other tests' relays."""
    yield
    async with db.session() as session:
        await session.exec(
            delete(OutboxMessage).where(col(OutboxMessage.dedupe_key).startswith("test-outbox:"))
        )


async def test_a_message_commits_or_rolls_back_with_its_transaction(db: Database) -> None:
    # given two business transactions writing outbox messages, the second failing
    kept, dropped = _key(), _key()
    async with db.session() as session:
        await outbox.add_message(
            session, topic="email.booking_confirmed", dedupe_key=kept, payload={"booking_id": 1}
        )

    async def declined_payment() -> None:
        async with db.session() as session:
            await outbox.add_message(
                session, topic="email.booking_confirmed", dedupe_key=dropped, payload={}
            )
            raise RuntimeError("payment declined")

    with pytest.raises(RuntimeError):
        await declined_payment()

    # then only the committed transaction's message exists
    assert await _row(db, kept) is not None
    assert await _row(db, dropped) is None


async def test_the_same_event_twice_is_one_message(db: Database) -> None:
    # given an event announced twice with one dedupe key (a retried transaction)
    key = _key()
    for booking_id in (1, 2):
        async with db.session() as session:
            await outbox.add_message(
                session,
                topic="email.booking_confirmed",
                dedupe_key=key,
                payload={"booking_id": booking_id},
            )

    # then one message holds the first payload
    row = await _row(db, key)
    assert row is not None
    assert row.payload == {"booking_id": 1}


async def test_relay_queues_each_message_once_and_marks_it_sent(
    db: Database, queue: OutageTolerantQueue, config: JobsConfig
) -> None:
    # given a pending message
    key = _key()
    async with db.session() as session:
        await outbox.add_message(
            session,
            topic="email.password_reset",
            dedupe_key=key,
            payload={"email": "ada@example.com", "token": "t"},
        )

    # when the relay runs, and runs again after the row was (as after a crash) left unsent
    clock = FrozenClock(datetime.now(UTC) + timedelta(seconds=1))
    await relay_outbox(db=db, queue=queue, clock=clock, policy=config.policy)
    first = await _row(db, key)
    async with db.session() as session:
        await session.exec(
            update(OutboxMessage).where(col(OutboxMessage.dedupe_key) == key).values(sent_at=None)
        )
    await relay_outbox(db=db, queue=queue, clock=clock, policy=config.policy)

    # then the message was marked sent, and one job waits for it under its deterministic key
    assert first is not None
    assert first.sent_at == clock.now()
    job = await queue.job(outbox_job_key(key))
    assert job is not None
    assert job.kwargs == {
        "topic": "email.password_reset",
        "dedupe_key": key,
        "payload": {"email": "ada@example.com", "token": "t"},
    }
    queued = await queue.redis.lrange(queue.namespace("queued"), 0, -1)
    assert queued.count(queue.job_id(outbox_job_key(key)).encode()) == 1


async def test_relays_running_at_once_never_take_the_same_rows(db: Database) -> None:
    # given two pending messages and a relay holding the first locked
    now = datetime.now(UTC) + timedelta(seconds=1)
    keys = [_key(), _key()]
    async with db.session() as session:
        for key in keys:
            await outbox.add_message(
                session,
                topic="email.password_reset",
                dedupe_key=key,
                payload={},
                available_at=now - timedelta(days=3650),
            )
    async with db.session() as first:
        taken_first = await outbox.claim_pending(first, now=now, limit=1)

        # when a second relay claims meanwhile
        async with db.session() as second:
            taken_second = await outbox.claim_pending(second, now=now, limit=10)

    # then each message went to one relay only
    assert [m.dedupe_key for m in taken_first] == [keys[0]]
    assert keys[0] not in [m.dedupe_key for m in taken_second]
    assert keys[1] in [m.dedupe_key for m in taken_second]


async def test_when_redis_is_down_messages_wait_in_postgres(
    db: Database, throwaway_redis: ThrowawayRedis, make_config: ConfigFactory
) -> None:
    # given a stopped Redis and a pending message
    config = make_config(redis_url=throwaway_redis.url)
    queue = make_queue(config.redis_url, config.namespace)
    await queue.connect()
    throwaway_redis.stop()
    key = _key()
    async with db.session() as session:
        await outbox.add_message(session, topic="email.password_reset", dedupe_key=key, payload={})

    # when the relay runs
    clock = FrozenClock(datetime.now(UTC) + timedelta(seconds=1))
    try:
        relayed = await relay_outbox(db=db, queue=queue, clock=clock, policy=config.policy)
    finally:
        await queue.disconnect()

    # then nothing was relayed and the message stays pending, retried a little later
    assert relayed == 0
    row = await _row(db, key)
    assert row is not None
    assert row.sent_at is None
    assert row.attempts == 1
    assert row.last_error is not None
    assert row.available_at > clock.now()


async def redelivery_sweep(db: Database, now: datetime) -> int:
    """The `redeliver_emails` sweep, as scheduled, at `now`."""
    async with db.session() as session:
        return await outbox.reopen_undelivered_emails(
            session,
            topics=LASTING_TOPICS,
            now=now,
            after=REDELIVER_AFTER,
            within=REDELIVER_WITHIN,
            max_relays=MAX_RELAYS,
        )


async def test_an_email_whose_job_was_lost_is_relayed_again(
    db: Database, queue: OutageTolerantQueue, config: JobsConfig
) -> None:
    # given a confirmation relayed onto the queue, whose job Redis then lost (a failover)
    key = _key()
    async with db.session() as session:
        await outbox.add_message(
            session, topic="email.booking_confirmed", dedupe_key=key, payload={"booking_id": 1}
        )
    clock = FrozenClock(datetime.now(UTC) + timedelta(seconds=1))
    await relay_outbox(db=db, queue=queue, clock=clock, policy=config.policy)
    lost = await queue.job(outbox_job_key(key))
    assert lost is not None
    await queue.redis.zrem(queue.namespace("incomplete"), lost.id)
    await queue.redis.lrem(queue.namespace("queued"), 0, lost.id)
    await queue.redis.delete(lost.id)

    # when the sweep runs before its job could have finished retrying, then nothing happens
    clock.advance(timedelta(minutes=10))
    await redelivery_sweep(db, clock.now())
    row = await _row(db, key)
    assert row is not None
    assert row.sent_at is not None
    # and when it runs half an hour after the relay with still no email sent for it
    clock.advance(timedelta(minutes=25))
    await redelivery_sweep(db, clock.now())
    await relay_outbox(db=db, queue=queue, clock=clock, policy=config.policy)
    # then the relay queued it again
    again = await queue.job(outbox_job_key(key))
    assert again is not None
    assert again.kwargs is not None
    assert again.kwargs["dedupe_key"] == key
    row = await _row(db, key)
    assert row is not None
    assert row.sent_at == clock.now()
    assert row.attempts == 2
    assert row.relays == 2


async def test_failed_relays_do_not_spend_the_redeliveries(db: Database) -> None:
    # given a confirmation whose relay failed six times (Redis was down), then went through an
    # hour ago, and whose job has since given up (no email went out)
    key, now = _key(), datetime.now(UTC)
    async with db.session() as session:
        await outbox.add_message(
            session, topic="email.booking_confirmed", dedupe_key=key, payload={}
        )
        await session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.dedupe_key) == key)
            .values(sent_at=now - timedelta(hours=1), attempts=7, relays=1)
        )
    # when the redelivery sweep runs
    reopened = await redelivery_sweep(db, now)
    # then it is handed back to the relay: it reached the queue once, not seven times
    assert reopened == 1
    row = await _row(db, key)
    assert row is not None
    assert row.sent_at is None


@pytest.mark.parametrize(
    "why", ["delivered", "relayed six times", "too old", "a reset link, expired by now"]
)
async def test_an_email_that_went_out_or_gave_up_for_good_is_not_relayed_again(
    db: Database, why: str
) -> None:
    # given an email message relayed an hour ago
    key, now = _key(), datetime.now(UTC)
    topic = "email.password_reset" if why.startswith("a reset") else "email.booking_confirmed"
    async with db.session() as session:
        await outbox.add_message(session, topic=topic, dedupe_key=key, payload={})
        relayed = now - (timedelta(days=3) if why == "too old" else timedelta(hours=1))
        # (one try in all: a sweep reading tries instead of relays would reopen it)
        relays = 6 if why == "relayed six times" else 1
        await session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.dedupe_key) == key)
            .values(sent_at=relayed, attempts=1, relays=relays)
        )
        if why == "delivered":
            session.add(SentEmail(dedupe_key=key, topic=topic, recipient="a@b.c", subject="s"))
    # when the sweep runs, then it leaves the message alone
    reopened = await redelivery_sweep(db, now)
    assert reopened == 0
    row = await _row(db, key)
    assert row is not None
    assert row.sent_at == relayed
    if why == "delivered":
        async with db.session() as session:
            await session.exec(delete(SentEmail).where(col(SentEmail.dedupe_key) == key))
