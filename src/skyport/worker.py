"""Wire the jobs package from Settings: `skyport worker`, or a worker inside `skyport serve`."""

from __future__ import annotations

import asyncio
import logging
from contextlib import AsyncExitStack
from dataclasses import dataclass

from jobs.config import EmailConfig, JobPolicy, JobsConfig, StorageConfig
from jobs.worker import run, running_worker
from skyport.logs import configure_logging
from skyport.migrate import PROJECT_ROOT
from skyport.settings import Settings

EMAIL_TEMPLATES = PROJECT_ROOT / "templates" / "email"


def storage_config(settings: Settings) -> StorageConfig:
    """Where files go: `<data_dir>/files` served at `/files`, or the S3 bucket."""
    return StorageConfig(
        backend=settings.storage_backend,
        root=settings.data_dir.resolve() / "files",
        public_url=f"{settings.base_url}/files",
        signing_key=settings.secret_key.get_secret_value(),
        bucket=settings.s3_bucket,
        aws_region=settings.aws_region,
        aws_endpoint_url=settings.aws_endpoint_url,
    )


def jobs_config(settings: Settings, *, database_url: str, redis_url: str) -> JobsConfig:
    """The jobs package's view of the settings."""
    data_dir = settings.data_dir.resolve()
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return JobsConfig(
        database_url=database_url,
        redis_url=redis_url,
        namespace=settings.redis_namespace,
        base_url=settings.base_url,
        static_url=settings.static_url,
        templates_dir=EMAIL_TEMPLATES,
        email=EmailConfig(
            backend=settings.email_backend,
            sender=settings.email_from,
            mail_dir=data_dir / "mail",
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_username=settings.smtp_username,
            smtp_password=password,
            smtp_starttls=settings.smtp_starttls,
            aws_region=settings.aws_region,
            aws_endpoint_url=settings.aws_endpoint_url,
        ),
        storage=storage_config(settings),
        policy=JobPolicy(
            timeout_seconds=settings.job_timeout_seconds,
            attempts=settings.job_attempts,
            retry_delay_seconds=settings.job_retry_delay_seconds,
        ),
        concurrency=settings.worker_concurrency,
        sweep_seconds=settings.worker_sweep_seconds,
        db_pool_size=min(settings.db_pool_size, settings.worker_concurrency + 2),
    )


def _quiet_queue_logs(settings: Settings) -> None:
    # SAQ logs every job at INFO, the once-a-second outbox relay included; ours log what matters.
    logging.getLogger("saq").setLevel(logging.INFO if settings.debug else logging.WARNING)


def run_worker(settings: Settings, *, deployed: bool = False) -> None:
    """Run the job worker until SIGINT/SIGTERM (blocking); the URLs must be resolved. A
    `deployed` worker (on servers of its own, not the embedded ones) warns when it does not know
    the public address its emails link to."""
    configure_logging(fmt=settings.log_format, debug=settings.debug, stdlib_level=logging.INFO)
    _quiet_queue_logs(settings)
    if deployed and settings.public_url is None:
        logging.getLogger("skyport.worker").warning(
            "SKYPORT_PUBLIC_URL is unset: links in emails will point to %s", settings.base_url
        )
    if settings.database_url is None or settings.redis_url is None:
        raise ValueError("run_worker needs resolved DATABASE_URL and REDIS_URL")
    database_url, redis_url = settings.database_url, settings.redis_url
    config = jobs_config(settings, database_url=database_url, redis_url=redis_url)
    logging.getLogger("skyport.worker").info(
        "worker started: queue %s:jobs, %d concurrent jobs, emails via %s (Ctrl-C to stop)",
        config.namespace,
        config.concurrency,
        config.email.backend,
    )
    asyncio.run(run(config))


@dataclass
class InProcessWorker:
    """A worker running inside another process's event loop (the embedded `serve`)."""

    _stack: AsyncExitStack

    async def stop(self) -> None:
        """Let running jobs finish (up to the grace period), then close connections."""
        await self._stack.aclose()


async def start_worker_in_process(
    settings: Settings, *, database_url: str, redis_url: str
) -> InProcessWorker:
    """Start a worker in the current event loop; call `stop()` on shutdown."""
    _quiet_queue_logs(settings)
    stack = AsyncExitStack()
    config = jobs_config(settings, database_url=database_url, redis_url=redis_url)
    await stack.enter_async_context(running_worker(config))
    return InProcessWorker(stack)
