"""The airport a traveller means by what they typed in the search form: searched at once when
the text names one place outright, asked about otherwise.

How plainly a text names an airport is the API's to say (`airportMatches { plainlyNamed }`); the
storefront only asks whether the airports so named are of one place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from storefront.api import ApiClient, ApiResult
from storefront.errors import FormError
from storefront.formatting import place_name

FIELD_CHARS = 100
"""Characters of a field read at most: the API looks an airport up by as many."""
CANDIDATES = 8
"""Airports looked up for a text: as many as an airport field's suggestions show, so the form's
lookup of a text typed there reads the answer its suggestions just had; enough to see past one
metropolitan area ("new": New York's three airports, then New Delhi, so the form asks which)."""


async def look_up_airports(api: ApiClient, texts: Iterable[str]) -> dict[str, ApiResult]:
    """The API's best airports for each text typed (each text once, all at once)."""
    unique = list(dict.fromkeys(text for text in texts if text))
    results = await asyncio.gather(
        *(
            api.execute("AirportMatches", {"search": text[:FIELD_CHARS], "first": CANDIDATES})
            for text in unique
        )
    )
    return dict(zip(unique, results, strict=True))


def plainly_one_place(matches: Sequence[dict[str, Any]]) -> bool:
    """Whether the text these matches were found for names the first airport outright, and no
    airport of another place as plainly: "london" is London whichever airport, "nyc" and "par"
    a metropolitan area (Newark too), but "new" may be New York or New Delhi, and
    "international" any of them."""
    first = matches[0]["airport"]
    named = [match["airport"] for match in matches if match["plainlyNamed"]]
    return first in named and all(_place(airport) == _place(first) for airport in named)


def _place(airport: dict[str, Any]) -> tuple[str, str]:
    """The city an airport serves: its metropolitan area's code when it has one (EWR's city is
    Newark, EZE's Ezeiza: NYC and BUE), else its city in its country (Hamilton is in Bermuda and
    in New Zealand)."""
    metro = airport.get("metroArea")
    return (metro["code"], "") if metro else (airport["city"], airport["countryCode"])


def resolve_airport(
    text: str, found: ApiResult | None, label: str, field: str, flight: str = ""
) -> dict[str, Any]:
    """The airport for what the person typed in the form's `field` (labelled `label`, of
    `flight` when the trip has several: "flight 2"), from the matches `found` for it: the one it
    plainly names (`plainly_one_place`); for a guess, a FormError asking which."""
    where = f"{label.lower()}, {flight}" if flight else label.lower()
    if not text or found is None:
        on = f" on {flight}" if flight else ""
        raise FormError(f"Choose the airport you fly {label.lower()}{on}.", field=field)
    if found.errors:  # e.g. the API tier is down: say so, not that no airport matched
        raise FormError(found.error_message or "The airport could not be looked up.")
    matches = (found.data or {}).get("airportMatches") or []
    if not matches:
        raise FormError(f"We could not find an airport matching “{text}” ({where}).", field=field)
    if not plainly_one_place(matches):
        raise FormError(
            f"Which airport did you mean by “{text}” ({where})?",
            [(field, a["iataCode"], _choice(a)) for a in (m["airport"] for m in matches)],
            field=field,
        )
    return dict(matches[0]["airport"])


def _choice(airport: dict[str, Any]) -> str:
    """An airport as a choice names it, as the suggestions do: "Buenos Aires (Ezeiza) ·
    Ministro Pistarini… (EZE, AR)"."""
    code, country = airport["iataCode"], airport["countryCode"]
    return f"{place_name(airport)} · {airport['name']} ({code}, {country})"
