"""The transactional outbox: write a message with the change it announces, relay it later."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from data.outbox.models import OutboxMessage, SentEmail


async def add_message(
    session: AsyncSession,
    *,
    topic: str,
    dedupe_key: str,
    payload: dict[str, Any],
    available_at: datetime | None = None,
) -> None:
    """Queue a message inside the caller's transaction; a repeated dedupe key is a no-op."""
    values: dict[str, Any] = {"topic": topic, "dedupe_key": dedupe_key, "payload": payload}
    if available_at is not None:
        values["available_at"] = available_at
    statement = insert(OutboxMessage).values(**values)
    await session.exec(statement.on_conflict_do_nothing(index_elements=["dedupe_key"]))


async def claim_pending(
    session: AsyncSession, *, now: datetime, limit: int = 100
) -> Sequence[OutboxMessage]:
    """Lock up to `limit` due, unsent messages, oldest first, skipping rows locked elsewhere."""
    statement = (
        select(OutboxMessage)
        .where(col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.available_at) <= now)
        .order_by(col(OutboxMessage.available_at), col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.exec(statement)).all()


async def mark_sent(session: AsyncSession, *, ids: Sequence[int], now: datetime) -> None:
    """Record that these messages reached the queue."""
    if not ids:
        return
    await session.exec(
        sa.update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(ids))
        .values(
            sent_at=now,
            attempts=OutboxMessage.attempts + 1,
            relays=OutboxMessage.relays + 1,
            last_error=None,
        )
    )


async def mark_failed(
    session: AsyncSession, *, message_id: int, error: str, retry_at: datetime
) -> None:
    """Keep a message pending after a failed relay, not before `retry_at`."""
    await session.exec(
        sa.update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id)
        .values(attempts=OutboxMessage.attempts + 1, last_error=error[:2000], available_at=retry_at)
    )


async def count_pending(session: AsyncSession) -> int:
    """Messages not yet relayed (for readiness and metrics)."""
    statement = select(sa.func.count()).where(col(OutboxMessage.sent_at).is_(None))
    return int((await session.exec(statement)).one())


async def purge_sent(session: AsyncSession, *, before: datetime) -> int:
    """Delete messages relayed before `before`; returns how many went."""
    result = await session.exec(sa.delete(OutboxMessage).where(col(OutboxMessage.sent_at) < before))
    return result.rowcount


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed relay: doubling, at most a minute."""
    return timedelta(seconds=min(2 ** max(attempts - 1, 0), 60))


async def reopen_undelivered_emails(
    session: AsyncSession,
    *,
    topics: Collection[str],
    now: datetime,
    after: timedelta,
    within: timedelta,
    max_relays: int | None,
) -> int:
    """Hand email messages of `topics` back to the relay when they were relayed between `within` and
    `after` ago, fewer than `max_relays` times (None: however often), and no email went out for
    them (no delivery record): their job gave up, or was lost with Redis. Returns how many.

    Relaying one again is safe: a job still pending under its key refuses the duplicate, and the
    delivery record, written as the email is sent, makes a second send a no-op.
    """
    delivered = sa.exists().where(col(SentEmail.dedupe_key) == col(OutboxMessage.dedupe_key))
    undelivered = [
        col(OutboxMessage.topic).in_(list(topics)),
        col(OutboxMessage.sent_at) <= now - after,
        col(OutboxMessage.sent_at) > now - within,
        ~delivered,
    ]
    if max_relays is not None:
        undelivered.append(col(OutboxMessage.relays) < max_relays)
    result = await session.exec(
        sa.update(OutboxMessage).where(*undelivered).values(sent_at=None, available_at=now)
    )
    return result.rowcount
