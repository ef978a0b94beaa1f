"""Itineraries of one slice: the flights of each candidate path, chained by the connection rules.

Pure functions over legs already read, so the rules can be property-tested without a database.
Times are the legs' Unix seconds.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter

from data.inventory.reads import Leg
from data.reference.directory import AirportRecord
from data.search import rules
from data.search.plan import Path, SlicePlan

Itinerary = tuple[Leg, ...]
"""The flights of one slice, in order."""

_departs = attrgetter("departs")


class RouteLegs:
    """Legs grouped by route, sorted by departure, for quick 'first departure after' lookups."""

    def __init__(self, legs: Iterable[Leg]) -> None:
        grouped: dict[tuple[int, int], list[Leg]] = {}
        for leg in legs:
            route = (leg.origin_id, leg.destination_id)
            found = grouped.get(route)
            if found is None:
                grouped[route] = [leg]
            else:
                found.append(leg)
        for found in grouped.values():
            found.sort(key=_departs)
        self.legs = grouped
        self.departures = {
            route: [leg.departs for leg in found] for route, found in grouped.items()
        }

    def leaving(self, origin: int, destination: int, earliest: int) -> list[Leg]:
        """Legs of the route departing at or after `earliest` (Unix seconds), earliest first."""
        found = self.legs.get((origin, destination))
        if not found:
            return []
        return found[bisect_left(self.departures[(origin, destination)], earliest) :]


class _Connections:
    """Minimum connection times in seconds, worked out once per airport triple."""

    def __init__(self, airports: Mapping[int, AirportRecord]) -> None:
        self.airports = airports
        self.known: dict[tuple[int, int, int], int] = {}

    def seconds(self, came_from: int, via: int, going_to: int) -> int:
        key = (came_from, via, going_to)
        wait = self.known.get(key)
        if wait is None:
            airports = self.airports
            minimum = rules.min_connection(airports[came_from], airports[via], airports[going_to])
            wait = self.known[key] = int(minimum.total_seconds())
        return wait


def _extend(
    itinerary: Itinerary, path: Path, legs: RouteLegs, connections: _Connections, seats: int
) -> list[Itinerary]:
    position = len(itinerary)
    if position == len(path) - 1:
        return [itinerary]
    arrives = itinerary[-1].arrives
    via, onward_to = path[position], path[position + 1]
    earliest = arrives + connections.seconds(path[position - 1], via, onward_to)
    latest = arrives + rules.MAX_LAYOVER_SECONDS
    last_position = position + 1 == len(path) - 1
    found: list[Itinerary] = []
    taken = 0
    for onward in legs.leaving(via, onward_to, earliest):
        if onward.departs > latest:
            break
        if onward.capacity - onward.sold - onward.held < seats:
            continue
        if last_position:
            found.append((*itinerary, onward))
        else:
            extended = _extend((*itinerary, onward), path, legs, connections, seats)
            if not extended:
                continue
            found += extended
        taken += 1
        if taken == rules.CONNECTIONS_PER_ARRIVAL:
            break
    return found


def build_itineraries(
    plan: SlicePlan,
    legs: RouteLegs,
    airports: Mapping[int, AirportRecord],
    *,
    seats: int,
    not_before: int = 0,
    first_leg: Callable[[Leg], bool] | None = None,
    max_stops: int | None = None,
) -> list[Itinerary]:
    """The itineraries of the slice's paths leaving in its window with `seats` seats free.

    Each connection respects the minimum connection time and the longest layover; each arriving
    flight keeps only its earliest `CONNECTIONS_PER_ARRIVAL` onward connections; at most
    `MAX_ITINERARIES` are kept, fewest stops first, then the shortest, then the earliest.
    Filters narrow the itineraries before those caps, so a filter never empties a slice that has
    matching itineraries: the first flight leaves at or after `not_before` (Unix seconds) and
    passes `first_leg`, and there are at most `max_stops` stops. (`legs` holds only flights a
    search may use, e.g. of the airlines it asks for.)
    """
    earliest = max(int(plan.earliest.timestamp()), not_before)
    latest = int(plan.latest.timestamp())
    connections = _Connections(airports)
    found: list[Itinerary] = []
    for path in plan.paths:
        if max_stops is not None and len(path) - 2 > max_stops:
            continue
        direct = len(path) == 2
        for first in legs.leaving(path[0], path[1], earliest):
            if first.departs >= latest:
                break
            if first.capacity - first.sold - first.held < seats:
                continue
            if first_leg is not None and not first_leg(first):
                continue
            if direct:
                found.append((first,))
            else:
                found += _extend((first,), path, legs, connections, seats)
    if len(found) > rules.MAX_ITINERARIES:
        found.sort(key=_rank)
        del found[rules.MAX_ITINERARIES :]
    return found


def _rank(itinerary: Itinerary) -> tuple[int, int, int, tuple[int, ...]]:
    first = itinerary[0]
    if len(itinerary) == 1:
        return (1, first.arrives - first.departs, first.departs, (first.id,))
    elapsed = itinerary[-1].arrives - first.departs
    return (len(itinerary), elapsed, first.departs, tuple(leg.id for leg in itinerary))
