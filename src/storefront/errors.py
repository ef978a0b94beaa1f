"""What the search form says back when a value cannot be used: its own refusals, and the API's
errors about the search it sent, in the form's words and on the form's fields."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storefront.formatting import full_date

if TYPE_CHECKING:
    from storefront.api import ApiResult
    from storefront.search import SearchForm


class FormError(ValueError):
    """A search form value we cannot use; the message is shown beside the form, with the
    `field` at fault (its input's name) and the `choices` that would fix it (form field, value,
    what to call it), if any."""

    def __init__(
        self,
        message: str,
        choices: Sequence[tuple[str, str, str]] = (),
        *,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.choices = tuple(choices)
        self.field = field


API_FIELDS = {
    "input.slices.0.origin": "origin",
    "input.slices.0.destination": "destination",
    "input.slices.0.departureDate": "depart",
    "input.slices.1.departureDate": "return",
    "input.passengers": "adults",
    "input.passengers.adults": "adults",
    "input.passengers.children": "children",
    "input.passengers.infants": "infants",
    "input.filter.departAfter": "leave_after",
    "input.filter.departBefore": "leave_before",
    "input.maxConnections": "max_stops",
    "input.filter.maxStops": "max_stops",
    "input.filter.maxPriceMinor": "max_price",
}
"""The form's input for the `extensions.field` of an API error about the search it sent."""

_SLICE_FIELD = re.compile(r"input\.slices\.([1-3])\.(origin|destination|departureDate)")
_SLICE_INPUTS = {"origin": "origin", "destination": "destination", "departureDate": "depart"}


def form_field(api_field: object, form: SearchForm) -> str | None:
    """The input (`row_key`) an API error's `extensions.field` is about, if the form has it: a
    later slice of a multi-city trip is one of its extra flights, of a round trip the return."""
    match = _SLICE_FIELD.fullmatch(str(api_field))
    if match and form.more:
        return row_key(_SLICE_INPUTS[match[2]], int(match[1]))
    return API_FIELDS.get(str(api_field))


LINK_MESSAGES = {
    "INVALID_CURSOR": (
        "This page of results is out of date: the search has changed since it was shown, or its"
        " link was cut short."
    ),
    "INVALID_OFFER_ID": (
        "This offer link is incomplete or has been changed (cut short when it was copied,"
        " perhaps), so it names no fare we can show."
    ),
    "INVALID_ID": (
        "This link is incomplete or has been changed (cut short when it was copied, perhaps)."
    ),
    "FLIGHT_NOT_FOUND": "This flight is not in our schedule: the link may be an old one.",
    "INVALID_FARE_BRAND": "This link names a fare we do not sell on this flight.",
}
"""The API's refusals of what a link carried (a page's cursor, an offer's or a flight's id), in
a traveller's words: the API's own name the parameter ("This cursor is not valid.")."""
BROKEN_LINKS = frozenset({"INVALID_OFFER_ID", "INVALID_ID"})
"""Codes of a link that names nothing (cut short, or changed), rather than something gone."""


def page_message(result: ApiResult) -> str | None:
    """The API's error for a page to show (None when there is none): a link's in a traveller's
    words (`LINK_MESSAGES`), any other as the API says it."""
    return LINK_MESSAGES.get(result.error_code or "", result.error_message)


AFTER_SALES = frozenset({"DATE_NOT_SCHEDULED", "DATE_TOO_FAR"})
"""API errors of a day after the last on sale (their `extensions.lastDate`)."""


def form_message(result: ApiResult, form: SearchForm) -> str:
    """The message of the API's error about a search, in the form's words where they differ:
    dates as people read them, and the API's slices are a multi-city trip's flights."""
    extensions = result.error_extensions
    match = _SLICE_FIELD.fullmatch(str(extensions.get("field")))
    flight = int(match[1]) + 1 if match else 0
    which = f" for flight {flight}" if form.more and match else ""
    if not form.more and form_field(extensions.get("field"), form) == "return":
        which = " for the return"
    last, today = extensions.get("lastDate"), extensions.get("today")
    if result.error_code in AFTER_SALES and isinstance(last, str):
        day = full_date(last)
        return f"No flights are on sale after {day} yet: choose that date or an earlier one{which}."
    if result.error_code == "DATE_IN_PAST" and isinstance(today, str):
        day = full_date(today)
        return f"That date has passed where the flight leaves: choose {day} or later{which}."
    message = page_message(result) or "The search could not be run."
    if not (form.more and match):
        return message
    if result.error_code == "SLICES_OUT_OF_ORDER":
        return (
            f"Flight {flight} must leave on or after the day flight {flight - 1} leaves"
            " (each on the local date where it leaves)."
        )
    if result.error_code == "SAME_ORIGIN_DESTINATION":
        return f"{message.removesuffix('.')} on flight {flight}."
    return message


def row_key(name: str, row: int) -> str:
    """How a form error names input `name` of flight `row` (0 is the first: the plain name)."""
    return name if row == 0 else f"{name}.{row}"
