"""Schema migrations (Alembic), run programmatically against a given database URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointed at our migrations and at `database_url`."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database up to `revision` (blocking; call from a thread inside a loop)."""
    command.upgrade(alembic_config(database_url), revision)


def check(database_url: str) -> None:
    """Raise when the models and the migrations disagree."""
    command.check(alembic_config(database_url))
