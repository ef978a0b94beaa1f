"""The composition root's side: the worker inside `serve`, and the development email page."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.routing import Mount

from data.db import Database
from data.enums import BookingStatus
from data.outbox import service as outbox
from skyport.dev_emails import dev_email_routes
from skyport.settings import Settings
from skyport.worker import start_worker_in_process
from tests.jobs.conftest import BookingFactory, eventually


@pytest_asyncio.fixture
async def own_settings(settings: Settings, tmp_path: Path) -> AsyncIterator[Settings]:
    """The run's settings with a data dir and queue namespace of this test's own."""
    namespace = f"{settings.redis_namespace}-{secrets.token_hex(3)}"
    yield settings.model_copy(update={"data_dir": tmp_path, "redis_namespace": namespace})
    assert settings.redis_url is not None
    client: Redis = Redis.from_url(settings.redis_url)
    async for key in client.scan_iter(match=f"saq:*{namespace}:jobs*"):
        await client.delete(key)
    await client.aclose()


async def test_in_process_worker_sends_emails_that_the_dev_page_shows(
    db: Database, own_settings: Settings, make_booking: BookingFactory
) -> None:
    # given the worker running inside the web process, with the file email backend
    assert own_settings.database_url is not None
    assert own_settings.redis_url is not None
    worker = await start_worker_in_process(
        own_settings, database_url=own_settings.database_url, redis_url=own_settings.redis_url
    )
    mail_dir = own_settings.data_dir / "mail"
    try:
        # when a held booking and then its confirmation are announced
        trip = await make_booking(BookingStatus.CONFIRMED)
        async with db.session() as session:
            await outbox.add_message(
                session,
                topic="email.booking_held",
                dedupe_key=f"wiring:{trip.id}:held",
                payload={"booking_id": trip.id},
            )
        async with db.session() as session:
            await outbox.add_message(
                session,
                topic="email.booking_confirmed",
                dedupe_key=f"wiring:{trip.id}:confirmed",
                payload={"booking_id": trip.id},
            )

        # then both emails are written under <data_dir>/mail
        async def two_emails() -> bool:
            return len(list(mail_dir.glob("*.eml"))) == 2

        await eventually(two_emails, within=20, message="two .eml files")
    finally:
        await worker.stop()

    # and the development page lists them, newest first, and shows one
    app = Starlette(routes=[Mount("/dev/emails", routes=dev_email_routes(own_settings))])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        index = await client.get("/dev/emails/")
        assert index.status_code == 200
        assert "2 emails" in index.text
        assert index.text.count("ada@example.com") == 2
        newest = sorted(mail_dir.glob("*.eml"))[-1].name
        assert index.text.index(newest) < index.text.index(sorted(mail_dir.glob("*.eml"))[0].name)

        page = await client.get(f"/dev/emails/{newest}")
        assert page.status_code == 200
        assert trip.reference in page.text
        assert "srcdoc=" in page.text  # the HTML body, sandboxed
        # and both name the portal's icon, so the browser asks for no missing /favicon.ico
        for shown in (index, page):
            assert '<link rel="icon" href="/static/favicon.svg"' in shown.text
        assert (Path(__file__).parents[2] / "static" / "favicon.svg").is_file()
        assert (await client.get(f"/dev/emails/{newest}/raw")).headers["content-type"] == (
            "message/rfc822"
        )
        assert (await client.get("/dev/emails/..%2Fsecret.eml")).status_code == 404
    # but not to a browser on another machine, whatever interface the portal listens on
    remote = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=remote, base_url="http://testserver") as stranger:
        assert (await stranger.get("/dev/emails/")).status_code == 404
        assert (await stranger.get(f"/dev/emails/{newest}")).status_code == 404
        assert (await stranger.get(f"/dev/emails/{newest}/raw")).status_code == 404
