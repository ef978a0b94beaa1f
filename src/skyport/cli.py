"""The `skyport` command: serve, worker, migrate, seed, createuser, redeliver-emails.

Every failure a person can cause (bad option, unreachable server, port in use) ends in one line
on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from types import FrameType
from typing import TYPE_CHECKING, Annotated, TypeVar

import structlog
import typer
from pydantic import ValidationError

from skyport.embedded import EmbeddedError
from skyport.runtime import (
    StartupError,
    check_public_serving,
    check_secret_key,
    ensure_port_free,
    resolve,
)
from skyport.settings import Settings

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

T = TypeVar("T")

app = typer.Typer(
    name="skyport",
    help="Skyport flight booking portal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Scale(StrEnum):
    demo = "demo"
    large = "large"


class RoleOption(StrEnum):
    CUSTOMER = "CUSTOMER"
    STAFF = "STAFF"
    ADMIN = "ADMIN"


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _settings() -> Settings:
    return Settings()


def _in_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Migrate DATABASE_URL, then run `work` in one session there (committed if it returns)."""
    from data.db import Database

    settings = resolve(_settings(), need_redis=False)
    _migrate(settings)
    assert settings.database_url is not None
    database_url = settings.database_url

    async def run() -> T:
        db = await Database.connect(database_url, pool_size=1)
        try:
            async with db.session() as session:
                return await work(session)
        finally:
            await db.close()

    return asyncio.run(run())


def _migrate(settings: Settings) -> None:
    from skyport import migrate

    assert settings.database_url is not None
    migrate.upgrade(settings.database_url)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default $PORT or 8000).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Web worker processes.")] = 1,
) -> None:
    """Migrate, seed demo data on first run, and serve the whole portal."""
    import uvicorn

    from skyport.bootstrap import prepare_database
    from skyport.logs import configure_logging

    settings = _settings()
    settings = settings.model_copy(
        update={"host": host or settings.host, "port": port or settings.port}
    )
    configure_logging(fmt=settings.log_format, debug=settings.debug)
    check_public_serving(settings)
    ensure_port_free(settings.host, settings.port)
    settings = resolve(settings)
    assert settings.database_url is not None
    assert settings.redis_url is not None
    asyncio.run(
        prepare_database(
            settings.database_url, today=date.today(), demo_accounts=settings.with_demo_accounts
        )
    )
    # uvicorn re-raises SIGTERM after its graceful shutdown; exit normally then, so the
    # embedded servers are stopped by their exit handlers (as on Ctrl-C).
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    structlog.get_logger("skyport").info(
        f"Skyport on {settings.base_url}/  (GraphQL and GraphiQL: {settings.base_url}/graphql)"
    )
    if workers == 1:
        from skyport.app import create_app

        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_level="warning",
            log_config=None,  # uvicorn logs through ours (`skyport.logs`)
        )
        return
    # worker processes share their metrics through files, so any of them can answer /metrics
    metrics_dir = (settings.data_dir / "prometheus").resolve()
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    os.environ["DATABASE_URL"] = settings.database_url
    os.environ["REDIS_URL"] = settings.redis_url
    # and the address they serve, so their links (emails, payment returns) name it
    os.environ["SKYPORT_HOST"] = settings.host
    os.environ["PORT"] = str(settings.port)
    # each web worker process runs a job worker too when the embedded set-up asks for one
    os.environ["SKYPORT_RUN_WORKER_IN_PROCESS"] = str(settings.worker_in_process).lower()
    uvicorn.run(
        "skyport.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="warning",
        log_config=None,  # each process sets up ours (`create_app_from_env`)
    )


@app.command()
def migrate() -> None:
    """Apply database migrations."""
    settings = resolve(_settings(), need_redis=False)
    _migrate(settings)
    typer.echo("database is up to date")


