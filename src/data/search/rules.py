"""Connection rules: minimum connection times, the longest layover, and how far a detour may go.

- A connection waits at least the connecting airport's minimum connection time (MCT): the
  domestic one when both flights stay inside that airport's country, the international one as
  soon as either flight crosses a border.
- It waits at most `MAX_LAYOVER` (12 hours): longer and it is a stopover, not a connection.
- No itinerary visits an airport twice.
- The distance flown may exceed the great-circle distance by at most `DETOUR_FACTOR` times it,
  and never by more than `MAX_EXTRA_KM` (a long haul via the far side of the world is absurd).
- Of the connecting airports that pass, a slice tries `MAX_VIAS`: first the hubs (airports
  where airlines schedule their connecting banks, flown many times a day) whose path is at most
  `HUB_DETOUR` times the most direct one's, then the others, each by the shortest detour. On a
  long haul a dozen airports lie within a few percent of each other, and a cut by kilometres
  alone kept small ones with a flight a day and dropped hubs as good (London to Sydney lost
  Dubai and Doha). For two connections, `MAX_TWO_STOP_PATHS` airport pairs, drawn from the
  `TWO_STOP_FANOUT` most direct first and last connecting airports. More would only add worse
  routes.
- Each arriving flight keeps its `CONNECTIONS_PER_ARRIVAL` earliest onward connections, and a
  slice prices at most `MAX_ITINERARIES` itineraries: fewest stops first, then the shortest.
- Slices of a return or multi-city trip are at least `MIN_SLICE_GAP` apart.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Protocol

MAX_LAYOVER = timedelta(hours=12)
MAX_LAYOVER_SECONDS = int(MAX_LAYOVER.total_seconds())
DETOUR_FACTOR = 1.6
MAX_EXTRA_KM = 3_000
MAX_VIAS = 6
HUB_DETOUR = 1.15
MAX_TWO_STOP_PATHS = 8
TWO_STOP_FANOUT = 20
CONNECTIONS_PER_ARRIVAL = 2
MAX_ITINERARIES = 60
MIN_SLICE_GAP = timedelta(hours=2)
MIN_SLICE_GAP_SECONDS = int(MIN_SLICE_GAP.total_seconds())
EARTH_RADIUS_KM = 6371.0


class Place(Protocol):
    """An airport as the rules see it."""

    @property
    def country_code(self) -> str: ...

    @property
    def latitude(self) -> float: ...

    @property
    def longitude(self) -> float: ...

    @property
    def min_connection_minutes(self) -> int: ...

    @property
    def min_connection_intl_minutes(self) -> int: ...


def great_circle_km(a: Place, b: Place) -> float:
    """Haversine distance between two airports."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def max_flown_km(origin: Place, destination: Place) -> float:
    """The longest total distance an itinerary between these airports may fly."""
    direct = great_circle_km(origin, destination)
    return min(direct * DETOUR_FACTOR, direct + MAX_EXTRA_KM)


def min_connection(came_from: Place, via: Place, going_to: Place) -> timedelta:
    """The minimum connection time at `via`, between a flight from `came_from` and one to
    `going_to`: international when either flight crosses the border of `via`'s country."""
    domestic = came_from.country_code == via.country_code == going_to.country_code
    minutes = via.min_connection_minutes if domestic else via.min_connection_intl_minutes
    return timedelta(minutes=minutes)
