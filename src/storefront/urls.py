"""The storefront's links: to variations of the search a page shows, and to offers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode


class SearchLinks:
    """Links to a search (the pairs of its form: `SearchForm.to_query`) with something changed.
    A parameter given several times (`airline`, a multi-city trip's `origin`) keeps every value;
    the page position goes unless given."""

    def __init__(self, params: Iterable[tuple[str, str]]) -> None:
        self.params = list(params)

    def kept(self, *names: str) -> list[tuple[str, str]]:
        """The search's parameters but these (for the hidden inputs of a form that re-sends it)."""
        return [(k, v) for k, v in self.params if k not in names]

    def changed(self, **changes: str) -> str:
        """The search with these parameters set (each to one value)."""
        return _search([*self.kept(*changes), *changes.items()])

    def without(self, *names: str) -> str:
        """The search without these parameters."""
        return _search(self.kept(*names))

    def choosing(self, key: str, value: str) -> str:
        """The search with the input a form error names set to `value` (`storefront.errors.
        row_key`: "origin" for the first flight's, "origin.2" for the third's), the other
        flights' kept."""
        name, _, row = key.partition(".")
        index, params, found = int(row or 0), [], False
        for k, v in self.params:
            if k == name:
                if index == 0:
                    v, found = value, True
                index -= 1
            params.append((k, v))
        return _search(params if found else [*params, (name, value)])

    def on_day(self, search: dict[str, Any], day: str, *, last: str | None = None) -> str | None:
        """The search leaving on `day` (ISO date); a return trip keeps its length, so None when
        it would come back after `last` (the schedule's last day: nothing is on sale then)."""
        slices = search["slices"]
        if len(slices) != 2:
            return self.changed(depart=day)
        outbound, inbound = (date.fromisoformat(piece["departureDate"]) for piece in slices)
        back = (date.fromisoformat(day) + (inbound - outbound)).isoformat()
        if last is not None and back > last:
            return None
        return self.changed(depart=day, **{"return": back})


def _search(params: list[tuple[str, str]]) -> str:
    return f"/search?{urlencode(params)}"


def results_url(value: str | None) -> str | None:
    """A `back` parameter naming our own results page, or None (never another site's page)."""
    if value and value.startswith("/search?") and "//" not in value and "\\" not in value:
        return value
    return None


def offer_url(offer_id: str, back: str | None) -> str:
    """An offer's page, with the way back to the results it was opened from."""
    url = f"/offers/{quote(offer_id, safe='')}"
    return f"{url}?back={quote(back, safe='/')}" if back else url  # as templates' urlencode
