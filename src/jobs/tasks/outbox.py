"""Relay the outbox every second."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
