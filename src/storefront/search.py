"""The results page: the search form, then itineraries with a price per fare brand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from starlette.datastructures import QueryParams

from storefront.airports import FIELD_CHARS, look_up_airports, resolve_airport
from storefront.api import ApiClient
from storefront.errors import FormError, row_key
from storefront.formatting import iso_day

CABINS = (
    ("ECONOMY", "Economy"),
    ("PREMIUM_ECONOMY", "Premium economy"),
    ("BUSINESS", "Business"),
    ("FIRST", "First"),
)
SORTS = (("PRICE", "Cheapest"), ("DURATION", "Fastest"), ("DEPARTURE", "Earliest"))
PAGE_SIZE = 90  # about 30 itineraries, fare brands side by side (grouped by the API)
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_AIRLINE = re.compile(r"[A-Z0-9]{2}")
_DIGITS = re.compile(r"[0-9]+")
MAX_COUNT_DIGITS = 6  # (a passenger count read whole: more digits are as many too many)
MAX_PRICE_DIGITS = 15  # (any cap a person types; int() refuses thousands of digits)
MAX_PRICE_MINOR = 2**31 - 1
MAX_DAYS_AHEAD = 365
"""Days after today at the airport left from that flights are sold for (the API's limit)."""


def _airline_codes(values: list[str]) -> list[str]:
    """The airline codes asked for, each once, sorted; anything else is left out."""
    codes = {value.strip().upper() for value in values}
    return sorted(code for code in codes if _AIRLINE.fullmatch(code))


MAX_FLIGHTS = 4
"""Flights of a multi-city trip, the first included (the API's limit on slices)."""


@dataclass
class Flight:
    """One flight of a multi-city trip, as typed."""

    origin: str = ""
    destination: str = ""
    depart: str = ""


def _nth(values: list[str], index: int) -> str:
    return values[index].strip()[:FIELD_CHARS].rstrip() if index < len(values) else ""


def _text(params: QueryParams, name: str, default: str = "") -> str:
    return params.get(name, "").strip()[:FIELD_CHARS].rstrip() or default


def _number(params: QueryParams, name: str, default: str) -> str:
    """A number field as typed, but for leading zeros ("01" is 1, as a number field has it)."""
    raw = _text(params, name, default)
    return (raw.lstrip("0") or "0") if _DIGITS.fullmatch(raw) else raw


@dataclass
class SearchForm:
    """The search form's values, as typed. A multi-city trip repeats `origin`, `destination`
    and `depart`, once per flight: the first are the plain fields, the others `more`."""

    origin: str = ""
    destination: str = ""
    depart: str = ""
    return_date: str = ""
    adults: str = "1"
    children: str = "0"
    infants: str = "0"
    cabin: str = "ECONOMY"
    sort: str = "PRICE"
    max_stops: str = ""
    leave_after: str = ""
    leave_before: str = ""
    max_price: str = ""
    """The most the whole party would pay, in whole units of the site's currency (none: any)."""
    airlines: list[str] = field(default_factory=list)
    """Airline codes every flight must be one of (none: any airline)."""
    after: str = ""
    more: list[Flight] = field(default_factory=list)
    """The flights after the first of a multi-city trip (none: one way or return)."""

    @classmethod
    def from_query(cls, params: QueryParams) -> SearchForm:
        """Read the form from a GET query string."""
        origins, destinations = params.getlist("origin"), params.getlist("destination")
        departs = params.getlist("depart")
        # (one flight more than `MAX_FLIGHTS` too, which the search refuses with the reason,
        # not dropped: but no more, whatever a link gives, so a page has a bounded size)
        flights = min(max(len(origins), len(destinations), len(departs), 1), MAX_FLIGHTS + 1)
        return cls(
            origin=_nth(origins, 0),
            destination=_nth(destinations, 0),
            depart=_nth(departs, 0),
            more=[
                Flight(_nth(origins, i), _nth(destinations, i), _nth(departs, i))
                for i in range(1, flights)
            ],
            return_date=_text(params, "return"),
            adults=_number(params, "adults", "1"),
            children=_number(params, "children", "0"),
            infants=_number(params, "infants", "0"),
            cabin=_text(params, "cabin", "ECONOMY"),
            sort=_text(params, "sort", "PRICE"),
            max_stops=_text(params, "max_stops"),
            leave_after=_text(params, "leave_after"),
            leave_before=_text(params, "leave_before"),
            max_price=_number(params, "max_price", ""),
            airlines=_airline_codes(params.getlist("airline")),
            after=params.get("after", "").strip(),
        )

    def to_query(self) -> list[tuple[str, str]]:
        """The form as a query string's pairs, read back the same by `from_query`, but for
        values left at their defaults: what links to variations of the search start from, so a
        crafted URL's other parameters, invalid airlines or overlong texts go no further."""
        flights = [
            pair
            for flight in self.flights
            for pair in (
                ("origin", flight.origin),
                ("destination", flight.destination),
                ("depart", flight.depart),
            )
        ]
        others = [
            (name, getattr(self, attribute))
            for name, attribute in _LINKED
            if getattr(self, attribute) != _DEFAULTS[attribute]
        ]
        return [*flights, *others, *(("airline", code) for code in self.airlines)]

    @property
    def flights(self) -> list[Flight]:
        """Every flight of the trip as typed, the first included."""
        return [Flight(self.origin, self.destination, self.depart), *self.more]

    def with_flight_added(self) -> SearchForm:
        """The form with one more flight of a multi-city trip, up to `MAX_FLIGHTS`: from where
        the last one lands, on the return date if one was typed (a return trip becomes two
        flights and a third to come)."""
        if len(self.flights) >= MAX_FLIGHTS:
            return self
        added = Flight(origin=self.flights[-1].destination, depart=self.return_date)
        return replace(self, return_date="", more=[*self.more, added])

    def without_flight(self, row: int) -> SearchForm:
        """The form without flight `row` of a multi-city trip (the first cannot go)."""
        if not 1 <= row <= len(self.more):
            return self
        return replace(self, more=[f for i, f in enumerate(self.more, start=1) if i != row])

    def count(self, name: str, label: str) -> int:
        """A passenger count, or a FormError naming the field."""
        raw = getattr(self, name)
        if _DIGITS.fullmatch(raw) is None:  # not str.isdigit: it takes "²", which int refuses
            raise FormError(f"{label} must be a whole number.", field=name)
        # (a count beyond the party the API takes is refused there, in its words: "100" too)
        return int(raw) if len(raw) <= MAX_COUNT_DIGITS else 10**MAX_COUNT_DIGITS - 1

    def price_minor(self, currency: str, minor_per_unit: int) -> int:
        """The max price in minor units of `currency`, or a FormError naming the field."""
        if _DIGITS.fullmatch(self.max_price) is None:
            raise FormError(
                f"Max price must be a whole number of {currency}, like 450.", field="max_price"
            )
        if not self.max_price.strip("0"):
            raise FormError(
                f"Max price must be more than 0 {currency} (leave it empty for any price).",
                field="max_price",
            )
        if len(self.max_price) > MAX_PRICE_DIGITS:
            raise FormError(
                f"Max price is too large: {MAX_PRICE_DIGITS} digits at most (leave it empty for"
                " any price).",
                field="max_price",
            )
        # (the API's Int is 32 bits: a cap above what any trip costs is the same as none)
        return min(int(self.max_price) * minor_per_unit, MAX_PRICE_MINOR)

    def time(self, raw: str, label: str, name: str) -> str:
        """A local time HH:MM, or a FormError naming the field (input `name`)."""
        if _TIME.fullmatch(raw) is None:
            raise FormError(f"{label} must be a time like 07:30.", field=name)
        return raw

    def day(self, raw: str, label: str, name: str) -> str:
        """An ISO date, or a FormError naming the field (input `name`)."""
        if iso_day(raw) is None:
            raise FormError(f"{label} must be a date like 2026-12-24.", field=name)
        return raw


_DEFAULTS = {f.name: f.default for f in fields(SearchForm) if isinstance(f.default, str)}
"""What a form's fields hold until changed ("1" adult, "ECONOMY"): a link leaves them out."""
_LINKED = (
    ("return", "return_date"),
    *((name, name) for name in ("adults", "children", "infants", "cabin", "sort", "max_stops")),
    *((name, name) for name in ("leave_after", "leave_before", "max_price")),
)
"""The form's fields of one value a link carries (query string name, attribute), after the
flights and before the airlines; a test holds them equal to what `from_query` reads."""


@dataclass
class Itinerary:
    """One way of flying the trip, with its offers (one per fare brand), cheapest first."""

    slices: list[dict[str, Any]]
    offers: list[dict[str, Any]] = field(default_factory=list)


def flights_of(offer: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The flights an offer flies, as (flight number, departure) pairs in order."""
    return tuple(
        (seg["flight"]["flightNumber"], seg["flight"]["departureAt"])
        for piece in offer["slices"]
        for seg in piece["segments"]
    )


def whole_itineraries(
    edges: list[dict[str, Any]], page_info: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A page of offers ending at an itinerary's end. The API pages by fare, an itinerary's
    brands side by side: where a filter leaves some itineraries fewer brands, a page can end
    part way through one. Its offers on this page are then held back for the next (which
    continues from the edge before them), so an itinerary is never shown as two options."""
    if not page_info.get("hasNextPage") or not edges:
        return edges, page_info
    last = flights_of(edges[-1]["node"])
    end = len(edges)
    while end and flights_of(edges[end - 1]["node"]) == last:
        end -= 1
    if end == 0:  # (one itinerary fills the page: it shows as it is)
        return edges, page_info
    return edges[:end], {**page_info, "endCursor": edges[end - 1]["cursor"]}


def group_offers(edges: list[dict[str, Any]]) -> list[Itinerary]:
    """Group offers of the same flights together, keeping the API's order of first appearance."""
    groups: dict[tuple[Any, ...], Itinerary] = {}
    for edge in edges:
        offer = edge["node"]
        key = flights_of(offer)
        groups.setdefault(key, Itinerary(slices=offer["slices"])).offers.append(offer)
    for itinerary in groups.values():
        itinerary.offers.sort(key=lambda o: int(o["totalAmount"]["amountMinor"]))
    return list(groups.values())


def guessed(form: SearchForm, search: dict[str, Any]) -> list[tuple[str, str]]:
    """(what was typed, the airport code searched) where the text was not the code itself."""
    typed = [(f.origin, f.destination) for f in form.flights]
    pairs = [
        pair
        for (origin, destination), piece in zip(typed, search["slices"], strict=False)
        for pair in ((origin, piece["origin"]), (destination, piece["destination"]))
    ]
    # (each once: a multi-city flight leaves from where the one before it lands)
    return list(dict.fromkeys((text, code) for text, code in pairs if text.strip().upper() != code))


@dataclass(frozen=True)
class Currency:
    """The currency the API sells in, as the form takes prices in it: whole units."""

    code: str = "EUR"
    minor_per_unit: int = 100
    """Minor units in one unit (100 for the euro, 1 for the yen, 1000 for the dinar)."""


def trip_slice(origin: dict[str, Any], destination: dict[str, Any], day: str) -> dict[str, Any]:
    """A slice of the search."""
    return {
        "origin": origin["iataCode"],
        "destination": destination["iataCode"],
        "departureDate": day,
    }


Ends = list[tuple[dict[str, Any], dict[str, Any]]]
"""The airports each slice of a search is between (AirportMatches' airports), in order."""


async def trip_slices(api: ApiClient, form: SearchForm) -> tuple[list[dict[str, Any]], Ends]:
    """The search's slices: each flight's, then a return trip's way back, with the airports each
    is between; or a FormError."""
    found = await look_up_airports(
        api, (text for f in form.flights for text in (f.origin, f.destination))
    )
    slices, ends = [], []
    for row, flight in enumerate(form.flights):
        which = f"flight {row + 1}" if form.more else ""
        origin = resolve_airport(
            flight.origin, found.get(flight.origin), "From", row_key("origin", row), which
        )
        destination = resolve_airport(
            flight.destination,
            found.get(flight.destination),
            "To",
            row_key("destination", row),
            which,
        )
        label = f"Depart ({which})" if which else "Depart"
        day = form.day(flight.depart, label, row_key("depart", row))
        slices.append(trip_slice(origin, destination, day))
        ends.append((origin, destination))
    if form.return_date:
        back = form.day(form.return_date, "Return", "return")
        if back < slices[0]["departureDate"]:
            raise FormError("Return must be on or after the departure date.", field="return")
        origin, destination = ends[0]
        slices.append(trip_slice(destination, origin, back))
        ends.append((destination, origin))
    return slices, ends


async def build_input(
    api: ApiClient, form: SearchForm, currency: Currency = Currency()
) -> tuple[dict[str, Any], Ends]:
    """The `FlightSearchInput` for the form, and the airports of each slice (`trip_slices`); or
    a FormError. (Dates are the API's to judge, on its clock: past, too far ahead or after the
    schedule.)"""
    if len(form.flights) > MAX_FLIGHTS:
        raise FormError(f"A trip has at most {MAX_FLIGHTS} flights: remove one to search.")
    if form.more and form.return_date:
        raise FormError(
            "A multi-city trip has no return date: add the way back as a flight of its own.",
            field="return",
        )
    slices, ends = await trip_slices(api, form)
    search: dict[str, Any] = {
        "slices": slices,
        "passengers": {
            "adults": form.count("adults", "Adults"),
            "children": form.count("children", "Children"),
            "infants": form.count("infants", "Infants"),
        },
        "cabin": form.cabin if form.cabin in dict(CABINS) else "ECONOMY",
        "sort": form.sort if form.sort in dict(SORTS) else "PRICE",
        "groupFareBrands": True,
    }
    rules: dict[str, Any] = {}
    if form.max_stops in {"0", "1", "2"}:
        search["maxConnections"] = int(form.max_stops)
        rules["maxStops"] = int(form.max_stops)
    else:
        search["maxConnections"] = 1
    if form.leave_after:
        rules["departAfter"] = form.time(form.leave_after, "Leaving after", "leave_after")
    if form.leave_before:
        rules["departBefore"] = form.time(form.leave_before, "Leaving before", "leave_before")
    if rules.get("departAfter", "00:00") > rules.get("departBefore", "23:59"):
        raise FormError(
            "“Leaving after” must not be later than “Leaving before”.", field="leave_after"
        )
    if form.max_price:
        rules["maxPriceMinor"] = form.price_minor(currency.code, currency.minor_per_unit)
    if form.airlines:
        rules["airlines"] = form.airlines
    if rules:
        search["filter"] = rules
    return search, ends
