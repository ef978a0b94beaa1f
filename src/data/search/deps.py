"""What searching needs, passed as one value."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from data.cache import Cache
from data.clock import Clock
from data.db import Database
from data.reference.directory import ReferenceDirectory
from data.search.routes import RouteCache

CALENDAR_DAYS_AT_ONCE = 4
"""Calendar days a process prices at once, across all its requests: a cold month costs up to 31
searches, and one request may ask for several months."""


def new_calendar_gate() -> asyncio.Semaphore:
    """A process's limit on calendar days being priced at once."""
    return asyncio.Semaphore(CALENDAR_DAYS_AT_ONCE)


@dataclass(frozen=True, slots=True)
class SearchDeps:
    """The database and cache a search reads, the injected clock, this process's route map and
    reference directory, and the currency its prices are quoted in."""

    db: Database
    cache: Cache
    clock: Clock
    routes: RouteCache
    directory: ReferenceDirectory
    currency: str
    calendar_gate: asyncio.Semaphore = field(default_factory=new_calendar_gate)
    """Admits `CALENDAR_DAYS_AT_ONCE` calendar days to pricing; one per process
    (`graphql_api.context.Services` holds it; a `SearchDeps` made without one has its own)."""
