"""DataLoaders for flights: one statement per batch, values aligned with their keys."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from data.db import Database
from data.inventory.reads import Leg, fetch_flight_cabins

FlightCabins = dict[str, Leg]
"""A flight's cabins: cabin -> the flight with that cabin's inventory."""


class FlightByIdLoader(DataLoader[int, FlightCabins | None]):
    """Flights by id, each with the inventory of all its cabins (None when unknown)."""

    def __init__(self, db: Database) -> None:
        async def load(ids: Sequence[int]) -> list[FlightCabins | None]:
            found = await fetch_flight_cabins(db.pool, ids)
            return [found.get(flight_id) for flight_id in ids]

        super().__init__(load_fn=load)
