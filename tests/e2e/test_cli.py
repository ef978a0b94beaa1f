"""The `skyport` command as a person uses it: one clear line on bad input, never a traceback."""

from __future__ import annotations

import asyncio
import secrets
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path

import pytest
import pytest_asyncio

from data.db import Database
from data.outbox import service as outbox
from tests.e2e.environment import unconfigured_environment

SKYPORT = [sys.executable, "-m", "skyport"]


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run `skyport …` in a clean environment and capture its output."""
    clean = unconfigured_environment()
    return subprocess.run(
        [*SKYPORT, *args],
        env={**clean, **(env or {})},
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_unknown_option_is_one_line() -> None:
    result = run_cli("serve", "--bogus")
    assert_one_clear_line(result, "--bogus")
    assert result.returncode == 2


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = run_cli(
        "migrate", env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere"}, cwd=tmp_path
    )
    assert_one_clear_line(result, "cannot connect to PostgreSQL", "127.0.0.1:1")


def test_an_unreachable_redis_is_one_line_without_its_password(
    database_url: str, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": database_url, "REDIS_URL": "redis://:s3cret-pw@127.0.0.1:1/0"}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli("serve", "--port", str(port), env=env, cwd=tmp_path)
    assert_one_clear_line(result, "cannot connect to Redis", "127.0.0.1:1")
    assert "s3cret-pw" not in result.stderr + result.stdout


def test_database_url_of_another_kind_is_one_line(tmp_path: Path) -> None:
    result = run_cli("migrate", env={"DATABASE_URL": "mysql://root@localhost/x"}, cwd=tmp_path)
    assert_one_clear_line(result, "PostgreSQL URL")


def test_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port), cwd=tmp_path)
    assert_one_clear_line(result, f"127.0.0.1:{port}")


@pytest.mark.parametrize("secret", [None, "change-me-in-production"])
def test_serving_beyond_this_machine_with_the_example_secret_is_refused(
    secret: str | None, tmp_path: Path
) -> None:
    env = {"SKYPORT_SECRET_KEY": secret} if secret else {}
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "1", env=env, cwd=tmp_path)
    assert_one_clear_line(result, "SKYPORT_SECRET_KEY", "openssl rand -hex 32")


@pytest.mark.parametrize(
    "command", [("serve", "--port", "1"), ("worker",)], ids=["serve-on-loopback", "worker"]
)
def test_a_deployment_with_the_example_secret_is_refused_whatever_the_host(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    # given a deployment customers reach at a public address (here through a proxy on this
    # machine, so `serve` listens on loopback), with the example secret key
    env = {"SKYPORT_PUBLIC_URL": "https://book.example.com"}
    # when a web or worker process starts, then it refuses, in one line naming the fix
    result = run_cli(*command, env=env, cwd=tmp_path)
    assert_one_clear_line(result, "SKYPORT_SECRET_KEY", "https://book.example.com")


def test_serving_beyond_this_machine_without_a_public_url_is_refused(tmp_path: Path) -> None:
    env = {"SKYPORT_SECRET_KEY": "a-secret-of-our-own-for-this-test"}
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "1", env=env, cwd=tmp_path)
    assert_one_clear_line(result, "SKYPORT_PUBLIC_URL", "http://0.0.0.0:1")


@pytest.mark.parametrize("value", ["abc", "-5"])
def test_bad_port_setting_is_one_line(value: str, tmp_path: Path) -> None:
    result = run_cli("serve", env={"PORT": value}, cwd=tmp_path)
    assert_one_clear_line(result)


def test_createuser_rejects_a_weak_password(database_url: str, tmp_path: Path) -> None:
    result = run_cli(
        "createuser",
        "--email",
        "weak@example.com",
        "--password",
        "short",
        env={"DATABASE_URL": database_url},
        cwd=tmp_path,
    )
    assert_one_clear_line(result, "at least 8 characters")


def test_createuser_creates_then_refuses_a_duplicate(database_url: str, tmp_path: Path) -> None:
    args = (
        "createuser",
        "--email",
        "Ops@Example.com",
        "--password",
        "correct-horse",
        "--role",
        "STAFF",
    )
    first = run_cli(*args, env={"DATABASE_URL": database_url}, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "created STAFF ops@example.com" in first.stdout
    again = run_cli(*args, env={"DATABASE_URL": database_url}, cwd=tmp_path)
    assert_one_clear_line(again, "already exists")


def test_createuser_asks_for_the_password_when_it_is_left_out(
    database_url: str, tmp_path: Path
) -> None:
    # given an operator who keeps the password out of the shell's history
    args = ("createuser", "--email", "quiet@example.com", "--role", "ADMIN")
    # when they type it twice at the prompt
    result = run_cli(
        *args, env={"DATABASE_URL": database_url}, cwd=tmp_path, stdin="correct-horse\n" * 2
    )
    # then the account is created, and the password was not echoed
    assert result.returncode == 0, result.stderr
    assert "created ADMIN quiet@example.com" in result.stdout
    assert "correct-horse" not in result.stdout + result.stderr


def test_seeding_a_seeded_database_says_how_to_replace_it(
    database_url: str, seeded: object, tmp_path: Path
) -> None:
    result = run_cli("seed", env={"DATABASE_URL": database_url}, cwd=tmp_path)
    assert_one_clear_line(result, "skyport seed --reset")


@pytest_asyncio.fixture
async def relayed_email(db: Database) -> AsyncIterator[Callable[[int], Awaitable[str]]]:
    """Makes confirmation emails in the outbox, relayed `attempts` times, the last 4 hours ago
    (returns the dedupe key); they and their delivery records are deleted afterwards, so no
    later test's worker meets them."""
    keys: list[str] = []

    async def make(attempts: int) -> str:
        key = f"test-redeliver:{secrets.token_hex(4)}"
        keys.append(key)
        async with db.session() as session:
            await outbox.add_message(
                session, topic="email.booking_confirmed", dedupe_key=key, payload={}
            )
        await db.pool.execute(
            "UPDATE outbox SET sent_at = now() - interval '4 hours', attempts = $2"
            " WHERE dedupe_key = $1",
            key,
            attempts,
        )
        return key

    yield make
    await db.pool.execute("DELETE FROM outbox WHERE dedupe_key = ANY($1)", keys)
    await db.pool.execute("DELETE FROM sent_email WHERE dedupe_key = ANY($1)", keys)


