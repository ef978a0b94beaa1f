"""Turn an outbox message into a finished email: recipient, rendered bodies, attachments."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any
from urllib.parse import urlencode

from sqlmodel.ext.asyncio.session import AsyncSession

from data.itinerary.service import Itinerary, load_itinerary
from jobs.emails.pdf import itinerary_pdf
from jobs.emails.render import EmailRenderer
from jobs.schedule import Envelope

BOOKING_KINDS = (
    "booking_held",
    "booking_confirmed",
    "payment_failed",
    "hold_expired",
    "booking_cancelled",
)
EMAIL_KINDS = (*BOOKING_KINDS, "password_reset")
"""Each kind is the outbox topic `email.<kind>`; booking kinds carry `{"booking_id": ...}`."""
LASTING_TOPICS = tuple(
    f"email.{kind}" for kind in ("booking_confirmed", "hold_expired", "booking_cancelled")
)
"""Emails still true and useful hours or days late: only these are relayed again after their
job gave up (`redeliver_emails`). A late payment reminder or prompt, or a reset link that has
expired, would mislead; those stay dead letters (`job_failure`)."""


class MissingBookingError(LookupError):
    """The booking an email is about does not exist (yet)."""


@dataclass(frozen=True)
class Attachment:
    """A file attached to an email."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Draft:
    """Everything needed to build the MIME message."""

    to: str
    context: dict[str, Any]
    attachments: tuple[Attachment, ...] = ()


def kind_of(topic: str) -> str:
    """`email.booking_confirmed` -> `booking_confirmed`."""
    return topic.removeprefix("email.")


def manage_url(base_url: str, reference: str) -> str:
    """The storefront page where a traveller manages a booking."""
    return f"{base_url}/bookings/manage?{urlencode({'reference': reference})}"


def _booking_context(itinerary: Itinerary, payload: dict[str, Any]) -> dict[str, Any]:
    due = itinerary.payment_due_by
    return {
        "itinerary": itinerary,
        "pay_by": due.astimezone(itinerary.home_zone) if due else None,
        "refund_minor": int(payload.get("refund_minor", itinerary.refunded_minor)),
        "reason": payload.get("reason"),
    }


async def draft_email(session: AsyncSession, message: Envelope, *, base_url: str) -> Draft:
    """Load what the email of `message` shows and decide its attachments."""
    kind, payload = kind_of(message.topic), message.payload
    if kind == "password_reset":
        reset_url = payload.get("reset_url") or (
            f"{base_url}/account/reset-password?{urlencode({'token': payload['token']})}"
        )
        context = {
            "name": payload.get("name"),
            "reset_url": reset_url,
            "expires_minutes": payload.get("expires_minutes", 60),
        }
        return Draft(to=payload["email"], context=context)
    if kind not in BOOKING_KINDS:
        raise ValueError(f"unknown email kind {kind!r}")
    itinerary = await load_itinerary(session, booking_id=int(payload["booking_id"]))
    if itinerary is None:
        raise MissingBookingError(f"booking {payload['booking_id']} not found")
    context = _booking_context(itinerary, payload)
    context["manage_url"] = manage_url(base_url, itinerary.reference)
    attachments: tuple[Attachment, ...] = ()
    if kind == "booking_confirmed":
        pdf = await asyncio.to_thread(itinerary_pdf, itinerary)
        filename = f"skyport-{itinerary.reference}.pdf"
        attachments = (Attachment(filename, "application/pdf", pdf),)
    return Draft(to=itinerary.contact_email, context=context, attachments=attachments)


def message_id(dedupe_key: str, sender: str) -> str:
    """A Message-ID derived from the dedupe key: a redelivery looks like the same mail."""
    domain = sender.rsplit("@", 1)[-1].strip(" >") or "skyport.invalid"
    return f"<{hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]}@{domain}>"


def build_message(
    message: Envelope, draft: Draft, *, renderer: EmailRenderer, sender: str
) -> EmailMessage:
    """The MIME message: text and HTML alternatives, then attachments."""
    rendered = renderer.render(kind_of(message.topic), draft.context)
    email = EmailMessage()
    email["Subject"] = rendered.subject
    email["From"] = sender
    email["To"] = draft.to
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = message_id(message.dedupe_key, sender)
    email["X-Skyport-Topic"] = message.topic
    email.set_content(rendered.text)
    email.add_alternative(rendered.html, subtype="html")
    for item in draft.attachments:
        maintype, subtype = item.content_type.split("/", 1)
        email.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename)
    return email
