"""Settings, read once from the environment (and `.env`) by the composition root."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

EmailBackend = Literal["file", "smtp", "ses"]
StorageBackend = Literal["local", "s3"]


class Settings(BaseSettings):
    """Every knob Skyport reads; unset URLs mean "start the embedded servers"."""

    model_config = SettingsConfigDict(
        env_prefix="SKYPORT_", env_file=".env", extra="ignore", populate_by_name=True
    )

    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "SKYPORT_DATABASE_URL")
    )
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REDIS_URL", "SKYPORT_REDIS_URL")
    )
    cache_redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("CACHE_REDIS_URL", "SKYPORT_CACHE_REDIS_URL")
    )
    """A Redis of its own for the caches (search results, calendar months, autocomplete), which
    may then evict freely (`allkeys-lru`) without touching the job queue; unset: `redis_url`."""
    data_dir: Path = Path("var")
    host: str = "127.0.0.1"
    port: int = Field(
        default=8000, ge=1, le=65535, validation_alias=AliasChoices("PORT", "SKYPORT_PORT")
    )
    public_url: str | None = None
    secret_key: SecretStr = SecretStr("dev-only-secret-change-me")
    redis_namespace: str = "skyport"
    debug: bool = False
    log_format: Literal["console", "json"] = "console"

    db_pool_size: int = 10
    gc_freeze: bool = True
    """Settle the garbage collector once the app has started (see `skyport.tuning`)."""
    offer_ttl_seconds: int = 20 * 60
    hold_minutes: int = 30
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    """The ISO 4217 currency fares are sold in: prices are computed in its minor units (the
    fare tables are written for euros; nothing converts) and written with its decimals."""

    run_worker_in_process: bool | None = None
    demo_accounts: bool | None = None
    """Create the README's demo logins (their passwords are public) with the demo data; unset:
    only on the embedded Postgres, never on a database of one's own (`with_demo_accounts`)."""
    api_url: str | None = None
    cors_origins: str = "*"
    """Web origins whose pages may call the API from a browser (CORS), comma-separated: `*`
    (any: the API is public and reads need no credentials), a list, or empty for none."""

    stripe_secret_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_api_base: str | None = None

    email_backend: EmailBackend = "file"
    dev_mailbox: bool | None = None
    """Serve the `file` backend's emails at `/dev/emails` (to this machine only); unset: unless
    `public_url` is set, since a deployment's mailbox holds every customer's emails and links."""
    email_from: str = "Skyport <no-reply@skyport.example>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    aws_region: str = "eu-west-1"
    aws_endpoint_url: str | None = None
    storage_backend: StorageBackend = "local"
    s3_bucket: str = "skyport"
    static_url: str = "/static"

    @property
    def embedded(self) -> bool:
        """True when neither database nor Redis is configured: run the embedded servers."""
        return self.database_url is None or self.redis_url is None

    @property
    def worker_in_process(self) -> bool:
        """Run the job worker inside `serve` (the default for the embedded set-up)."""
        if self.run_worker_in_process is not None:
            return self.run_worker_in_process
        return self.embedded

    @property
    def with_demo_accounts(self) -> bool:
        """Whether seeding creates the demo logins (see `demo_accounts`): by default only when
        `DATABASE_URL` is unset, whatever Redis is used."""
        if self.demo_accounts is not None:
            return self.demo_accounts
        return self.database_url is None

    @property
    def serves_dev_mailbox(self) -> bool:
        """Whether `/dev/emails` is mounted (see `dev_mailbox`)."""
        if self.email_backend != "file":
            return False
        return self.dev_mailbox if self.dev_mailbox is not None else self.public_url is None

    @property
    def base_url(self) -> str:
        """Public URL of the storefront, used in emails and payment return links."""
        return self.public_url or f"http://{self.host}:{self.port}"

    # jobs
    worker_concurrency: int = 10
    job_timeout_seconds: int = 60
    job_attempts: int = 5
    job_retry_delay_seconds: float = 1.0
    worker_sweep_seconds: int = 30
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool | None = None
    """STARTTLS: on, off, or (unset) whenever the server offers it."""
