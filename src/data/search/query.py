"""The search as the data layer sees it: validated, normalised, and with a stable cache key."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from data.enums import CabinClass
from data.pricing.types import PassengerCounts
from data.reference.directory import AirportRecord, ReferenceDirectory
from data.search.errors import SearchError, SearchErrorCode
from data.zones import zone

MAX_SLICES = 4
MAX_SEATED = 9
MAX_CONNECTIONS = 2
MAX_DAYS_AHEAD = 365
_HH_MM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class OfferSort(enum.StrEnum):
    PRICE = "PRICE"
    DURATION = "DURATION"
    DEPARTURE = "DEPARTURE"


@dataclass(frozen=True, slots=True)
class SliceSpec:
    """One slice as asked: IATA codes and the local departure date at the origin."""

    origin: str
    destination: str
    departure_date: date


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """Filters as asked (times as `HH:MM` strings, airlines as IATA codes)."""

    max_stops: int | None = None
    airlines: Sequence[str] | None = None
    max_price_minor: int | None = None
    depart_after: str | None = None
    depart_before: str | None = None


@dataclass(frozen=True, slots=True)
class SliceQuery:
    """A validated slice: airports from the directory, and the origin's local date."""

    origin: AirportRecord
    destination: AirportRecord
    day: date

    def departure_window(self) -> tuple[datetime, datetime]:
        """The UTC instants of local midnight on `day` and on the next day, at the origin."""
        local = zone(self.origin.time_zone)
        start = datetime.combine(self.day, time(), tzinfo=local)
        end = datetime.combine(self.day + timedelta(days=1), time(), tzinfo=local)
        return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class OfferFilter:
    """Validated filters; `airline_ids` empty means any airline."""

    max_stops: int | None = None
    airline_ids: frozenset[int] = frozenset()
    max_price_minor: int | None = None
    depart_after: time | None = None
    depart_before: time | None = None


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search that can run: every field validated against the directory and the clock."""

    slices: tuple[SliceQuery, ...]
    passengers: PassengerCounts
    cabin: CabinClass
    max_connections: int
    filter: OfferFilter
    sort: OfferSort
    group_brands: bool = False
    """Keep each itinerary's fare brands together (see `data.search.results`)."""

    @property
    def connections_to_search(self) -> int:
        """Connections worth looking for: `maxConnections`, narrowed by a `maxStops` filter."""
        if self.filter.max_stops is None:
            return self.max_connections
        return min(self.max_connections, self.filter.max_stops)

    def cache_key(self) -> str:
        """A canonical text of everything that changes the result."""
        f, p = self.filter, self.passengers
        parts = [
            ";".join(
                f"{s.origin.iata_code}-{s.destination.iata_code}-{s.day.isoformat()}"
                for s in self.slices
            ),
            f"{p.adults}.{p.children}.{p.infants}",
            self.cabin.value,
            str(self.connections_to_search),
            str(f.max_stops),
            ",".join(map(str, sorted(f.airline_ids))),
            str(f.max_price_minor),
            str(f.depart_after),
            str(f.depart_before),
            self.sort.value,
            "grouped" if self.group_brands else "flat",
        ]
        return "|".join(parts)


def echo(text: str, longest: int = 24) -> str:
    """What a client sent, as an error message quotes it: cut short when long (a message need
    not carry back kilobytes of whatever was sent)."""
    return text if len(text) <= longest else text[: longest - 1] + "…"


def _fail(code: SearchErrorCode, message: str, field: str) -> SearchError:
    return SearchError(code, message, field=field)


def _airport(directory: ReferenceDirectory, code: str, field: str) -> AirportRecord:
    record = directory.airports_by_code.get(code.strip().upper())
    if record is None:
        raise _fail(SearchErrorCode.UNKNOWN_AIRPORT, f"Unknown airport code “{echo(code)}”.", field)
    return record


