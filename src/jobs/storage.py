"""File storage for report exports and static assets: S3 (presigned URLs) or a local folder."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote, urlencode

import boto3
from botocore.config import Config as BotoConfig

from data.clock import Clock, SystemClock
from jobs.config import StorageConfig

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

MAX_URL_SECONDS = 15 * 60
"""Download links never live longer than this."""


class Storage(Protocol):
    """Put bytes under a key, read them back, hand out a short-lived download URL."""

    async def put(self, key: str, data: bytes, *, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def download_url(self, key: str, *, expires_in: int = MAX_URL_SECONDS) -> str: ...

    async def close(self) -> None: ...


def asset_url(static_url: str, path: str) -> str:
    """The URL of a static asset under `static_url` (a local path, a CDN or a bucket)."""
    return f"{static_url.rstrip('/')}/{path.lstrip('/')}"


def _checked_key(key: str) -> str:
    parts = PurePosixPath(key).parts
    if not parts or key.startswith("/") or any(p in ("..", ".") for p in parts):
        raise ValueError(f"invalid storage key: {key!r}")
    return key


def _lifetime(expires_in: int) -> int:
    return max(1, min(expires_in, MAX_URL_SECONDS))


class S3Storage:
    """An S3 (or S3-compatible) bucket; downloads go through presigned GET URLs."""

    def __init__(self, client: S3Client, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    async def put(self, key: str, data: bytes, *, content_type: str) -> None:
        """Upload `data` as `key`."""
        await asyncio.to_thread(
            self.client.put_object,
            Bucket=self.bucket,
            Key=_checked_key(key),
            Body=data,
            ContentType=content_type,
        )

    async def get(self, key: str) -> bytes:
        """Download `key`."""
        response = await asyncio.to_thread(
            self.client.get_object, Bucket=self.bucket, Key=_checked_key(key)
        )
        return await asyncio.to_thread(response["Body"].read)

    async def download_url(self, key: str, *, expires_in: int = MAX_URL_SECONDS) -> str:
        """A presigned GET URL valid for at most 15 minutes."""
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": _checked_key(key)},
            ExpiresIn=_lifetime(expires_in),
        )

    async def close(self) -> None:
        """Release the client's connections."""
        self.client.close()


class LocalStorage:
    """A folder on disk; download URLs are signed with an expiry and checked by `open_signed`."""

    def __init__(
        self, root: Path, *, public_url: str, signing_key: str, clock: Clock | None = None
    ) -> None:
        self.root = root
        self.public_url = public_url.rstrip("/")
        self._key = signing_key.encode()
        self._clock = clock or SystemClock()

    def _path(self, key: str) -> Path:
        return self.root / _checked_key(key)

    async def put(self, key: str, data: bytes, *, content_type: str) -> None:
        """Write `data` as `key` (atomically: readers never see half a file)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        await asyncio.to_thread(partial.write_bytes, data)
        partial.replace(path)

    async def get(self, key: str) -> bytes:
        """Read `key`."""
        return await asyncio.to_thread(self._path(key).read_bytes)

    def _signature(self, key: str, expires: int) -> str:
        return hmac.new(self._key, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()

    async def download_url(self, key: str, *, expires_in: int = MAX_URL_SECONDS) -> str:
        """A signed URL under `public_url`, valid for at most 15 minutes."""
        expires = int(self._clock.now().timestamp()) + _lifetime(expires_in)
        query = urlencode({"expires": expires, "signature": self._signature(key, expires)})
        return f"{self.public_url}/{quote(_checked_key(key))}?{query}"

    def open_signed(self, key: str, *, expires: int, signature: str) -> Path | None:
        """The file behind a download URL, or None when the link is forged, expired or dangling."""
        try:
            path = self._path(key)
        except ValueError:
            return None
        expected = self._signature(key, expires)
        if not hmac.compare_digest(expected, signature):
            return None
        if expires < self._clock.now().timestamp() or not path.is_file():
            return None
        return path

    async def close(self) -> None:
        """Nothing to release."""


def make_storage(config: StorageConfig) -> S3Storage | LocalStorage:
    """The storage `config` asks for."""
    if config.backend == "s3":
        client = boto3.client(
            "s3",
            region_name=config.aws_region,
            endpoint_url=config.aws_endpoint_url,
            config=BotoConfig(signature_version="s3v4"),
        )
        return S3Storage(client, config.bucket)
    return LocalStorage(config.root, public_url=config.public_url, signing_key=config.signing_key)
