"""The per-request DataLoaders, made lazily so a request pays only for those it uses."""

from __future__ import annotations

from functools import cached_property

from data.db import Database
from graphql_api.flights.loaders import FlightByIdLoader


class Loaders:
    """Every DataLoader of one request, by name."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @cached_property
    def flight_by_id(self) -> FlightByIdLoader:
        """Flights (with all their cabins) by id."""
        return FlightByIdLoader(self._db)
