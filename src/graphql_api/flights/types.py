"""The Flight node: times in each airport's zone, airline and airports from the directory."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from data.inventory.reads import Leg
from data.offers.sales import on_sale, sales_close
from data.reference.directory import AirlineRecord, AirportRecord, ReferenceDirectory
from data.zones import zone
from graphql_api.common.enums import CabinClass
from graphql_api.common.ids import database_id
from graphql_api.context import Context
from graphql_api.reference.types import Airline, Airport

_airports: dict[int, tuple[AirportRecord, Airport]] = {}
_airlines: dict[int, tuple[AirlineRecord, Airline]] = {}


def airport_node(record: AirportRecord) -> Airport:
    """The (shared, immutable) GraphQL airport of a directory record."""
    known = _airports.get(record.id)
    if known is None or known[0] is not record:
        known = _airports[record.id] = (record, Airport.from_record(record))
    return known[1]


def airline_node(record: AirlineRecord) -> Airline:
    """The (shared, immutable) GraphQL airline of a directory record."""
    known = _airlines.get(record.id)
    if known is None or known[0] is not record:
        known = _airlines[record.id] = (record, Airline.from_record(record))
    return known[1]


@strawberry.type(description="One dated departure of a flight number.")
class Flight(relay.Node):
    id: relay.NodeID[int]
    airline: Airline = strawberry.field(description="The operating airline.")
    flight_number: str = strawberry.field(description='Airline code and number, e.g. "XA 123".')
    origin: Airport = strawberry.field(description="Where the flight leaves from.")
    destination: Airport = strawberry.field(description="Where the flight lands.")
    departure_at: datetime = strawberry.field(description="Departure, in the origin's zone.")
    arrival_at: datetime = strawberry.field(description="Arrival, in the destination's zone.")
    duration_minutes: int = strawberry.field(description="Arrival minus departure, in minutes.")
    aircraft: str = strawberry.field(description="Aircraft type, e.g. Boeing 787-9.")
    cabins: strawberry.Private[dict[str, Leg]]

    @classmethod
    def from_leg(
        cls, leg: Leg, directory: ReferenceDirectory, cabins: dict[str, Leg] | None = None
    ) -> Flight:
        """The node for a leg; `cabins` are the cabins already read (the leg's own by default)."""
        airline = directory.airlines[leg.airline_id]
        origin = directory.airports[leg.origin_id]
        destination = directory.airports[leg.destination_id]
        return cls(
            id=leg.id,
            airline=airline_node(airline),
            flight_number=f"{airline.iata_code} {leg.flight_number}",
            origin=airport_node(origin),
            destination=airport_node(destination),
            departure_at=datetime.fromtimestamp(leg.departs, zone(origin.time_zone)),
            arrival_at=datetime.fromtimestamp(leg.arrives, zone(destination.time_zone)),
            duration_minutes=leg.block_minutes,
            aircraft=directory.aircraft[leg.aircraft_type_id].name,
            cabins={leg.cabin: leg} if cabins is None else cabins,
        )

    async def _cabin(
        self, info: strawberry.Info[Context, None], cabin: CabinClass | None
    ) -> Leg | None:
        cabin = cabin or CabinClass.ECONOMY
        if cabin.value not in self.cabins:
            self.cabins = await info.context.loaders.flight_by_id.load(self.id) or {}
        return self.cabins.get(cabin.value)

    @strawberry.field(
        description="When sales of this flight close (an hour before departure), in the "
        "origin's zone: after it no offer includes it and no seat of it can be chosen."
    )
    def sales_close_at(self) -> datetime:
        closes = sales_close(int(self.departure_at.timestamp()))
        return datetime.fromtimestamp(closes, self.departure_at.tzinfo)

    @strawberry.field(
        description="Seats of a cabin still for sale: neither sold nor held, and none once "
        "the flight's sales have closed (`salesCloseAt`), as its seat map shows them. 0 if "
        "the aircraft has no such cabin."
    )
    async def seats_remaining(
        self, info: strawberry.Info[Context, None], cabin: CabinClass | None = CabinClass.ECONOMY
    ) -> int:
        now = info.context.services.clock.now().timestamp()
        if not on_sale(int(self.departure_at.timestamp()), now):
            return 0
        leg = await self._cabin(info, cabin)
        return 0 if leg is None else leg.available

    @strawberry.field(description="Seats in a cabin (0 if the aircraft has no such cabin).")
    async def capacity(
        self, info: strawberry.Info[Context, None], cabin: CabinClass | None = CabinClass.ECONOMY
    ) -> int:
        leg = await self._cabin(info, cabin)
        return 0 if leg is None else leg.capacity

    @classmethod
    async def resolve_nodes(
        cls,
        *,
        info: strawberry.Info[Context, None],
        node_ids: Iterable[str],
        required: bool = False,
    ) -> list[Any]:
        ids = [database_id(node_id) or 0 for node_id in node_ids]
        found = await info.context.loaders.flight_by_id.load_many(ids)
        directory = info.context.services.directory
        return [
            cls.from_leg(next(iter(cabins.values())), directory, cabins) if cabins else None
            for cabins in found
        ]
