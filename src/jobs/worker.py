"""The SAQ worker: outbox deliveries, the periodic schedule, retries and dead letters."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any, cast

from saq import CronJob, Job, Status, Worker
from saq.types import Context, Function, PartialTimersDict

from data.clock import Clock
from data.outbox.failures import record_failure
from jobs.config import JobsConfig
from jobs.deps import JobDeps, open_deps
from jobs.queue import DELIVER_OUTBOX, DEQUEUE_TIMEOUT, OutageTolerantQueue, make_queue
from jobs.schedule import PERIODIC, Envelope, Periodic, load_tasks, topic_handler

log = logging.getLogger(__name__)


class _GraceGivenAlready(logging.Filter):
    """Drops SAQ's "did not finish within the shutdown grace period" warning: SAQ's own grace is
    off, so it says so at every stop, when all it cancels are its idle loops. `_drain` gives
    running jobs their grace before, and warns itself about any job still running after it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "within the shutdown grace period" not in record.getMessage()


class _NoJobArguments(logging.Filter):
    """Logs a job SAQ names (e.g. "Error processing job %s") by key and status, not with its
    arguments: an outbox payload can hold a customer's address or a password-reset token, which
    have no place in logs. The dead letter keeps the arguments (`data.outbox.failures`). SAQ's
    own INFO lines leave them out too, unless its logger is set to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, Job) for a in record.args):
            record.args = tuple(a.info(False) if isinstance(a, Job) else a for a in record.args)
        return True


_SAQ_LOG = logging.getLogger("saq")
for _filter in (_GraceGivenAlready, _NoJobArguments):
    if not any(isinstance(f, _filter) for f in _SAQ_LOG.filters):
        _SAQ_LOG.addFilter(_filter())


class JobContext(Context, total=False):
    """SAQ's job context plus our dependencies."""

    deps: JobDeps


async def deliver_outbox(
    ctx: JobContext, *, topic: str, dedupe_key: str, payload: dict[str, Any]
) -> object:
    """Hand one outbox message to the handler of its topic."""
    handler = topic_handler(topic)
    return await handler(ctx["deps"], Envelope(topic, dedupe_key, payload))


def _periodic_function(periodic: Periodic) -> Function[JobContext]:
    async def run(ctx: JobContext) -> object:
        return await periodic.function(ctx["deps"])

    # SAQ names a cron job by its function's qualified name.
    run.__qualname__ = run.__name__ = f"periodic.{periodic.name}"
    return run


async def _dead_letter(ctx: JobContext) -> None:
    job = ctx.get("job")
    if job is None or job.status != Status.FAILED or job.key.startswith("cron:"):
        return
    log.error("job %s gave up after %d attempts", job.key, job.attempts)
    async with ctx["deps"].db.session() as session:
        await record_failure(
            session,
            function=job.function,
            job_key=job.key,
            arguments=job.kwargs or {},
            attempts=job.attempts,
            error=job.error or "",
        )


async def _after_job(ctx: JobContext) -> None:
    """Keep a dead letter of a job that gave up; then (whatever happened) tell the queue the
    worker is through with the job, which a stopping worker waits for (`_drain`)."""
    try:
        await _dead_letter(ctx)
    finally:
        job, queue = ctx.get("job"), ctx["deps"].queue
        if job is not None and isinstance(queue, OutageTolerantQueue):
            queue.done_with(job)


def build_worker(deps: JobDeps) -> Worker[JobContext]:
    """A worker for `deps.queue` running outbox deliveries and every registered periodic job."""
    load_tasks()
    config = deps.config
    worker: Worker[JobContext] = Worker(
        deps.queue,
        functions=[(DELIVER_OUTBOX, deliver_outbox)],
        concurrency=config.concurrency,
        cron_jobs=[
            CronJob(_periodic_function(p), cron=p.cron, timeout=p.timeout_seconds, retries=1)
            for p in PERIODIC
        ],
        after_process=_after_job,
        # SAQ types every timer as required although each is optional.
        timers=cast(PartialTimersDict, {"sweep": config.sweep_seconds}),
        dequeue_timeout=DEQUEUE_TIMEOUT,
        # Stop cancels at once; `_drain` has stopped taking jobs and given running ones their
        # grace period before.
        shutdown_grace_period_s=None,
    )
    worker.SIGNALS = []  # whoever runs the worker owns SIGINT/SIGTERM (uvicorn, or `run`)
    worker.context["deps"] = deps
    return worker


@asynccontextmanager
async def running_worker(
    config: JobsConfig, *, clock: Clock | None = None
) -> AsyncIterator[Worker[JobContext]]:
    """Run a worker in the background of the current event loop until the block exits."""
    async with AsyncExitStack() as stack:
        queue = make_queue(config.redis_url, config.namespace)
        await queue.connect()
        stack.push_async_callback(queue.disconnect)
        deps = await stack.enter_async_context(open_deps(config, queue=queue, clock=clock))
        worker = build_worker(deps)
        task = asyncio.create_task(worker.start(), name="saq-worker")
        try:
            yield worker
        finally:
            await _drain(queue, config.shutdown_grace_seconds)
            await worker.stop()
            await task


_DRAIN_POLL_SECONDS = 0.05


async def _drain(queue: OutageTolerantQueue, grace_seconds: float) -> None:
    """Take no new job, and give the jobs taken to finish, their status and dead letter written,
    up to `grace_seconds`; any still running then is cancelled (and retried later)."""
    queue.draining = True
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace_seconds
    while queue.taken:
        left = deadline - loop.time()
        if left <= 0:
            log.warning(
                "%d job(s) still running after the %s s grace period: cancelled, to be retried",
                len(queue.taken),
                grace_seconds,
            )
            return
        await asyncio.sleep(min(_DRAIN_POLL_SECONDS, left))


async def run(config: JobsConfig) -> None:
    """Run a worker until SIGINT or SIGTERM (the `skyport worker` process)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running_worker(config):
        await stop.wait()
