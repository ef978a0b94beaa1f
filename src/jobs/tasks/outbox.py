"""Relay the outbox every second; every ten minutes, relay again the emails that never went out."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from data.outbox import service as outbox
from jobs.emails.compose import LASTING_TOPICS
from jobs.relay import relay_outbox
from jobs.schedule import register_periodic

if TYPE_CHECKING:
    from jobs.deps import JobDeps


async def relay(deps: JobDeps) -> int:
    """Move due outbox messages onto the queue."""
    return await relay_outbox(
        db=deps.db, queue=deps.queue, clock=deps.clock, policy=deps.config.policy
    )


register_periodic("outbox_relay", "* * * * * *", relay, timeout_seconds=15)


REDELIVER_AFTER = timedelta(minutes=30)
"""How long after its relay an email with no delivery record counts as lost (its job's retries
are over by then)."""
REDELIVER_WITHIN = timedelta(days=2)
MAX_RELAYS = 6
"""Relays of one message in all: a mail provider down for a few hours is waited out, an email
that can never be built stops coming back (its failures stay in `job_failure`)."""


async def redeliver_emails(deps: JobDeps) -> int:
    """Relay again the lasting emails (confirmations, expiries, cancellations) whose job gave up
    or was lost (see `reopen_undelivered_emails`)."""
    async with deps.db.session() as session:
        return await outbox.reopen_undelivered_emails(
            session,
            topics=LASTING_TOPICS,
            now=deps.clock.now(),
            after=REDELIVER_AFTER,
            within=REDELIVER_WITHIN,
            max_relays=MAX_RELAYS,
        )


register_periodic("redeliver_emails", "*/10 * * * *", redeliver_emails)
