"""`skyport serve` on a machine with no Postgres or Redis configured: the embedded default."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
import psutil
import pytest

from tests.e2e.environment import unconfigured_environment

pytestmark = pytest.mark.e2e
STARTUP_SECONDS = 150


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_ready(base: str, process: subprocess.Popen[str], log: Path) -> httpx.Response:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            response = httpx.get(f"{base}/readyz", timeout=2)
            if response.status_code == 200:
                return response
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError("skyport serve did not become ready in time")


async def queue_password_reset(pg_dir: Path) -> None:
    """Write an outbox message into the embedded database, as a business transaction would."""
    conn = await asyncpg.connect(f"postgresql://postgres@/postgres?host={pg_dir}")
    try:
        await conn.execute(
            "INSERT INTO outbox (topic, dedupe_key, payload, attempts)"
            " VALUES ('email.password_reset', 'e2e-reset', $1::jsonb, 0)",
            json.dumps({"email": "demo@skyport.example", "reset_url": "http://skyport.test/r"}),
        )
    finally:
        await conn.close()


def start_serve(env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[str]:
    """`skyport serve` in its own process, its output going to `log`."""
    with log.open("w") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "skyport", "serve"],
            env=env,
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_runs_the_whole_portal_on_embedded_servers(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    # given a clean environment: no DATABASE_URL or REDIS_URL, a fresh data directory
    env = unconfigured_environment()
    port = free_port()
    env |= {"SKYPORT_DATA_DIR": str(tmp_path / "var"), "PORT": str(port)}
    log = tmp_path / "serve.log"
    process = start_serve(env, tmp_path, log)
    base = f"http://127.0.0.1:{port}"
    try:
        # when it has started, then it is ready and serves the API and the storefront
        ready = wait_ready(base, process, log)
        registry = json.loads((tmp_path / "var" / "redis" / "skyport.rdb.settings").read_text())
        redis_pid = int(Path(registry["pidfile"]).read_text())
        assert ready.json()["checks"] == {"postgres": "ok", "redis": "ok"}
        query = '{ airports(search: "london") { iataCode timeZone } }'
        answer = httpx.post(f"{base}/graphql", json={"query": query}, timeout=10).json()
        assert {"iataCode": "LHR", "timeZone": "Europe/London"} in answer["data"]["airports"]
        graphiql = httpx.get(f"{base}/graphql", headers={"accept": "text/html"}, timeout=10)
        assert "/static/vendor/graphiql/graphiql.min.js" in graphiql.text
        home = httpx.get(f"{base}/", timeout=10)
        assert home.status_code == 200
        assert "Search flights" in home.text
        # and the job worker runs in-process: an outbox message becomes an email in the mailbox
        asyncio.run(queue_password_reset(tmp_path / "var" / "pg"))
        mail_dir = tmp_path / "var" / "mail"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not list(mail_dir.glob("*.eml")):
            time.sleep(0.5)
        assert list(mail_dir.glob("*.eml")), "the in-process worker sent no email"
        mailbox = httpx.get(f"{base}/dev/emails/", timeout=10)
        assert mailbox.status_code == 200
        assert "demo@skyport.example" in mailbox.text
    finally:
        # and Ctrl-C shuts everything down cleanly
        process.send_signal(stop_signal)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, log.read_text()
    assert not (tmp_path / "var" / "pg" / "postmaster.pid").exists(), "Postgres left running"
    assert not psutil.pid_exists(redis_pid), "Redis left running"


def test_cli_shares_the_running_servers_and_data_survives_a_restart(tmp_path: Path) -> None:
    env = unconfigured_environment()
    env |= {"SKYPORT_DATA_DIR": str(tmp_path / "var"), "PORT": str(free_port())}
    base = f"http://127.0.0.1:{env['PORT']}"
    createuser = [sys.executable, "-m", "skyport", "createuser", "--email", "keep@example.com"]
    createuser += ["--password", "long-enough"]
    for run in range(2):
        log = tmp_path / f"serve-{run}.log"
        process = start_serve(env, tmp_path, log)
        try:
            wait_ready(base, process, log)
            # while serve is up, the CLI works against the same embedded servers
            added = subprocess.run(
                createuser, env=env, cwd=tmp_path, capture_output=True, text=True
            )
            if run == 0:
                assert added.returncode == 0, added.stderr
            else:  # after a restart the account is still there, and nothing was re-seeded
                assert "already exists" in added.stderr
                assert "seeding demo data" not in log.read_text()
            ready = httpx.get(f"{base}/readyz", timeout=5)
            assert ready.status_code == 200, "the CLI's exit must not stop serve's servers"
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
