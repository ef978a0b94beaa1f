"""Email delivery behind one interface: SES, SMTP, or `.eml` files for development."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from uuid import uuid4

import aiosmtplib
import boto3

from jobs.config import EmailConfig

if TYPE_CHECKING:
    from mypy_boto3_ses import SESClient


class EmailBackend(Protocol):
    """Something that delivers a finished message and returns the provider's id for it."""

    async def send(self, message: EmailMessage) -> str: ...

    async def close(self) -> None: ...


class FileBackend:
    """Writes each message as a `.eml` file (the embedded default; see `/dev/emails`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def send(self, message: EmailMessage) -> str:
        """Write the message to `<directory>/<utc time>-<random>.eml`; names sort by time."""
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"{stamp}-{uuid4().hex[:12]}.eml"
        partial = self.directory / f".{name}.part"
        await asyncio.to_thread(partial.write_bytes, message.as_bytes())
        partial.replace(self.directory / name)
        return name

    async def close(self) -> None:
        """Nothing to release."""


class SmtpBackend:
    """Sends through an SMTP relay, one connection per message."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.starttls = starttls

    async def send(self, message: EmailMessage) -> str:
        """Hand the message to the relay; returns its Message-ID."""
        await aiosmtplib.send(
            message,
            hostname=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            start_tls=self.starttls,
            timeout=30,
        )
        return str(message["Message-ID"])

    async def close(self) -> None:
        """Nothing to release."""


class SesBackend:
    """Sends through Amazon SES (`SendRawEmail`, so attachments travel too)."""

    def __init__(self, client: SESClient) -> None:
        self.client = client

    async def send(self, message: EmailMessage) -> str:
        """Send the raw MIME message; returns the SES message id."""
        response = await asyncio.to_thread(
            self.client.send_raw_email, RawMessage={"Data": message.as_bytes()}
        )
        return response["MessageId"]

    async def close(self) -> None:
        """Release the client's connections."""
        self.client.close()


def make_backend(config: EmailConfig) -> EmailBackend:
    """The backend `config` asks for."""
    if config.backend == "ses":
        client = boto3.client(
            "ses", region_name=config.aws_region, endpoint_url=config.aws_endpoint_url
        )
        return SesBackend(client)
    if config.backend == "smtp":
        return SmtpBackend(
            config.smtp_host,
            config.smtp_port,
            username=config.smtp_username,
            password=config.smtp_password,
            starttls=config.smtp_starttls,
        )
    return FileBackend(config.mail_dir)
