"""The environment of someone who configured nothing: no Skyport, database or Redis variables."""

from __future__ import annotations

import os

CONFIGURING = ("DATABASE_URL", "REDIS_URL", "SKYPORT_", "TEST_")


def unconfigured_environment() -> dict[str, str]:
    """This process's environment without any variable that would configure Skyport."""
    return {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURING)}
