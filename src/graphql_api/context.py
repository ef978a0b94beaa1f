"""Per-request context: long-lived services plus per-request DataLoaders."""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field
from typing import Any

from data.cache import Cache
from data.calendar.memo import CalendarMemo
from data.calendar.service import FareCalendar
from data.clock import Clock
from data.db import Database
from data.inventory.stamps import InventoryStamp
from data.inventory.watch import InventoryWatch
from data.reference.directory import ReferenceDirectory
from data.search.deps import SearchDeps, new_calendar_gate
from data.search.routes import RouteCache
from graphql import DocumentNode
from graphql_api.loaders import Loaders


@dataclass
class ApiConfig:
    """The settings the API needs, passed down by the composition root."""

    secret_key: bytes
    offer_ttl_seconds: int = 20 * 60
    currency: str = "EUR"
    public_url: str = "http://127.0.0.1:8000"


@dataclass
class Services:
    """Process-wide dependencies, built once by the app factory."""

    db: Database
    cache: Cache
    clock: Clock
    directory: ReferenceDirectory
    config: ApiConfig
    routes: RouteCache = field(default_factory=RouteCache)
    inventory_watch: InventoryWatch | None = None
    """Inventory change notifications; without one, whole search responses are not kept."""
    calendar_gate: asyncio.Semaphore = field(default_factory=new_calendar_gate)
    """The process's limit on calendar days being priced (see `SearchDeps.calendar_gate`)."""
    calendar_memo: CalendarMemo[FareCalendar] = field(init=False)
    """Calendars answered lately, kept while the inventory watch vouches for them."""

    def __post_init__(self) -> None:
        self.calendar_memo = CalendarMemo(self.inventory_watch)
        watch = self.inventory_watch
        if watch is not None and self.routes.schedule_changes is None:
            # the route map is read again once the schedule may have changed
            self.routes.schedule_changes = lambda: watch.everything_since

    @property
    def search(self) -> SearchDeps:
        """What the search and calendar services need, taken from these services now."""
        return SearchDeps(
            self.db,
            self.cache,
            self.clock,
            self.routes,
            self.directory,
            self.config.currency,
            self.calendar_gate,
        )


@dataclass
class Context:
    """What every resolver sees as `info.context`."""

    services: Services
    request: Any = None
    response: Any = None
    loaders: Loaders = field(init=False)
    search_stamps: list[InventoryStamp] = field(default_factory=list)
    """Inventory stamps of the searches this request ran (for the response cache)."""
    searches_stale_at: float = math.inf
    """When the first of its searches goes stale though no seat moves (Unix seconds; for the
    response cache: `data.search.service.stale_at`)."""
    response_cacheable: bool = False
    """Set when the operation read only searches and succeeded."""
    succeeded_query: DocumentNode | None = None
    """The document of a query that succeeded (for `graphql_api.known_queries`)."""

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.services.db)
