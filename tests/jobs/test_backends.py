"""Email backends against real servers: SES on a moto server, SMTP on aiosmtpd, files on disk."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage

import boto3
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses import ses_backends

from jobs.config import EmailConfig
from jobs.emails.backends import FileBackend, SesBackend, SmtpBackend, make_backend
from tests.jobs.conftest import AWS_REGION, SmtpInbox, read_eml


def _message(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "Skyport <no-reply@skyport.example>"
    message["To"] = "ada@example.com"
    message["Message-ID"] = "<abc123@skyport.example>"
    message.set_content("Your trip is booked.")
    message.add_alternative("<p>Your trip is booked.</p>", subtype="html")
    message.add_attachment(
        b"%PDF-1.4 ticket", maintype="application", subtype="pdf", filename="skyport-ABC123.pdf"
    )
    return message


async def test_ses_backend_sends_the_raw_message_through_ses(moto_endpoint: str, tmp_path) -> None:
    # given SES (moto server) with our sender verified
    ses = boto3.client("ses", region_name=AWS_REGION, endpoint_url=moto_endpoint)
    ses.verify_email_identity(EmailAddress="no-reply@skyport.example")
    ses.close()
    config = EmailConfig(
        backend="ses",
        sender="Skyport <no-reply@skyport.example>",
        mail_dir=tmp_path,
        aws_region=AWS_REGION,
        aws_endpoint_url=moto_endpoint,
    )
    backend = make_backend(config)
    assert isinstance(backend, SesBackend)

    # when the backend sends a message with an attachment
    try:
        message_id = await backend.send(_message("Booking confirmed: ABC123"))
    finally:
        await backend.close()

    # then SES accepted it, with its subject and attachment intact
    sent = [
        m for m in ses_backends[DEFAULT_ACCOUNT_ID][AWS_REGION].sent_messages if m.id == message_id
    ]
    assert len(sent) == 1
    received = email.message_from_string(sent[0].raw_data, policy=policy.default)
    assert received["Subject"] == "Booking confirmed: ABC123"
    assert received["To"] == "ada@example.com"
    assert [a.get_filename() for a in received.iter_attachments()] == ["skyport-ABC123.pdf"]


async def test_smtp_backend_delivers_to_the_relay(smtp_server: tuple[SmtpInbox, int]) -> None:
    # given an SMTP relay
    inbox, port = smtp_server
    backend = SmtpBackend("127.0.0.1", port)

    # when the backend sends a message
    result = await backend.send(_message("Reset your Skyport password"))

    # then the relay accepted it, text, HTML and attachment intact
    assert result == "<abc123@skyport.example>"
    (received,) = inbox.accepted
    assert received["Subject"] == "Reset your Skyport password"
    html = received.get_body(preferencelist=("html",))
    assert html is not None
    assert html.get_content().strip() == "<p>Your trip is booked.</p>"
    assert [a.get_filename() for a in received.iter_attachments()] == ["skyport-ABC123.pdf"]


async def test_file_backend_writes_eml_files(tmp_path) -> None:
    # given the file backend (the embedded default)
    backend = FileBackend(tmp_path / "mail")

    # when it sends two messages
    first = await backend.send(_message("First"))
    second = await backend.send(_message("Second"))

    # then each is an .eml file, and their names sort by time
    assert sorted([first, second]) == [first, second]
    assert [read_eml(tmp_path / "mail" / n)["Subject"] for n in (first, second)] == [
        "First",
        "Second",
    ]
    assert not list((tmp_path / "mail").glob(".*"))  # no partial files left behind