async def redeliver(database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = await asyncio.to_thread(
        run_cli, "redeliver-emails", env={"DATABASE_URL": database_url}, cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    return result


async def relayed_at(db: Database, key: str) -> datetime | None:
    relayed: datetime | None = await db.pool.fetchval(
        "SELECT sent_at FROM outbox WHERE dedupe_key = $1", key
    )
    return relayed


async def test_redeliver_emails_hands_back_an_email_that_never_went_out(
    database_url: str,
    db: Database,
    relayed_email: Callable[[int], Awaitable[str]],
    tmp_path: Path,
) -> None:
    # given a confirmation relayed six times, hours ago, that never went out (its job gave up)
    key = await relayed_email(6)
    before = await db.pool.fetchval("SELECT now()")
    # when an operator runs the command
    result = await redeliver(database_url, tmp_path)
    # then it says so, and the email is pending for the relay again (or already relayed anew)
    assert "handed back to the outbox relay" in result.stdout
    sent_at = await relayed_at(db, key)
    assert sent_at is None or sent_at > before


async def test_redeliver_emails_leaves_delivered_emails_alone(
    database_url: str,
    db: Database,
    relayed_email: Callable[[int], Awaitable[str]],
    tmp_path: Path,
) -> None:
    # given an email relayed hours ago that did go out
    key = await relayed_email(1)
    relayed = await relayed_at(db, key)
    await db.pool.execute(
        "INSERT INTO sent_email (dedupe_key, topic, recipient, subject, sent_at)"
        " VALUES ($1, 'email.booking_confirmed', 'ada@example.com', 'Booked', now())",
        key,
    )
    # when an operator runs the command
    await redeliver(database_url, tmp_path)
    # then that email stays relayed
    assert await relayed_at(db, key) == relayed
