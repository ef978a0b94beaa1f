"""The outbox relay: move committed outbox messages onto the job queue."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from saq.queue import Queue

from data.clock import Clock
from data.db import Database
from data.outbox import service as outbox
from jobs.config import JobPolicy
from jobs.queue import outbox_job

log = logging.getLogger(__name__)


async def _relay_batch(
    *, db: Database, queue: Queue, clock: Clock, policy: JobPolicy, batch: int
) -> tuple[int, bool]:
    enqueued: list[int] = []
    async with db.session() as session:
        now = clock.now()
        messages = await outbox.claim_pending(session, now=now, limit=batch)
        for message in messages:
            assert message.id is not None
            job = outbox_job(
                topic=message.topic,
                dedupe_key=message.dedupe_key,
                payload=message.payload,
                policy=policy,
            )
            try:
                await queue.enqueue(job)
            except (RedisError, OSError) as exc:
                # The queue is down: this message and the rest stay pending for the next run.
                log.warning("outbox relay: queue unreachable: %s", exc)
                retry_at = now + outbox.retry_delay(message.attempts + 1)
                await outbox.mark_failed(
                    session, message_id=message.id, error=repr(exc), retry_at=retry_at
                )
                await outbox.mark_sent(session, ids=enqueued, now=now)
                return len(enqueued), True
            enqueued.append(message.id)
        await outbox.mark_sent(session, ids=enqueued, now=now)
    return len(enqueued), len(messages) < batch


async def relay_outbox(
    *, db: Database, queue: Queue, clock: Clock, policy: JobPolicy, batch: int = 200
) -> int:
    """Enqueue every due outbox message, one locked batch at a time; returns how many went.

    Rows are locked with SKIP LOCKED, so several relays can run at once. A message enqueued
    again (a crash before its row was marked) keeps its job key, so it is not queued twice
    while pending, and its handler is idempotent for the rest.
    """
    total = 0
    while True:
        count, done = await _relay_batch(
            db=db, queue=queue, clock=clock, policy=policy, batch=batch
        )
        total += count
        if done:
            return total
