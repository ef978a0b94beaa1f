"""Bring the servers a command needs into reach: configured ones, or the embedded defaults."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

import asyncpg
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from data.db import asyncpg_dsn
from skyport.embedded import start_postgres, start_redis
from skyport.settings import Settings

CONNECT_TIMEOUT_SECONDS = 5.0


class StartupError(RuntimeError):
    """Something a command needs is missing or unreachable; the message says what, in one line."""


def _describe_database(url: str) -> str:
    parsed = make_url(url)
    where = parsed.host or parsed.query.get("host") or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{where}{port}/{parsed.database or ''}"


def _without_password(url: str) -> str:
    """`url` with any password masked, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}:***@{host}").geturl()


def check_database_url(url: str) -> None:
    """Reject a DATABASE_URL that is not a Postgres URL."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StartupError(f"DATABASE_URL is not a valid URL: {_without_password(url)!r}") from None
    if parsed.get_backend_name() not in {"postgresql", "postgres"}:
        raise StartupError(
            f"DATABASE_URL must be a PostgreSQL URL (postgresql://…), got {parsed.drivername!r}"
        )


async def _probe_postgres(url: str) -> None:
    try:
        conn = await asyncpg.connect(asyncpg_dsn(url), timeout=CONNECT_TIMEOUT_SECONDS)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StartupError(
            f"cannot connect to PostgreSQL at {_describe_database(url)}: {reason}"
        ) from None
    await conn.close()


async def _probe_redis(url: str) -> None:
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise StartupError(
            "REDIS_URL must start with redis://, rediss:// or unix://, got"
            f" {_without_password(url)!r}"
        )
    client = Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        raise StartupError(f"cannot connect to Redis at {_without_password(url)}: {exc}") from None
    finally:
        await client.aclose()


def resolve(settings: Settings, *, need_redis: bool = True) -> Settings:
    """Settings with both URLs filled in: configured servers (checked) or embedded (started)."""
    database_url = settings.database_url
    redis_url = settings.redis_url
    if database_url is None:
        database_url = start_postgres(settings.data_dir)
    else:
        check_database_url(database_url)
        asyncio.run(_probe_postgres(database_url))
    if redis_url is None and need_redis:
        redis_url = start_redis(settings.data_dir)
    elif redis_url is not None and need_redis:
        asyncio.run(_probe_redis(redis_url))
    if settings.cache_redis_url is not None and need_redis:
        asyncio.run(_probe_redis(settings.cache_redis_url))
    # Decided before the URLs are filled in: the embedded set-up runs its worker in-process and
    # gets the demo logins.
    return settings.model_copy(
        update={
            "database_url": database_url,
            "redis_url": redis_url,
            "run_worker_in_process": settings.worker_in_process,
            "demo_accounts": settings.with_demo_accounts,
        }
    )


PUBLIC_SECRETS = frozenset({"dev-only-secret-change-me", "change-me-in-production"})
"""Secret keys anyone can read in this repository (the default, and compose.yaml's old example)."""


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address) is this machine's loopback interface."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_secret_key(settings: Settings) -> None:
    """Refuse to start a deployment (one with SKYPORT_PUBLIC_URL, so customers reach it, perhaps
    through a proxy on this machine) with a secret key anyone can read: offer ids and download
    links signed with it could be forged, any price, any expiry. Every process checks:
    `serve`, each of its `--workers`, `worker`, and `create_app_from_env`."""
    if settings.public_url is not None and settings.secret_key.get_secret_value() in PUBLIC_SECRETS:
        raise StartupError(
            f"refusing to start for {settings.public_url} with the example SKYPORT_SECRET_KEY:"
            " set a secret of your own, e.g. from `openssl rand -hex 32`"
        )


def check_public_serving(settings: Settings) -> None:
    """Refuse to serve beyond this machine with a secret key anyone can read (see
    `check_secret_key`; on a public interface it is refused even without SKYPORT_PUBLIC_URL), or
    without the public address that links in emails and payment returns must name."""
    check_secret_key(settings)
    if is_loopback(settings.host):
        return
    if settings.secret_key.get_secret_value() in PUBLIC_SECRETS:
        raise StartupError(
            f"refusing to serve on {settings.host} with the example SKYPORT_SECRET_KEY: set a"
            " secret of your own, e.g. from `openssl rand -hex 32`"
        )
    if settings.public_url is None:
        raise StartupError(
            f"refusing to serve on {settings.host} without SKYPORT_PUBLIC_URL: set the address"
            f" customers use (e.g. https://book.example.com), or emails would link to"
            f" {settings.base_url}"
        )


def ensure_port_free(host: str, port: int) -> None:
    """Fail with one clear line when another process already listens on host:port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise StartupError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
