"""File storage: S3 with presigned links (moto server), the local folder with signed links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from data.clock import FrozenClock
from jobs.config import StorageConfig
from jobs.storage import MAX_URL_SECONDS, LocalStorage, S3Storage, asset_url, make_storage
from skyport.files import file_routes
from skyport.settings import Settings
from tests.jobs.conftest import AWS_REGION

REPORT = b"route,bookings\nLHR-JFK,42\n"


async def test_s3_storage_stores_files_and_hands_out_short_lived_links(
    moto_endpoint: str, tmp_path: Path
) -> None:
    # given an S3 bucket (moto server)
    s3 = boto3.client("s3", region_name=AWS_REGION, endpoint_url=moto_endpoint)
    s3.create_bucket(
        Bucket="skyport-reports", CreateBucketConfiguration={"LocationConstraint": AWS_REGION}
    )
    s3.close()
    config = StorageConfig(
        backend="s3",
        root=tmp_path,
        public_url="",
        signing_key="k",
        bucket="skyport-reports",
        aws_region=AWS_REGION,
        aws_endpoint_url=moto_endpoint,
    )
    storage = make_storage(config)
    assert isinstance(storage, S3Storage)
    try:
        # when a report export is stored and a download link asked for an hour
        await storage.put("exports/2026-01/bookings.csv", REPORT, content_type="text/csv")
        url = await storage.download_url("exports/2026-01/bookings.csv", expires_in=3600)

        # then the file reads back, and the presigned link downloads it but lives 15 minutes at most
        assert await storage.get("exports/2026-01/bookings.csv") == REPORT
        assert int(parse_qs(urlsplit(url).query)["X-Amz-Expires"][0]) == MAX_URL_SECONDS == 900
        async with httpx.AsyncClient() as client:
            response = await client.get(url)
        assert response.status_code == 200
        assert response.content == REPORT
    finally:
        await storage.close()


async def test_local_storage_links_work_until_they_expire(tmp_path: Path) -> None:
    # given local storage served at /files by the app (our clock stopped at the present)
    clock = FrozenClock(datetime.now(UTC).replace(microsecond=0))
    settings = Settings(data_dir=tmp_path, secret_key="s3cret")  # type: ignore[arg-type]
    storage = LocalStorage(
        tmp_path / "files", public_url="http://testserver/files", signing_key="s3cret", clock=clock
    )
    await storage.put("exports/bookings.csv", REPORT, content_type="text/csv")
    app = Starlette(routes=[Mount("/files", routes=file_routes(settings))])
    transport = httpx.ASGITransport(app=app)

    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        # when a link is made, then it downloads the file
        url = await storage.download_url("exports/bookings.csv", expires_in=3600)
        assert int(parse_qs(urlsplit(url).query)["expires"][0]) == clock.now().timestamp() + 900
        assert await storage.get("exports/bookings.csv") == REPORT
        assert (await client.get(url)).content == REPORT

        # when the link is tampered with, then it is refused
        assert (await client.get(url.replace("bookings.csv", "other.csv"))).status_code == 403
        assert (await client.get(url[:-4] + "0000")).status_code == 403

        # when it is older than 15 minutes, then it is refused
        clock.advance(timedelta(minutes=16))
        stale = storage.open_signed("exports/bookings.csv", **_signed_parts(url))
        assert stale is None


def _signed_parts(url: str) -> dict[str, int | str]:
    query = parse_qs(urlsplit(url).query)
    return {"expires": int(query["expires"][0]), "signature": query["signature"][0]}


@pytest.mark.parametrize("key", ["../secret", "/etc/passwd", "a/../../b", ""])
async def test_local_storage_refuses_keys_outside_its_folder(tmp_path: Path, key: str) -> None:
    storage = LocalStorage(tmp_path, public_url="/files", signing_key="k")
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.put(key, b"x", content_type="text/plain")


def test_asset_urls_follow_the_static_base() -> None:
    assert asset_url("/static", "vendor/htmx.min.js") == "/static/vendor/htmx.min.js"
    assert asset_url("https://cdn.example.com/skyport/", "/app.css") == (
        "https://cdn.example.com/skyport/app.css"
    )
