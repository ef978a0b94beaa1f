"""Injected time: services take a `Clock` so expiry and pricing are testable to the second."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current UTC instant."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Now, in UTC."""
        return datetime.now(UTC)


@dataclass
class FrozenClock:
    """A clock that moves only when told to (for tests)."""

    current: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))

    def now(self) -> datetime:
        """The frozen instant."""
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move time forward."""
        self.current += delta
