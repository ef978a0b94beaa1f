"""Itineraries of one slice: the flights of each candidate path, chained by the connection rules.

Pure functions over legs already read, so the rules can be property-tested without a database.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import datetime

from data.inventory.reads import Leg
from data.reference.directory import AirportRecord
from data.search import rules
from data.search.plan import Path, SlicePlan

Itinerary = tuple[Leg, ...]
"""The flights of one slice, in order."""


class RouteLegs:
    """Legs grouped by route, sorted by departure, for quick 'first departure after' lookups."""

    def __init__(self, legs: Iterable[Leg]) -> None:
        grouped: dict[tuple[int, int], list[Leg]] = {}
        for leg in legs:
            grouped.setdefault((leg.origin_id, leg.destination_id), []).append(leg)
        self.legs = {route: sorted(found, key=_departure) for route, found in grouped.items()}
        self.departures = {
            route: [leg.departure_at for leg in found] for route, found in self.legs.items()
        }

    def leaving(self, origin: int, destination: int, earliest: datetime) -> list[Leg]:
        """Legs of the route departing at or after `earliest`, earliest first."""
        found = self.legs.get((origin, destination))
        if not found:
            return []
        return found[bisect_left(self.departures[(origin, destination)], earliest) :]


def _departure(leg: Leg) -> datetime:
    return leg.departure_at


def _extend(
    itinerary: Itinerary,
    path: Path,
    legs: RouteLegs,
    airports: Mapping[int, AirportRecord],
    seats: int,
) -> list[Itinerary]:
    position = len(itinerary)
    if position == len(path) - 1:
        return [itinerary]
    arrived = itinerary[-1]
    via = path[position]
    wait = rules.min_connection(
        airports[path[position - 1]], airports[via], airports[path[position + 1]]
    )
    found: list[Itinerary] = []
    taken = 0
    for onward in legs.leaving(via, path[position + 1], arrived.arrival_at + wait):
        if onward.departure_at - arrived.arrival_at > rules.MAX_LAYOVER:
            break
        if onward.available < seats:
            continue
        extended = _extend((*itinerary, onward), path, legs, airports, seats)
        if extended:
            found += extended
            taken += 1
            if taken == rules.CONNECTIONS_PER_ARRIVAL:
                break
    return found


def build_itineraries(
    plan: SlicePlan, legs: RouteLegs, airports: Mapping[int, AirportRecord], *, seats: int
) -> list[Itinerary]:
    """The itineraries of the slice's paths leaving in its window with `seats` seats free.

    Each connection respects the minimum connection time and the longest layover; each arriving
    flight keeps only its earliest `CONNECTIONS_PER_ARRIVAL` onward connections; at most
    `MAX_ITINERARIES` are kept, fewest stops first, then the shortest, then the earliest.
    """
    found: list[Itinerary] = []
    for path in plan.paths:
        for first in legs.leaving(path[0], path[1], plan.earliest):
            if first.departure_at >= plan.latest:
                break
            if first.available >= seats:
                found += _extend((first,), path, legs, airports, seats)
    if len(found) > rules.MAX_ITINERARIES:
        found.sort(key=_rank)
        del found[rules.MAX_ITINERARIES :]
    return found


def _rank(itinerary: Itinerary) -> tuple[int, object, object, tuple[int, ...]]:
    elapsed = itinerary[-1].arrival_at - itinerary[0].departure_at
    return (len(itinerary), elapsed, itinerary[0].departure_at, tuple(leg.id for leg in itinerary))