@app.command()
def seed(
    scale: Annotated[
        Scale, typer.Option(help="demo (~60 airports) or large (benchmarks).")
    ] = Scale.demo,
    days: Annotated[
        int | None, typer.Option(min=1, max=365, help="Days of schedule from today.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same network.")] = 7,
    reset: Annotated[bool, typer.Option(help="Replace an existing schedule.")] = False,
) -> None:
    """Load reference data and a generated flight schedule (plus the demo logins on the embedded
    Postgres, or with SKYPORT_DEMO_ACCOUNTS=true)."""
    from data.db import Database
    from data.seed import AlreadySeeded, seed_database
    from skyport.bootstrap import ensure_demo_accounts

    settings = resolve(_settings(), need_redis=False)
    _migrate(settings)
    assert settings.database_url is not None
    database_url = settings.database_url
    span = days or (60 if scale is Scale.demo else 14)

    async def run() -> None:
        db = await Database.connect(database_url, pool_size=4)
        try:
            try:
                report = await seed_database(
                    db, scale=scale.value, days=span, seed=seed, start=date.today(), reset=reset
                )
            except AlreadySeeded:
                raise StartupError(
                    "the database already holds a schedule; `skyport seed --reset` replaces it"
                ) from None
            if settings.with_demo_accounts:
                await ensure_demo_accounts(db)
        finally:
            await db.close()
        typer.echo(
            f"seeded {report.airports} airports, {report.airlines} airlines, "
            f"{report.flights} flights ({report.inventory_rows} inventory rows) "
            f"in {report.seconds:.1f} s"
        )

    asyncio.run(run())


@app.command()
def createuser(
    email: Annotated[str, typer.Option(help="Login email.")],
    password: Annotated[
        str,
        typer.Option(
            help="Password (8+ characters); asked for, unechoed, when left out (so it stays out"
            " of the shell's history).",
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
        ),
    ],
    role: Annotated[
        RoleOption, typer.Option(help="CUSTOMER, STAFF or ADMIN.")
    ] = RoleOption.CUSTOMER,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Create an account."""
    from data.enums import Role
    from data.users.service import create_user

    user = _in_session(
        lambda session: create_user(
            session, email=email, password=password, name=name, role=Role(role.value)
        )
    )
    typer.echo(f"created {user.role} {user.email}")


@app.command("redeliver-emails")
def redeliver_emails(
    days: Annotated[
        int, typer.Option(min=1, max=30, help="Look back this many days of relayed emails.")
    ] = 7,
) -> None:
    """Send again the confirmations, expiry and cancellation notices relayed in the last DAYS
    days that never went out (their job gave up, e.g. during a long mail-provider outage). Safe
    to repeat: none is sent twice. Hold reminders, payment prompts and reset links are not sent
    late: they would mislead."""
    from data.outbox.service import reopen_undelivered_emails
    from jobs.emails.compose import LASTING_TOPICS

    count = _in_session(
        lambda session: reopen_undelivered_emails(
            session,
            topics=LASTING_TOPICS,
            now=datetime.now(UTC),
            after=timedelta(0),
            within=timedelta(days=days),
            max_relays=None,
        )
    )
    typer.echo(
        f"{count} undelivered email{'' if count == 1 else 's'} handed back to the outbox relay;"
        " a running worker sends them within seconds"
    )


@app.command()
def worker() -> None:
    """Run the background job worker (emails, the outbox relay, scheduled housekeeping)."""
    from skyport.logs import configure_logging
    from skyport.worker import run_worker

    configured = _settings()
    configure_logging(fmt=configured.log_format, debug=configured.debug)
    check_secret_key(configured)  # it signs download links with it
    settings = resolve(configured)
    _migrate(settings)  # on a fresh data dir the worker may be the first process to start
    run_worker(settings, deployed=not configured.embedded)


def _expected_errors() -> tuple[type[BaseException], ...]:
    from data.seed import AlreadySeeded, SeedError
    from data.users.errors import UserServiceError

    return (StartupError, EmbeddedError, AlreadySeeded, SeedError, UserServiceError)


def main() -> None:
    """Entry point: run the CLI and turn expected failures into one line each."""
    try:
        result = app(standalone_mode=False)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value
        hint = " (see `skyport --help`)" if exc.exit_code == 2 else ""
        typer.echo(f"skyport: error: {exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        sys.exit(130)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "settings"
        typer.echo(f"skyport: error: invalid setting {where}: {first['msg']}", err=True)
        sys.exit(1)
    except _expected_errors() as exc:
        typer.echo(f"skyport: error: {exc}", err=True)
        sys.exit(1)
    if isinstance(result, int) and result != 0:
        sys.exit(result)