def _slices(
    specs: Sequence[SliceSpec], directory: ReferenceDirectory, now: datetime
) -> tuple[SliceQuery, ...]:
    if not specs:
        raise _fail(SearchErrorCode.NO_SLICES, "Give at least one slice.", "slices")
    if len(specs) > MAX_SLICES:
        raise _fail(
            SearchErrorCode.TOO_MANY_SLICES,
            f"At most {MAX_SLICES} slices per search, not {len(specs)}.",
            "slices",
        )
    slices: list[SliceQuery] = []
    for index, spec in enumerate(specs):
        at = f"slices.{index}"
        origin = _airport(directory, spec.origin, f"{at}.origin")
        destination = _airport(directory, spec.destination, f"{at}.destination")
        if origin.id == destination.id:
            raise _fail(
                SearchErrorCode.SAME_ORIGIN_DESTINATION,
                f"Origin and destination are both {origin.iata_code}.",
                f"{at}.destination",
            )
        today = now.astimezone(zone(origin.time_zone)).date()
        day = spec.departure_date
        if day < today:
            raise SearchError(
                SearchErrorCode.DATE_IN_PAST,
                f"{day.isoformat()} is in the past at {origin.iata_code} (today is"
                f" {today.isoformat()}).",
                f"{at}.departureDate",
                {"today": today.isoformat()},
            )
        last = today + timedelta(days=MAX_DAYS_AHEAD)
        if day > last:
            raise SearchError(
                SearchErrorCode.DATE_TOO_FAR,
                f"Flights from {origin.iata_code} are sold at most {MAX_DAYS_AHEAD} days ahead:"
                f" the last date is {last.isoformat()}.",
                f"{at}.departureDate",
                {"lastDate": last.isoformat()},
            )
        piece = SliceQuery(origin, destination, day)
        # Dates are local to each origin: across the date line a slice may leave on the local
        # date before the one of the slice before it, so the rule compares instants: the slice's
        # day must end after the day of the slice before it begins. (Offers then keep each
        # slice at least `MIN_SLICE_GAP` after the one before lands.)
        if slices and piece.departure_window()[1] <= slices[-1].departure_window()[0]:
            raise _fail(
                SearchErrorCode.SLICES_OUT_OF_ORDER,
                "Each slice must depart on or after the date of the slice before it (dates are"
                " local to each departure airport).",
                f"{at}.departureDate",
            )
        slices.append(piece)
    return tuple(slices)


def _passengers(adults: int, children: int, infants: int) -> PassengerCounts:
    if adults < 1 or children < 0 or infants < 0:
        raise _fail(
            SearchErrorCode.INVALID_PASSENGERS,
            "A search needs at least one adult, and no negative passenger counts.",
            "passengers",
        )
    if adults + children > MAX_SEATED:
        raise _fail(
            SearchErrorCode.TOO_MANY_PASSENGERS,
            f"At most {MAX_SEATED} seated passengers (adults and children) per booking.",
            "passengers",
        )
    if infants > adults:
        raise _fail(
            SearchErrorCode.TOO_MANY_INFANTS,
            "Each infant travels on an adult's lap: no more infants than adults.",
            "passengers.infants",
        )
    return PassengerCounts(adults=adults, children=children, infants=infants)


def _clock_time(raw: str | None, field: str) -> time | None:
    if raw is None:
        return None
    match = _HH_MM.match(raw.strip())
    if match is None:
        raise _fail(
            SearchErrorCode.INVALID_FILTER, f"“{echo(raw)}” is not a time like 07:30.", field
        )
    return time(int(match[1]), int(match[2]))


def _filter(spec: FilterSpec, directory: ReferenceDirectory) -> OfferFilter:
    if spec.max_stops is not None and spec.max_stops < 0:
        raise _fail(
            SearchErrorCode.INVALID_FILTER, "maxStops cannot be negative.", "filter.maxStops"
        )
    if spec.max_price_minor is not None and spec.max_price_minor < 0:
        raise _fail(
            SearchErrorCode.INVALID_FILTER,
            "maxPriceMinor cannot be negative.",
            "filter.maxPriceMinor",
        )
    airline_ids: set[int] = set()
    for code in spec.airlines or ():
        airline = directory.airlines_by_code.get(code.strip().upper())
        if airline is None:
            raise _fail(
                SearchErrorCode.INVALID_FILTER,
                f"Unknown airline “{echo(code)}”.",
                "filter.airlines",
            )
        airline_ids.add(airline.id)
    after = _clock_time(spec.depart_after, "filter.departAfter")
    before = _clock_time(spec.depart_before, "filter.departBefore")
    if after is not None and before is not None and after > before:
        raise _fail(
            SearchErrorCode.INVALID_FILTER,
            "departAfter must not be later than departBefore.",
            "filter.departAfter",
        )
    return OfferFilter(spec.max_stops, frozenset(airline_ids), spec.max_price_minor, after, before)


def build_search_query(
    *,
    slices: Sequence[SliceSpec],
    adults: int = 1,
    children: int = 0,
    infants: int = 0,
    cabin: CabinClass = CabinClass.ECONOMY,
    max_connections: int = 1,
    filter: FilterSpec | None = None,
    sort: OfferSort = OfferSort.PRICE,
    group_brands: bool = False,
    directory: ReferenceDirectory,
    now: datetime,
) -> SearchQuery:
    """Validate a search against the directory and the clock; raises `SearchError`."""
    if not 0 <= max_connections <= MAX_CONNECTIONS:
        raise _fail(
            SearchErrorCode.INVALID_MAX_CONNECTIONS,
            f"maxConnections must be between 0 and {MAX_CONNECTIONS}.",
            "maxConnections",
        )
    passengers = _passengers(adults, children, infants)
    return SearchQuery(
        slices=_slices(slices, directory, now),
        passengers=passengers,
        cabin=cabin,
        max_connections=max_connections,
        filter=_filter(filter or FilterSpec(), directory),
        sort=sort,
        group_brands=group_brands,
    )
