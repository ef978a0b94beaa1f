"""The SAQ queue on Redis, named under the deployment's namespace."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from saq import Job
from saq.queue.redis import RedisQueue

from jobs.config import JobPolicy

log = logging.getLogger(__name__)

DELIVER_OUTBOX = "deliver_outbox"
"""The job that hands one outbox message to its topic's handler."""

DEQUEUE_TIMEOUT = 5.0
_OUTAGE_PAUSE = 1.0
_OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


def queue_name(namespace: str) -> str:
    """The queue's name: `<namespace>:jobs`, so deployments and test runs never share one."""
    return f"{namespace}:jobs"


class OutageTolerantQueue(RedisQueue):
    """A Redis queue whose workers wait out a Redis outage instead of spinning on errors, and
    take no new job once their worker is stopping (`draining`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draining = False
        """Set when the worker stops: running jobs get their grace period, and no new job starts
        only to be cancelled at its end (a cancelled email send may have gone out already, and
        its retry would send it again)."""
        self.taken: set[str] = set()
        """Ids of the jobs this queue handed to its worker that are not yet through (`done_with`):
        from the moment a dequeue returns one to its status and hooks after it ran."""

    async def dequeue(self, timeout: float = 0.0, poll_interval: float = 0.0) -> Job | None:  # noqa: ASYNC109
        """The next job; None after a pause when Redis cannot be reached or the worker is
        stopping. A job taken by a wait that began before the stop goes back to the queue."""
        if self.draining:
            await asyncio.sleep(max(timeout, _OUTAGE_PAUSE))
            return None
        try:
            job = await super().dequeue(timeout, poll_interval)
            if job is not None and self.draining:
                await self.retry(job, "the worker stopped before starting it")
                return None
        except _OUTAGE as exc:
            log.warning("job queue unreachable, retrying: %s", exc)
            await asyncio.sleep(_OUTAGE_PAUSE)
            return None
        if job is not None:
            self.taken.add(job.id)
        return job

    def done_with(self, job: Job) -> None:
        """The worker is through with `job` (its worker's last `after_process` hook)."""
        self.taken.discard(job.id)

    async def disconnect(self) -> None:
        """Close the connections; a Redis that is gone already is no error."""
        try:
            await super().disconnect()
        except _OUTAGE:
            await self._pubsub.pubsub.aclose()  # type: ignore[no-untyped-call]
            await self.redis.aclose()


def make_queue(redis_url: str, namespace: str) -> OutageTolerantQueue:
    """A queue client for `redis_url` (call `connect()` before use, `disconnect()` after)."""
    redis: Redis = Redis.from_url(
        redis_url,
        socket_connect_timeout=5,
        socket_timeout=DEQUEUE_TIMEOUT + 10,
        health_check_interval=30,
    )
    return OutageTolerantQueue(redis, name=queue_name(namespace))


def outbox_job_key(dedupe_key: str) -> str:
    """An outbox message's job key: while its job is pending, enqueueing it again is a no-op."""
    return f"outbox:{dedupe_key}"


def outbox_job(*, topic: str, dedupe_key: str, payload: dict[str, Any], policy: JobPolicy) -> Job:
    """The job that delivers one outbox message."""
    return Job(
        function=DELIVER_OUTBOX,
        key=outbox_job_key(dedupe_key),
        kwargs={"topic": topic, "dedupe_key": dedupe_key, "payload": payload},
        timeout=policy.timeout_seconds,
        retries=policy.attempts,
        retry_delay=policy.retry_delay_seconds,
        retry_backoff=policy.max_retry_delay_seconds,
        ttl=3600,
    )
