"""Purge what has outlived its use: idempotency keys after a day, relayed outbox rows after a month.

User sessions need no purge: they live in Redis with a TTL.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlmodel import col, delete

from data.idempotency.models import IdempotencyKey
from data.outbox import service as outbox
from jobs.schedule import register_periodic

if TYPE_CHECKING:
    from jobs.deps import JobDeps

IDEMPOTENCY_KEY_TTL = timedelta(hours=24)
OUTBOX_RETENTION = timedelta(days=30)


async def purge_idempotency_keys(deps: JobDeps) -> int:
    """Delete idempotency keys older than 24 hours; returns how many went."""
    cutoff = deps.clock.now() - IDEMPOTENCY_KEY_TTL
    async with deps.db.session() as session:
        result = await session.exec(
            delete(IdempotencyKey).where(col(IdempotencyKey.created_at) < cutoff)
        )
        return result.rowcount


async def purge_relayed_outbox(deps: JobDeps) -> int:
    """Delete outbox rows relayed more than 30 days ago (their sent_email records stay)."""
    async with deps.db.session() as session:
        return await outbox.purge_sent(session, before=deps.clock.now() - OUTBOX_RETENTION)


register_periodic("purge_idempotency_keys", "*/10 * * * *", purge_idempotency_keys)
register_periodic("purge_relayed_outbox", "17 3 * * *", purge_relayed_outbox)
