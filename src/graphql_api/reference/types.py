"""Airports and airlines as GraphQL nodes (served from the in-memory reference directory)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import strawberry
from strawberry import relay

from data.reference.directory import AirlineRecord, AirportRecord
from data.reference.metros import metro_of
from graphql_api.common.ids import database_id
from graphql_api.context import Context

T = TypeVar("T")


def _by_ids(records: Mapping[int, T], node_ids: Iterable[str]) -> list[T | None]:
    """Directory records for Relay node ids, None where an id is unknown or not a number."""
    return [records.get(database_id(node_id) or 0) for node_id in node_ids]


@strawberry.type(
    description="A metropolitan area: a city served by several airports, or by one filed under "
    "a suburb (Ezeiza for Buenos Aires), as IATA names it."
)
class MetroArea:
    code: str = strawberry.field(description="IATA city code, e.g. NYC.")
    name: str = strawberry.field(description="The area's name, e.g. New York.")


@strawberry.type(description="An airport, with its IANA time zone.")
class Airport(relay.Node):
    id: relay.NodeID[int]
    iata_code: str = strawberry.field(description="Three-letter IATA code, e.g. LHR.")
    name: str = strawberry.field(description="Airport name.")
    city: str = strawberry.field(description="City served.")
    country_code: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    time_zone: str = strawberry.field(description="IANA time zone, e.g. Europe/London.")
    latitude: float = strawberry.field(description="Latitude in degrees.")
    longitude: float = strawberry.field(description="Longitude in degrees.")

    @strawberry.field(
        description="The metropolitan area the airport serves (JFK, Newark and LaGuardia: New "
        "York, NYC), or null when it is not part of one."
    )
    def metro_area(self) -> MetroArea | None:
        metro = metro_of(self.iata_code)
        return None if metro is None else MetroArea(code=metro.code, name=metro.name)

    @classmethod
    def from_record(cls, record: AirportRecord) -> Airport:
        """The GraphQL view of a directory record."""
        return cls(
            id=record.id,
            iata_code=record.iata_code,
            name=record.name,
            city=record.city,
            country_code=record.country_code,
            time_zone=record.time_zone,
            latitude=record.latitude,
            longitude=record.longitude,
        )

    @classmethod
    def resolve_nodes(
        cls,
        *,
        info: strawberry.Info[Context, None],
        node_ids: Iterable[str],
        required: bool = False,
    ) -> list[Any]:
        records = _by_ids(info.context.services.directory.airports, node_ids)
        return [cls.from_record(r) if r else None for r in records]


@strawberry.type(description="An airline operating flights on Skyport.")
class Airline(relay.Node):
    id: relay.NodeID[int]
    iata_code: str = strawberry.field(description="Two-character airline designator.")
    name: str = strawberry.field(description="Airline name.")

    @classmethod
    def from_record(cls, record: AirlineRecord) -> Airline:
        """The GraphQL view of a directory record."""
        return cls(id=record.id, iata_code=record.iata_code, name=record.name)

    @classmethod
    def resolve_nodes(
        cls,
        *,
        info: strawberry.Info[Context, None],
        node_ids: Iterable[str],
        required: bool = False,
    ) -> list[Any]:
        records = _by_ids(info.context.services.directory.airlines, node_ids)
        return [cls.from_record(r) if r else None for r in records]
