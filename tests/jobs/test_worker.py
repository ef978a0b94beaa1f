"""The worker against real Postgres and Redis: delivery, outages, crashes and dead letters."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from saq import Status
from sqlmodel import col, func, select, update

from data.booking.models import Booking
from data.clock import SystemClock
from data.db import Database
from data.enums import BookingStatus
from data.outbox import service as outbox
from data.outbox.models import JobFailure, OutboxMessage, SentEmail
from jobs import schedule
from jobs.config import JobsConfig
from jobs.deps import JobDeps
from jobs.emails.compose import message_id
from jobs.queue import OutageTolerantQueue, make_queue, outbox_job, outbox_job_key
from jobs.relay import relay_outbox
from jobs.schedule import Envelope
from jobs.worker import running_worker
from tests.jobs.conftest import (
    BookingFactory,
    ConfigFactory,
    SmtpInbox,
    ThrowawayRedis,
    eventually,
    read_eml,
)


async def _sent_count(db: Database, keys: list[str]) -> int:
    async with db.session() as session:
        statement = select(func.count()).where(col(SentEmail.dedupe_key).in_(keys))
        return int((await session.exec(statement)).one())


def _message_ids(mail_dir: Path) -> Counter[str]:
    """How many .eml files carry each Message-ID."""
    return Counter(str(read_eml(p)["Message-ID"]) for p in mail_dir.glob("*.eml"))


async def _confirm(db: Database, booking_id: int) -> str:
    """A business transaction: confirm the booking and announce it through the outbox."""
    key = f"booking:{booking_id}:confirmed"
    async with db.session() as session:
        await session.exec(
            update(Booking)
            .where(col(Booking.id) == booking_id)
            .values(
                status=BookingStatus.CONFIRMED.value,
                payment_due_by=None,
                confirmed_at=datetime.now(UTC),
            )
        )
        await outbox.add_message(
            session,
            topic="email.booking_confirmed",
            dedupe_key=key,
            payload={"booking_id": booking_id},
        )
    return key


async def test_a_confirmation_written_to_the_outbox_is_emailed_by_the_worker(
    db: Database, make_config: ConfigFactory, make_booking: BookingFactory
) -> None:
    # given a running worker and a held booking
    config = make_config()
    trip = await make_booking(BookingStatus.HELD)
    async with running_worker(config):
        # when the booking is confirmed (the transaction writes only an outbox row)
        key = await _confirm(db, trip.id)

        # then the worker's periodic relay picks it up and the email goes out
        await eventually(lambda: _has_sent(db, key), within=20, message="the confirmation email")
    sent = _message_ids(config.email.mail_dir)
    assert sent[message_id(key, config.email.sender)] == 1


async def _has_sent(db: Database, key: str) -> bool:
    return await _sent_count(db, [key]) == 1


async def test_redis_outage_loses_no_confirmation_and_sends_none_twice(
    db: Database,
    make_config: ConfigFactory,
    make_booking: BookingFactory,
    throwaway_redis: ThrowawayRedis,
) -> None:
    # given a worker on a Redis that then stops, and 100 held bookings
    config = make_config(redis_url=throwaway_redis.url)
    trips = [await make_booking(BookingStatus.HELD) for _ in range(100)]
    async with running_worker(config):
        throwaway_redis.stop()

        # when 100 business transactions each confirm a booking while Redis is down
        keys = [await _confirm(db, trip.id) for trip in trips]

        # then every transaction committed, and its message waits in Postgres
        async with db.session() as session:
            confirmed = await session.exec(
                select(func.count()).where(
                    col(Booking.id).in_([t.id for t in trips]),
                    col(Booking.status) == BookingStatus.CONFIRMED.value,
                )
            )
            assert confirmed.one() == 100
        queue = make_queue(config.redis_url, config.namespace)
        try:
            relayed = await relay_outbox(
                db=db, queue=queue, clock=SystemClock(), policy=config.policy
            )
        finally:
            await queue.disconnect()
        assert relayed == 0
        assert await _pending(db, keys) == 100

        # when Redis comes back (empty: nothing of the queue survived)
        throwaway_redis.start()

        # then exactly 100 emails go out
        await eventually(lambda: _all_sent(db, keys), within=60, message="100 emails")
        assert await _pending(db, keys) == 0
        # (once every first delivery's job has finished: SAQ skips re-enqueuing a job that is
        # still running, and that one would end "sent", not "already sent")
        await eventually(
            lambda: _jobs_complete(config, keys), within=30, message="the first jobs to finish"
        )

        # and a second relay of every message (as after a relay crash) sends none twice
        async with db.session() as session:
            await session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.dedupe_key).in_(keys))
                .values(sent_at=None, available_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        await eventually(
            lambda: _relayed_and_done(db, config, keys),
            within=30,
            message="the second relay to be processed",
        )

    sent = _message_ids(config.email.mail_dir)
    expected = {message_id(key, config.email.sender) for key in keys}
    assert {mid: n for mid, n in sent.items() if mid in expected} == dict.fromkeys(expected, 1)
    assert await _sent_count(db, keys) == 100


async def _pending(db: Database, keys: list[str]) -> int:
    async with db.session() as session:
        statement = select(func.count()).where(
            col(OutboxMessage.dedupe_key).in_(keys), col(OutboxMessage.sent_at).is_(None)
        )
        return int((await session.exec(statement)).one())


async def _all_sent(db: Database, keys: list[str]) -> bool:
    return await _sent_count(db, keys) == len(keys)


async def _relayed_and_done(db: Database, config: JobsConfig, keys: list[str]) -> bool:
    if await _pending(db, keys):
        return False
    return await _jobs_complete(config, keys, result="already sent")


async def _jobs_complete(config: JobsConfig, keys: list[str], result: str | None = None) -> bool:
    """Whether the outbox jobs of `keys` have all completed (with `result`, if given)."""
    queue = make_queue(config.redis_url, config.namespace)
    try:
        jobs = await queue.jobs(outbox_job_key(k) for k in keys)
    finally:
        await queue.disconnect()
    return all(
        job is not None and job.status == "complete" and result in (None, job.result)
        for job in jobs
    )


async def test_a_job_of_a_killed_worker_is_retried_and_its_email_goes_out_once(
    db: Database,
    make_config: ConfigFactory,
    make_booking: BookingFactory,
    smtp_server: tuple[SmtpInbox, int],
    tmp_path: Path,
) -> None:
    # given a worker process sending through an SMTP relay that holds our email back
    inbox, port = smtp_server
    config = make_config(backend="smtp", smtp_port=port)
    trip = await make_booking(BookingStatus.HELD)
    key = f"booking:{trip.id}:confirmed"
    inbox.hold_message_id = message_id(key, config.email.sender)
    env = {
        **os.environ,
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "SKYPORT_REDIS_NAMESPACE": config.namespace,
        "SKYPORT_DATA_DIR": str(tmp_path),
        "SKYPORT_EMAIL_BACKEND": "smtp",
        "SKYPORT_SMTP_HOST": "127.0.0.1",
        "SKYPORT_SMTP_PORT": str(port),
        "SKYPORT_JOB_TIMEOUT_SECONDS": "3",
        "SKYPORT_WORKER_SWEEP_SECONDS": "1",
    }
    with (tmp_path / "worker.log").open("wb") as log:
        worker = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "skyport",
            "worker",
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        # when a booking is confirmed and the worker is killed while sending its email
        await _confirm(db, trip.id)
        assert await asyncio.to_thread(inbox.holding.wait, 30), "the worker never sent the email"
        worker.send_signal(signal.SIGKILL)
    finally:
        if worker.returncode is None:
            worker.kill()
        await asyncio.wait_for(worker.wait(), 10)
    inbox.release.set()

    # then another worker finds the job stuck, retries it, and the email goes out once
    async with running_worker(config):
        await eventually(lambda: _has_sent(db, key), within=45, message="the retried email")
    ours = message_id(key, config.email.sender)
    assert [m["Message-ID"] for m in inbox.accepted].count(ours) == 1
    queue = make_queue(config.redis_url, config.namespace)
    try:
        job = await queue.job(outbox_job_key(key))
    finally:
        await queue.disconnect()
    assert job is not None
    assert job.attempts == 2


async def test_a_job_failing_every_attempt_becomes_a_dead_letter(
    db: Database, make_config: ConfigFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # given an outbox message of a topic nothing handles, holding a secret
    config = make_config()
    key = f"test-dead:{os.getpid()}:{datetime.now(UTC).timestamp()}"
    payload = {"partner": 7, "token": "reset-token-that-must-not-be-logged"}
    async with db.session() as session:
        await outbox.add_message(
            session, topic="webhook.partner_ping", dedupe_key=key, payload=payload
        )

    # when the worker has tried it as often as the policy allows
    caplog.set_level(logging.INFO)
    async with running_worker(config):
        await eventually(lambda: _dead(db, key), within=20, message="the dead letter")

    # then the logs (at the usual INFO level) name the failing job, but not what it carried
    logged = [record.getMessage() for record in caplog.records]
    assert any("Error processing job" in line and key in line for line in logged)
    assert not [line for line in logged if payload["token"] in line]

    # then the job is kept as a dead letter with its arguments and last error, but not the
    # secret: the table is one operators browse, and a reset token is a live credential
    async with db.session() as session:
        failure = (
            await session.exec(
                select(JobFailure).where(col(JobFailure.job_key) == outbox_job_key(key))
            )
        ).one()
    assert failure.attempts == config.policy.attempts
    assert failure.arguments["payload"] == {"partner": 7, "token": "[redacted]"}
    assert failure.arguments["dedupe_key"] == key
    assert "no handler for outbox topic 'webhook.partner_ping'" in failure.error


async def _dead(db: Database, key: str) -> bool:
    async with db.session() as session:
        statement = select(func.count()).where(col(JobFailure.job_key) == outbox_job_key(key))
        return int((await session.exec(statement)).one()) == 1


async def test_a_stopping_worker_finishes_its_job_and_starts_no_new_one(
    make_config: ConfigFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # given a worker running a slow job, with a free slot for another
    config = dataclasses.replace(make_config(), concurrency=2)
    topic = f"test.slow.{os.getpid()}.{datetime.now(UTC).timestamp()}"
    started: list[str] = []
    finished: list[str] = []
    cancelled: list[str] = []

    async def slow(deps: JobDeps, envelope: Envelope) -> None:
        started.append(envelope.dedupe_key)
        try:
            await asyncio.sleep(0.5)
        except asyncio.CancelledError:
            cancelled.append(envelope.dedupe_key)
            raise
        finished.append(envelope.dedupe_key)

    schedule.register_topic(topic, slow)
    queue = make_queue(config.redis_url, config.namespace)
    await queue.connect()
    try:

        async def enqueue(key: str) -> None:
            job = outbox_job(topic=topic, dedupe_key=key, payload={}, policy=config.policy)
            assert await queue.enqueue(job) is not None

        worker = running_worker(config)
        saq_worker = await worker.__aenter__()
        stopping: asyncio.Task[bool | None] | None = None
        try:
            caplog.set_level(logging.WARNING)
            await enqueue("first")
            await eventually(lambda: _true(started == ["first"]), message="the first job")

            # when the worker is told to stop, and another job arrives during its grace period
            stopping = asyncio.create_task(worker.__aexit__(None, None, None))
            draining = saq_worker.queue
            assert isinstance(draining, OutageTolerantQueue)
            await eventually(lambda: _true(draining.draining), message="the worker stopping")
            await enqueue("second")
        finally:
            await (stopping or worker.__aexit__(None, None, None))

        # then the first job finished within the grace period, and the second never started
        # (the free slot used to start it, and the end of the grace period cancelled it mid-way)
        assert finished == ["first"]
        assert started == ["first"]
        assert cancelled == []
        second = await queue.job(outbox_job_key("second"))
        assert second is not None
        assert second.status == Status.QUEUED
        assert second.attempts == 0
        # and the stop warned of nothing (no job outlived the grace period)
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []

        # and the next worker runs the second job, once
        async with running_worker(config):
            await eventually(lambda: _true(finished == ["first", "second"]), within=20)
        assert started == ["first", "second"]
    finally:
        schedule.TOPICS.pop(topic, None)
        await queue.disconnect()


async def _true(value: bool) -> bool:
    return value


async def test_a_job_outliving_the_grace_period_is_cancelled_with_a_warning(
    make_config: ConfigFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # given a worker running a job that takes longer than the worker's grace period
    config = make_config()
    topic = f"test.stuck.{os.getpid()}.{datetime.now(UTC).timestamp()}"
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def stuck(deps: JobDeps, envelope: Envelope) -> None:
        started.set()
        try:
            await asyncio.sleep(config.shutdown_grace_seconds * 10)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    schedule.register_topic(topic, stuck)
    queue = make_queue(config.redis_url, config.namespace)
    await queue.connect()
    try:
        caplog.set_level(logging.WARNING)
        async with running_worker(config):
            job = outbox_job(topic=topic, dedupe_key="stuck", payload={}, policy=config.policy)
            await queue.enqueue(job)
            await asyncio.wait_for(started.wait(), 20)
            # when the worker is stopped
        # then the job was cancelled once the grace period ran out, and the log says so
        assert cancelled.is_set()
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert any("still running after the 2 s grace period" in w for w in warnings), warnings
    finally:
        schedule.TOPICS.pop(topic, None)
        await queue.disconnect()
