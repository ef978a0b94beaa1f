"""A deterministic hub-and-spoke schedule: routes, a weekly pattern in local time, dated flights.

Everything is drawn from `random.Random(seed)`; the same seed and start date give the same rows.
Ids are positions: airport, airline, aircraft type `i` gets id `i + 1`; flights are numbered as
they are generated.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from data.reference.airports import AirportSeed, Scale, great_circle_km, load_airports
from data.reference.fleet import (
    AIRCRAFT_TYPES,
    DEMO_AIRLINES,
    LARGE_AIRLINES,
    MAX_RANGE_KM,
    AircraftSpec,
    AirlineSpec,
    choose_aircraft,
)

FLIGHT_COLUMNS = (
    "id",
    "airline_id",
    "flight_number",
    "origin_id",
    "destination_id",
    "departure_at",
    "arrival_at",
    "aircraft_type_id",
    "distance_km",
)
INVENTORY_COLUMNS = ("flight_id", "cabin", "capacity", "sold", "held", "version")
FlightRow = tuple[int, int, int, int, int, datetime, datetime, int, int]
InventoryRow = tuple[int, str, int, int, int, int]

WAVES = (7 * 60, 9 * 60 + 30, 12 * 60 + 30, 15 * 60 + 30, 18 * 60 + 30, 21 * 60 + 30)
"""Departure banks at every hub, local minutes after midnight; arrivals land just before them."""
TAXI_CLIMB_MINUTES = 35
MIN_ROUTE_KM = 150
REGIONAL_KM = 3_000
LONG_HAUL_KM = 6_000
LONG_HAUL_WAVES = (5, 1, 3)
SATURDAY = 5


@dataclass(frozen=True, slots=True)
class Network:
    """Reference data at one scale: airports, airlines and aircraft, in id order."""

    scale: Scale
    airports: tuple[AirportSeed, ...]
    airlines: tuple[AirlineSpec, ...]
    aircraft: tuple[AircraftSpec, ...]


@dataclass(frozen=True, slots=True)
class PatternFlight:
    """One flight of the weekly pattern: a flight number leaving at a local wall-clock minute."""

    airline_id: int
    flight_number: int
    origin_id: int
    destination_id: int
    departure_minute: int
    block_minutes: int
    aircraft_type_id: int
    distance_km: int


@dataclass(frozen=True, slots=True)
class DaySchedule:
    """The flights leaving on one local date, and their per-cabin inventory."""

    day: date
    flights: list[FlightRow]
    inventory: list[InventoryRow]


def build_network(scale: Scale) -> Network:
    """The airports, airlines and aircraft types seeded at `scale`."""
    airlines = DEMO_AIRLINES if scale == "demo" else LARGE_AIRLINES
    airports = load_airports(scale, hubs=frozenset(a.hub for a in airlines))
    return Network(scale, airports, airlines, AIRCRAFT_TYPES)


def block_minutes(distance_km: int, aircraft: AircraftSpec) -> int:
    """Gate-to-gate time: cruise over the great circle plus taxi and climb, rounded to 5 minutes."""
    minutes = distance_km / aircraft.cruise_kmh * 60 + TAXI_CLIMB_MINUTES
    return max(5, round(minutes / 5) * 5)


def _frequency(distance_km: int, *, trunk: bool, spoke_tier: int) -> int:
    """Daily round trips: more on short hops and between hubs, fewer to small fields."""
    bands = ((800, 6), (1_500, 5), (3_000, 4), (5_000, 3), (9_000, 2))
    daily = next((n for limit, n in bands if distance_km < limit), 1)
    if trunk and distance_km < 9_000:
        daily += 1
    return min(daily, 3) if spoke_tier == 1 else daily


def _spokes(
    network: Network, hub_index: int, nearest_hubs: list[list[int]]
) -> list[tuple[int, int]]:
    """(airport index, distance) pairs the airline at `hub_index` serves, longest first."""
    hub = network.airports[hub_index]
    served = []
    for index, airport in enumerate(network.airports):
        distance = great_circle_km(hub, airport)
        if index == hub_index or not MIN_ROUTE_KM <= distance <= MAX_RANGE_KM:
            continue
        if airport.tier > 1 or distance <= REGIONAL_KM or hub_index in nearest_hubs[index]:
            served.append((index, distance))
    return sorted(served, key=lambda s: (-s[1], s[0]))


def _nearest_hubs(airports: tuple[AirportSeed, ...], count: int = 3) -> list[list[int]]:
    hubs = [i for i, a in enumerate(airports) if a.is_hub]
    return [sorted(hubs, key=lambda h: great_circle_km(airports[h], a))[:count] for a in airports]


def _waves(rng: random.Random, daily: int, distance_km: int) -> list[int]:
    """Hub waves used by a route's trips; long hauls keep to the evening and morning banks."""
    if distance_km >= LONG_HAUL_KM:
        return [WAVES[w] for w in LONG_HAUL_WAVES[:daily]]
    n = len(WAVES)
    first = rng.randrange(n)
    if daily <= n:
        return [WAVES[(first + trip * n // daily) % n] for trip in range(daily)]
    return [WAVES[(first + trip) % n] + 50 * (trip // n) for trip in range(daily)]


def weekly_pattern(network: Network, *, start: date, seed: int) -> tuple[list[PatternFlight], ...]:
    """Seven lists (Monday first) of the flights leaving on that weekday, by origin and time."""
    rng = random.Random(seed)
    index_of = {a.iata_code: i for i, a in enumerate(network.airports)}
    nearest_hubs = _nearest_hubs(network.airports)
    noon = datetime.combine(start, time(12))
    offsets = [_utc_offset_minutes(a.time_zone, noon) for a in network.airports]
    days: tuple[list[PatternFlight], ...] = tuple([] for _ in range(7))
    for airline_id, airline in enumerate(network.airlines, start=1):
        hub = index_of[airline.hub]
        number = 1
        for spoke, distance in _spokes(network, hub, nearest_hubs):
            route = _route_flights(rng, network, airline_id, (hub, spoke), distance, offsets)
            for flight, weekdays in route:
                flight = dataclasses.replace(flight, flight_number=number)
                number += 1
                for weekday in weekdays:
                    days[weekday].append(flight)
    for flights in days:
        flights.sort(key=lambda f: (f.origin_id, f.departure_minute, f.airline_id, f.flight_number))
    return days


def _route_flights(
    rng: random.Random,
    network: Network,
    airline_id: int,
    ends: tuple[int, int],
    distance: int,
    offsets: list[int],
) -> list[tuple[PatternFlight, set[int]]]:
    """Both directions of a hub-spoke route, each trip with the weekdays it flies.

    Outbound trips leave the hub in a wave; inbound trips land 95-150 minutes before one, so
    each wave connects what just arrived. Local times use the UTC offsets at the start date.
    """
    hub, spoke = ends
    tier = network.airports[spoke].tier
    aircraft = choose_aircraft(
        distance, trunk=tier == 3, regional=tier == 1, pick=rng.randrange(12)
    )
    aircraft_id = network.aircraft.index(aircraft) + 1
    block = block_minutes(distance, aircraft)
    daily = _frequency(distance, trunk=tier == 3, spoke_tier=tier)
    weekdays = set(range(7))
    if tier == 1 and distance >= LONG_HAUL_KM:
        weekdays -= set(rng.sample(range(7), 2))
    waves_out, waves_in = _waves(rng, daily, distance), _waves(rng, daily, distance)
    flights = []
    for trip in range(daily):
        out_local = (waves_out[trip] + 5 * rng.randrange(10)) % 1440
        land_utc = waves_in[trip] - 5 * rng.randrange(19, 31) - offsets[hub]
        in_local = round((land_utc - block + offsets[spoke]) / 5) * 5 % 1440
        flies = weekdays - {SATURDAY} if daily >= 6 and trip == daily - 1 else weekdays
        for origin, destination, minute in ((hub, spoke, out_local), (spoke, hub, in_local)):
            flight = PatternFlight(
                airline_id, 0, origin + 1, destination + 1, minute, block, aircraft_id, distance
            )
            flights.append((flight, flies))
    return flights


def _utc_offset_minutes(zone: str, moment: datetime) -> int:
    utcoffset = ZoneInfo(zone).utcoffset(moment)
    assert utcoffset is not None
    return int(utcoffset.total_seconds()) // 60


def _load_factor(rng: random.Random, days_out: int) -> float:
    """Share of a cabin already sold through other channels: fuller close to departure."""
    if rng.random() < 0.02:
        return 1.0
    base = 0.2 + 0.8 * (rng.random() + rng.random()) / 2
    return base * (1.0 - 0.45 * min(days_out, 90) / 90)


def generate_schedule(
    network: Network,
    *,
    start: date,
    days: int,
    seed: int,
    first_flight_id: int = 1,
    version: int = 0,
) -> Iterator[DaySchedule]:
    """Dated flights and inventory for `days` local dates from `start`, one date at a time;
    every inventory row starts at `version`."""
    pattern = weekly_pattern(network, start=start, seed=seed)
    zones = [ZoneInfo(a.time_zone) for a in network.airports]
    cabins = [[(str(c.cabin), c.capacity) for c in a.cabins] for a in network.aircraft]
    blocks: dict[int, timedelta] = {}
    next_id = first_flight_id
    for days_out in range(days):
        day = start + timedelta(days=days_out)
        rng = random.Random(seed * 1_000_003 + day.toordinal())
        flights: list[FlightRow] = []
        inventory: list[InventoryRow] = []
        for f in pattern[day.weekday()]:
            local = datetime(
                day.year,
                day.month,
                day.day,
                f.departure_minute // 60,
                f.departure_minute % 60,
                tzinfo=zones[f.origin_id - 1],
            )
            departure = local.astimezone(UTC)
            block = blocks.get(f.block_minutes)
            if block is None:
                block = blocks[f.block_minutes] = timedelta(minutes=f.block_minutes)
            flights.append(
                (
                    next_id,
                    f.airline_id,
                    f.flight_number,
                    f.origin_id,
                    f.destination_id,
                    departure,
                    departure + block,
                    f.aircraft_type_id,
                    f.distance_km,
                )
            )
            for cabin, capacity in cabins[f.aircraft_type_id - 1]:
                sold = min(capacity, round(capacity * _load_factor(rng, days_out)))
                inventory.append((next_id, cabin, capacity, sold, 0, version))
            next_id += 1
        yield DaySchedule(day, flights, inventory)
