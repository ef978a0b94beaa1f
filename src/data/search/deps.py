"""What searching needs, passed as one value."""

from __future__ import annotations

from dataclasses import dataclass

from data.cache import Cache
from data.clock import Clock
from data.db import Database
from data.reference.directory import ReferenceDirectory
from data.search.routes import RouteCache


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
