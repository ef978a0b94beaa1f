"""Delivery records: the proof that an outbox message's email went out, keyed by its dedupe key."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from data.outbox.models import SentEmail


async def was_sent(session: AsyncSession, *, dedupe_key: str) -> bool:
    """True when the email for this message already went out."""
    statement = select(SentEmail.dedupe_key).where(col(SentEmail.dedupe_key) == dedupe_key)
    return (await session.exec(statement)).first() is not None


async def claim_email(
    session: AsyncSession, *, dedupe_key: str, topic: str, recipient: str, subject: str
) -> bool:
    """Record the email about to be sent; False when it was sent already.

    A concurrent claim of the same key waits until this transaction ends, so only one
    of two racing attempts sends.
    """
    statement = (
        insert(SentEmail)
        .values(dedupe_key=dedupe_key, topic=topic, recipient=recipient, subject=subject)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(col(SentEmail.dedupe_key))
    )
    return (await session.exec(statement)).first() is not None


async def set_provider_id(session: AsyncSession, *, dedupe_key: str, message_id: str) -> None:
    """Remember the provider's id for a sent email (SES message id, SMTP Message-ID)."""
    await session.exec(
        update(SentEmail)
        .where(col(SentEmail.dedupe_key) == dedupe_key)
        .values(provider_message_id=message_id)
    )
