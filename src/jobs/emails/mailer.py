"""Send the email of an outbox message at most once per dedupe key."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from data.db import Database
from data.outbox import deliveries
from jobs.emails.backends import EmailBackend
from jobs.emails.compose import build_message, draft_email
from jobs.emails.render import EmailRenderer
from jobs.schedule import Envelope

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mailer:
    """Renders emails and hands them to the configured backend."""

    backend: EmailBackend
    renderer: EmailRenderer
    sender: str

    async def deliver(self, message: Envelope, *, db: Database) -> str:
        """Send the email for `message` unless it already went out; returns what happened.

        The delivery record is written in the transaction that sends, so when two attempts
        race, the second waits for the first and then skips. A crash after the provider
        accepted the mail but before the commit can still repeat it: that narrow window is
        the price of at-least-once delivery, and the Message-ID stays the same.
        """
        async with db.session() as session:
            if await deliveries.was_sent(session, dedupe_key=message.dedupe_key):
                return "already sent"
            draft = await draft_email(session, message, base_url=self.renderer.base_url)
        email = build_message(message, draft, renderer=self.renderer, sender=self.sender)
        async with db.session() as session:
            claimed = await deliveries.claim_email(
                session,
                dedupe_key=message.dedupe_key,
                topic=message.topic,
                recipient=draft.to,
                subject=str(email["Subject"]),
            )
            if not claimed:
                return "already sent"
            provider_id = await self.backend.send(email)
            await deliveries.set_provider_id(
                session, dedupe_key=message.dedupe_key, message_id=provider_id
            )
        log.info("email %s for %s sent (%s)", message.topic, message.dedupe_key, provider_id)
        return f"sent {provider_id}"
