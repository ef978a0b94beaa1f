"""The search plan: which airport paths a slice may fly, and which route windows to read.

Paths come from the route map and the detour rules alone, so they are memoised per
(origin, destination, connections) on the map. Each slice then turns its paths into probes:
one route and one departure window per flight position, merged per route.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from data.inventory.reads import Probe
from data.reference.directory import AirportRecord, ReferenceDirectory
from data.search import rules
from data.search.query import SearchQuery, SliceQuery
from data.search.routes import RouteMap

Path = tuple[int, ...]
"""Airport ids from origin to destination."""

Windows = tuple[tuple[int, int, timedelta, timedelta], ...]
"""Per route a slice's paths fly: (origin, destination, and how much later than the slice's own
departure window its flights may leave, at the earliest and at the latest)."""


@dataclass(frozen=True, slots=True)
class SlicePlan:
    """One slice's candidate paths and its departure window (UTC) at the origin."""

    index: int
    query: SliceQuery
    paths: tuple[Path, ...]
    earliest: datetime
    latest: datetime


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """Every slice's plan, and the probes that read all their flights in one statement."""

    slices: tuple[SlicePlan, ...]
    probes: tuple[Probe, ...]


def _one_stop(
    routes: RouteMap, airports: dict[int, AirportRecord], o: int, d: int, limit: float
) -> list[Path]:
    out, into = routes.outbound(o), routes.routes_into(d)
    flown: list[tuple[int, int]] = []
    # (a route map newer than the directory may name airports it does not know: a connection
    # there could not be timed)
    for via in out.keys() & into.keys() & airports.keys():
        km = out[via].distance_km + into[via].distance_km
        if km <= limit:
            flown.append((km, via))
    if not flown:
        return []
    near = min(flown)[0] * rules.HUB_DETOUR  # hubs about as direct as the best go first
    ranked = sorted((not (airports[via].is_hub and km <= near), km, via) for km, via in flown)
    return [(o, via, d) for _, _, via in ranked[: rules.MAX_VIAS]]


def _two_stop(
    routes: RouteMap, airports: dict[int, AirportRecord], o: int, d: int, limit: float
) -> list[Path]:
    origin, destination = airports[o], airports[d]
    out = routes.outbound(o)
    firsts = sorted(
        (r.distance_km + rules.great_circle_km(airports[x], destination), x)
        for x, r in out.items()
        if x != d and x in airports
    )[: rules.TWO_STOP_FANOUT]
    lasts: list[tuple[float, int, int]] = []
    for y, last in routes.routes_into(d).items():
        if y != o and y in airports:
            lasts.append(
                (rules.great_circle_km(origin, airports[y]) + last.distance_km, y, last.distance_km)
            )
    lasts = sorted(lasts)[: rules.TWO_STOP_FANOUT]
    ranked: list[tuple[int, int, int]] = []
    for _, x in firsts:
        for _, y, last_km in lasts:
            middle = routes.route(x, y)
            if x != y and middle is not None:
                flown = out[x].distance_km + middle.distance_km + last_km
                if flown <= limit:
                    ranked.append((flown, x, y))
    ranked.sort()
    return [(o, x, y, d) for _, x, y in ranked[: rules.MAX_TWO_STOP_PATHS]]


def candidate_paths(
    routes: RouteMap, directory: ReferenceDirectory, query: SliceQuery, connections: int
) -> tuple[tuple[Path, ...], Windows]:
    """Airport paths for a slice (direct, then the best one-stop and two-stop ones) and the
    route windows they read."""
    o, d = query.origin.id, query.destination.id
    memo_key = (o, d, connections)
    memo = routes.paths.get(memo_key)
    if memo is not None:
        return memo
    limit = rules.max_flown_km(query.origin, query.destination)
    paths: list[Path] = [(o, d)] if routes.route(o, d) is not None else []
    if connections >= 1:
        paths += _one_stop(routes, directory.airports, o, d, limit)
    if connections >= 2:
        paths += _two_stop(routes, directory.airports, o, d, limit)
    result = routes.paths[memo_key] = (tuple(paths), probe_windows(routes, paths))
    return result


def probe_windows(routes: RouteMap, paths: Sequence[Path]) -> Windows:
    """The routes of `paths` and their departure windows relative to the slice's, each route
    once (widest window of the paths that fly it)."""
    layover = rules.MAX_LAYOVER_SECONDS // 60
    windows: dict[tuple[int, int], list[int]] = {}  # route -> [earliest, latest] in minutes
    for path in paths:
        low = high = 0
        for leg in itertools.pairwise(path):
            known = windows.get(leg)
            if known is None:
                windows[leg] = [low, high]
            else:
                known[0], known[1] = min(known[0], low), max(known[1], high)
            route = routes.route(*leg)
            assert route is not None
            low += route.min_minutes
            high += route.max_minutes + layover
    return tuple(
        (o, d, timedelta(minutes=low), timedelta(minutes=high))
        for (o, d), (low, high) in windows.items()
    )


def plan_search(
    query: SearchQuery, *, routes: RouteMap, directory: ReferenceDirectory
) -> SearchPlan:
    """Paths and probes for every slice of a search."""
    slices: list[SlicePlan] = []
    probes: list[Probe] = []
    for index, slice_query in enumerate(query.slices):
        paths, windows = candidate_paths(
            routes, directory, slice_query, query.connections_to_search
        )
        earliest, latest = slice_query.departure_window()
        slices.append(SlicePlan(index, slice_query, paths, earliest, latest))
        probes += [Probe(index, o, d, earliest + low, latest + high) for o, d, low, high in windows]
    return SearchPlan(tuple(slices), tuple(probes))
