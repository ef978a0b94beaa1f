"""Emails built from the booking tables: what a traveller reads, in HTML, text and the PDF."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from data.db import Database
from data.enums import BookingStatus
from jobs.config import JobsConfig
from jobs.emails.backends import FileBackend
from jobs.emails.compose import MissingBookingError, message_id
from jobs.emails.mailer import Mailer
from jobs.emails.render import EmailRenderer, money
from jobs.schedule import Envelope
from tests.jobs.conftest import BookingFactory, ConfigFactory, read_eml


def _mailer(config: JobsConfig) -> Mailer:
    renderer = EmailRenderer(
        config.templates_dir, base_url=config.base_url, static_url=config.static_url
    )
    return Mailer(
        backend=FileBackend(config.email.mail_dir), renderer=renderer, sender=config.email.sender
    )


@pytest.fixture
def mailer(make_config: ConfigFactory) -> Mailer:
    return _mailer(make_config())


def _sent(mailer: Mailer) -> list[Path]:
    backend = mailer.backend
    assert isinstance(backend, FileBackend)
    return sorted(backend.directory.glob("*.eml"))


async def test_confirmation_shows_itinerary_in_local_times_and_attaches_the_eticket(
    db: Database, mailer: Mailer, make_booking: BookingFactory
) -> None:
    # given a confirmed booking LHR 18:30 UTC -> JFK 02:45 UTC next day
    trip = await make_booking(BookingStatus.CONFIRMED)
    message = Envelope(
        "email.booking_confirmed", f"booking:{trip.id}:confirmed", {"booking_id": trip.id}
    )

    # when its confirmation email is delivered
    await mailer.deliver(message, db=db)

    # then one email reached the traveller, with the itinerary in each airport's local time
    (path,) = _sent(mailer)
    email = read_eml(path)
    assert email["To"] == "ada@example.com"
    assert trip.reference in email["Subject"]
    text = email.get_body(preferencelist=("plain",)).get_content()
    html = email.get_body(preferencelist=("html",)).get_content()
    for body in (text, html):
        assert trip.reference in body
        assert "Thu 15 Jan 2026 18:30 (UTC+00:00)" in body  # London departure
        assert "Thu 15 Jan 2026 21:45 (UTC-05:00)" in body  # New York arrival
        assert "QJ917" in body
        assert "LOVELACE/Ada" in body
        for ticket in trip.tickets:
            assert ticket in body
        assert "EUR 1,029.50" in body
        assert f"http://127.0.0.1:8000/bookings/manage?reference={trip.reference}" in body

    # and the attached PDF opens and holds the record locator and the e-ticket numbers
    (attachment,) = list(email.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"skyport-{trip.reference}.pdf"
    pdf = PdfReader(BytesIO(attachment.get_content()))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert trip.reference in pdf_text
    for ticket in trip.tickets:
        assert ticket in pdf_text
    assert "18:30 (UTC+00:00)" in pdf_text


async def test_an_email_goes_out_once_per_dedupe_key(
    db: Database, mailer: Mailer, make_booking: BookingFactory
) -> None:
    # given a confirmation delivered once
    trip = await make_booking(BookingStatus.CONFIRMED)
    message = Envelope(
        "email.booking_confirmed", f"booking:{trip.id}:confirmed", {"booking_id": trip.id}
    )
    first = await mailer.deliver(message, db=db)

    # when the same message is delivered again
    second = await mailer.deliver(message, db=db)

    # then the traveller still has one email, whose Message-ID comes from the dedupe key
    assert first.startswith("sent")
    assert second == "already sent"
    (path,) = _sent(mailer)
    assert read_eml(path)["Message-ID"] == message_id(message.dedupe_key, mailer.sender)


async def test_held_booking_email_gives_the_pay_by_time_in_the_departure_zone(
    db: Database, mailer: Mailer, make_booking: BookingFactory
) -> None:
    # given a held booking due 10 days before an 18:30 London departure
    trip = await make_booking(BookingStatus.HELD)

    # when its held email is delivered
    await mailer.deliver(
        Envelope("email.booking_held", f"held:{trip.id}", {"booking_id": trip.id}), db=db
    )

    # then it asks for payment by the deadline, in London time
    email = read_eml(_sent(mailer)[0])
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert "Mon 05 Jan 2026 18:30 (UTC+00:00)" in text
    assert "EUR 1,029.50" in text
    assert "pay by" in email["Subject"].lower()
    assert not list(email.iter_attachments())


@pytest.mark.parametrize(
    ("topic", "status", "payload", "expected"),
    [
        ("email.payment_failed", BookingStatus.HELD, {"reason": "card declined"}, "card declined"),
        ("email.hold_expired", BookingStatus.EXPIRED, {}, "seats went back on sale"),
        ("email.booking_cancelled", BookingStatus.CANCELLED, {}, "Refund: EUR 500.00"),
    ],
)
async def test_every_booking_email_kind_renders_from_the_booking(
    db: Database,
    mailer: Mailer,
    make_booking: BookingFactory,
    topic: str,
    status: BookingStatus,
    payload: dict[str, str],
    expected: str,
) -> None:
    # given a booking in the state the email announces (a cancelled one refunded EUR 500)
    trip = await make_booking(
        status, refunded_minor=50_000 if status == BookingStatus.CANCELLED else 0
    )

    # when the email is delivered
    message = Envelope(topic, f"{topic}:{trip.id}", {"booking_id": trip.id, **payload})
    await mailer.deliver(message, db=db)

    # then it names the booking and says what happened, in text and HTML
    email = read_eml(_sent(mailer)[0])
    assert trip.reference in email["Subject"]
    text = email.get_body(preferencelist=("plain",)).get_content()
    html = email.get_body(preferencelist=("html",)).get_content()
    assert expected in text
    assert trip.reference in html


async def test_password_reset_email_carries_the_link(db: Database, mailer: Mailer) -> None:
    # given a password reset request for a user
    link = "http://127.0.0.1:8000/account/reset-password?token=abc123"
    payload = {"email": "grace@example.com", "name": "Grace", "reset_url": link}

    # when its email is delivered
    await mailer.deliver(Envelope("email.password_reset", "reset:42:1", payload), db=db)

    # then the user gets the link in both bodies
    email = read_eml(_sent(mailer)[0])
    assert email["To"] == "grace@example.com"
    assert email["Subject"] == "Reset your Skyport password"
    assert link in email.get_body(preferencelist=("plain",)).get_content()
    assert link.replace("&", "&amp;") in email.get_body(preferencelist=("html",)).get_content()


async def test_an_email_about_a_missing_booking_fails_without_sending(
    db: Database, mailer: Mailer
) -> None:
    # given a message about a booking that does not exist
    message = Envelope("email.booking_confirmed", "booking:0:confirmed", {"booking_id": 0})

    # when it is delivered, then it fails (so the job retries) and nothing is sent
    with pytest.raises(MissingBookingError):
        await mailer.deliver(message, db=db)
    assert _sent(mailer) == []


def test_money_uses_the_currency_minor_units() -> None:
    assert money(102_950, "EUR") == "EUR 1,029.50"
    assert money(15_000, "JPY") == "JPY 15,000"
    assert money(1_234, "KWD") == "KWD 1.234"
