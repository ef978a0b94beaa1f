"""What the jobs package needs, built by the composition root (jobs never reads Settings)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class EmailConfig:
    """Where emails go: `file` writes `.eml` files, `smtp` and `ses` send them."""

    backend: Literal["file", "smtp", "ses"]
    sender: str
    mail_dir: Path
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool | None = None
    aws_region: str = "eu-west-1"
    aws_endpoint_url: str | None = None


@dataclass(frozen=True)
class StorageConfig:
    """Where files go: `local` under `root` (served at `public_url`), or an S3 bucket."""

    backend: Literal["local", "s3"]
    root: Path
    public_url: str
    signing_key: str
    bucket: str = "skyport"
    aws_region: str = "eu-west-1"
    aws_endpoint_url: str | None = None


@dataclass(frozen=True)
class JobPolicy:
    """Retry rules of one job: attempts in all, time limit, backoff between attempts."""

    timeout_seconds: int = 60
    attempts: int = 5
    retry_delay_seconds: float = 1.0
    max_retry_delay_seconds: float = 300.0


@dataclass(frozen=True)
class JobsConfig:
    """Everything a worker needs; `namespace` keeps queues of deployments and test runs apart."""

    database_url: str
    redis_url: str
    namespace: str
    base_url: str
    static_url: str
    templates_dir: Path
    email: EmailConfig
    storage: StorageConfig
    policy: JobPolicy = JobPolicy()
    concurrency: int = 10
    sweep_seconds: int = 30
    shutdown_grace_seconds: int = 10
    db_pool_size: int = 5
