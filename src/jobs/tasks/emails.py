"""Outbox topics `email.<kind>`: render and send the email once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jobs.emails.compose import EMAIL_KINDS
from jobs.schedule import Envelope, register_topic

if TYPE_CHECKING:
    from jobs.deps import JobDeps


async def send_email(deps: JobDeps, message: Envelope) -> str:
    """Deliver the email of one outbox message (idempotent per dedupe key)."""
    return await deps.mailer.deliver(message, db=deps.db)


for kind in EMAIL_KINDS:
    register_topic(f"email.{kind}", send_email)
