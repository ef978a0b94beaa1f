"""Storefront routes: home, airport suggestions, search results and the offer page.

Each route answers with a full page, or with one block of the same template when htmx asks
(`HX-Request`), so every page works without JavaScript and is faster with it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2_fragments.starlette import Jinja2Blocks
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from storefront import formatting
from storefront.airports import CANDIDATES, FIELD_CHARS
from storefront.api import ApiClient
from storefront.errors import (
    AFTER_SALES,
    BROKEN_LINKS,
    FormError,
    form_field,
    form_message,
    page_message,
)
from storefront.formatting import place_name
from storefront.search import (
    CABINS,
    MAX_DAYS_AHEAD,
    PAGE_SIZE,
    SORTS,
    Currency,
    SearchForm,
    build_input,
    group_offers,
    guessed,
    whole_itineraries,
)
from storefront.seats import calendar_window, with_aisles
from storefront.urls import SearchLinks, offer_url, results_url

_LAST_ZONE = timezone(timedelta(hours=-12))
_FIRST_ZONE = timezone(timedelta(hours=14))
_ROW = re.compile(r"[0-9]")  # (not str.isdigit, which takes "²")
MAX_SHOWN = 10_000
"""More itineraries than any search finds: a link saying more is read as this many."""
MAX_PAGES_SHOWN = 5
"""Pages of results a results page shows again at most (about 150 itineraries), when its
address says more were shown (`shown`, once "More results" has loaded some)."""
STRIP_SPAN = 3
"""Days the calendar strip shows on each side of the outbound date."""


def _shown(request: Request) -> int:
    """Itineraries shown already (`shown`): with a page's cursor (`after`, "More results"'s
    link), those before that page, which numbers its own on from there; without one (the
    address a page takes once more results have loaded, to reload or share), those the page
    shows again from the first."""
    try:
        return min(max(0, int(request.query_params.get("shown", "0")[:6])), MAX_SHOWN)
    except ValueError:
        return 0


@dataclass
class Storefront:
    """The storefront's routes, bound to an API client and the templates."""

    api: ApiClient
    templates: Jinja2Blocks
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    """The portal's clock (injected, like the API's)."""
    currency: Currency = field(default_factory=Currency)
    """What the API sells in (the form's max price is in its whole units)."""

    def __post_init__(self) -> None:
        formatting.install(self.templates.env)
        self.templates.env.globals["currency"] = self.currency.code  # (the same for every page)

    def _today_at(self, airport: dict[str, Any]) -> date | None:
        """Today where the airport is (None if its time zone is not one we know)."""
        try:
            return self.now().astimezone(ZoneInfo(airport["timeZone"])).date()
        except (KeyError, ValueError, ZoneInfoNotFoundError):
            return None

    def _earliest_day(self) -> date:
        # today where it is earliest (UTC-12): the API still sells that date at some airport,
        # and refuses it with the reason where it has passed
        return self.now().astimezone(_LAST_ZONE).date()

    def _latest_day(self) -> date:
        # the last day on sale where today is latest (UTC+14): the API refuses it, naming the
        # last day there, where it is too far ahead (DATE_TOO_FAR)
        today = self.now().astimezone(_FIRST_ZONE).date()
        return today + timedelta(days=MAX_DAYS_AHEAD)

    def _page(self, request: Request, name: str, context: dict[str, Any], **kw: Any) -> Response:
        base = {
            "cabins": CABINS,
            "sorts": SORTS,
            "min_date": self._earliest_day().isoformat(),
            "max_date": self._latest_day().isoformat(),
        }
        return self.templates.TemplateResponse(request, name, {**base, **context}, **kw)

    async def not_found(self, request: Request, exc: Exception) -> Response:
        """A 404 in the site's layout for a browser; plain text for any other client."""
        if "text/html" not in request.headers.get("accept", ""):
            return PlainTextResponse("Not Found", status_code=404)
        return self._page(request, "not_found.html", {}, status_code=404)

    async def home(self, request: Request) -> Response:
        """The search form: empty, or as sent by its "Add a flight" and "Remove" buttons (which
        work without scripts: they send the form here, and it comes back with one flight more
        or less)."""
        params = request.query_params
        if "add" not in params and "remove" not in params:  # (`?utm_source=…` included)
            form = SearchForm(depart=(self.now().date() + timedelta(days=7)).isoformat())
            return self._page(request, "home.html", {"form": form})
        form = SearchForm.from_query(params)
        if "add" in params:
            form = form.with_flight_added()
        if _ROW.fullmatch(params.get("remove", "")):
            form = form.without_flight(int(params["remove"]))
        # the focus goes to the new flight's "To", or after a removal to "Add a flight"
        focus = len(form.flights) - 1 if "add" in params else "add"
        return self._page(request, "home.html", {"form": form, "focus": focus})

    async def airport_suggestions(self, request: Request) -> Response:
        """The suggestions of an airport field (`<li role="option">`s for its `<auto-complete>`,
        each worth the airport's code), or one line saying nothing matched. Nothing at all when
        the API could not answer: the field still takes a code or a name typed in full."""
        text = request.query_params.get("q", "").strip()[:FIELD_CHARS]
        airports: list[dict[str, str]] = []
        searched = ""
        if text:
            variables = {"search": text, "first": CANDIDATES}
            result = await self.api.execute("AirportMatches", variables)
            matches = (result.data or {}).get("airportMatches") or []
            airports = [match["airport"] for match in matches]
            searched = "" if result.errors else text
        return self._page(
            request,
            "home.html",
            {"airports": airports, "searched": searched},
            block_name="airport_options",
        )

    async def search(self, request: Request) -> Response:
        """Results for the search form; the form again, with the reason, when it cannot be run."""
        form = SearchForm.from_query(request.query_params)
        links = SearchLinks(form.to_query())
        # htmx's "More results" asks for the results block alone, errors included
        block = "results" if request.headers.get("hx-request") and form.after else None
        context: dict[str, Any] = {
            "form": form,
            "error": None,
            "itineraries": [],
            "total": 0,
            "options": 0,
            "more": block is not None,
            "first_url": links.changed(),
            "offset": _shown(request) if form.after else 0,
        }
        try:
            search, ends = await build_input(self.api, form, self.currency)
        except FormError as exc:
            context["route"] = [  # (a field left empty shows as one, not as a gap)
                (flight.origin or "?", flight.destination or "?") for flight in form.flights
            ]
            context["error"] = str(exc)
            context["error_field"] = exc.field
            context["choices"] = [
                (what, links.choosing(key, value)) for key, value, what in exc.choices
            ]
            return self._page(request, "search.html", context, block_name=block)
        context["route"] = [(piece["origin"], piece["destination"]) for piece in search["slices"]]
        # (the heading names the places as travellers know them)
        context["cities"] = [(place_name(origin), place_name(to)) for origin, to in ends]
        first_day = self._today_at(ends[0][0])
        context["guessed"] = guessed(form, search)
        variables: dict[str, Any] = {"input": search, "first": PAGE_SIZE}
        if form.after:
            variables["after"] = form.after
        result = await self.api.execute("SearchFlights", variables)
        if result.errors or not result.data:
            context["error"] = form_message(result, form)
            context["error_field"] = form_field(result.error_extensions.get("field"), form)
            last = result.error_extensions.get("lastDate")
            # a one-way trip after the last day on sale (the schedule's end, or 365 days ahead):
            # the strip shows the last days on sale
            # instead, scrolled to the last, if any of them has a fare (else the form stays
            # open). A trip of several flights is only marked: a strip moves its days together.
            one_way = len(search["slices"]) == 1
            if result.error_code in AFTER_SALES and one_way and isinstance(last, str):
                days = await self._strip_links(links, search, first_day, around=last)
                if any(day["lowestPrice"] for day in days):
                    context["calendar"], context["strip_centre"] = days, last
            return self._page(request, "search.html", context, block_name=block)
        # ("more results" shows no strip: its month is not priced for it; nor does a multi-city
        # trip: its days move together or not at all)
        if block is None and not form.more:
            context["calendar"] = await self._strip_links(links, search, first_day)
        connection = result.data["searchFlights"]
        edges, page_info = whole_itineraries(connection["edges"], connection["pageInfo"])
        if not form.after:  # (an address saying more were shown: the pages they were on)
            edges, page_info = await self._more_pages(variables, edges, page_info, _shown(request))
        itineraries = group_offers(edges)
        shown = context["offset"] + len(itineraries)
        context["itineraries"] = itineraries
        context["total"] = connection["totalCount"]
        context["options"] = connection["itineraryCount"]
        # the results as far as shown, for a way back to them from an offer; and for the address,
        # once "More results" adds a page: a reload or a shared link shows as many again
        plain = not form.after and not _shown(request)  # (a first page: the search alone)
        context["shown_url"] = links.changed() if plain else links.changed(shown=str(shown))
        context["airline_choices"] = connection["airlines"]
        # the airline filter re-sends this search with other airlines
        context["search_params"] = links.kept("airline")
        context["all_airlines_url"] = links.without("airline")
        context["any_price_url"] = links.without("max_price")
        if page_info["hasNextPage"]:
            context["next_url"] = links.changed(after=page_info["endCursor"], shown=str(shown))
        headers = {"HX-Replace-Url": context["shown_url"]} if block else None
        return self._page(request, "search.html", context, block_name=block, headers=headers)

    async def _more_pages(
        self,
        variables: dict[str, Any],
        edges: list[dict[str, Any]],
        page_info: dict[str, Any],
        shown: int,
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The first page's offers and those of the pages after it, until `shown` itineraries
        (up to `MAX_PAGES_SHOWN` pages, while there are more), and the last page's info."""
        edges = list(edges)
        for _ in range(MAX_PAGES_SHOWN - 1):
            if len(group_offers(edges)) >= shown or not page_info["hasNextPage"]:
                break
            result = await self.api.execute(
                "SearchFlights", {**variables, "after": page_info["endCursor"]}
            )
            if result.errors or not result.data:
                break  # (what was found shows, with "More results" to try the rest again)
            connection = result.data["searchFlights"]
            more, page_info = whole_itineraries(connection["edges"], connection["pageInfo"])
            edges += more
        return edges, page_info

    async def _strip_links(
        self,
        links: SearchLinks,
        search: dict[str, Any],
        first_day: date | None,
        *,
        around: str | None = None,
    ) -> list[dict[str, Any]]:
        """The calendar strip's days from `first_day` on (today where the trip leaves: the days
        before are past, not days with nothing on sale), each with the link to this search on
        that day (None for a return trip that would come back after the schedule's last day)."""
        days, last = await asyncio.gather(
            self._calendar_strip(search, around), self._last_return_day(search)
        )
        since = first_day.isoformat() if first_day else ""
        return [
            {**day, "url": links.on_day(search, day["date"], last=last)}
            for day in days
            if day["date"] >= since
        ]

    async def _last_return_day(self, search: dict[str, Any]) -> str | None:
        """The schedule's last day, for a return trip (its strip keeps the trip's length); its
        own document, so the search's stays one the API keeps whole responses of."""
        if len(search["slices"]) != 2:
            return None
        result = await self.api.execute("LastScheduledDate", {})
        last = (result.data or {}).get("lastScheduledDate")
        return last if isinstance(last, str) else None

    async def _calendar_strip(
        self, search: dict[str, Any], around_day: str | None = None
    ) -> list[dict[str, Any]]:
        """Lowest prices on the days around `around_day` (the outbound date unless given; empty
        when unavailable), from the calendar of each month those days fall in."""
        outbound = search["slices"][0]
        centre = around_day or outbound["departureDate"]
        around = date.fromisoformat(centre)
        window = [around + timedelta(days=shift) for shift in range(-STRIP_SPAN, STRIP_SPAN + 1)]
        months = sorted({f"{day:%Y-%m}" for day in window})
        results = await asyncio.gather(
            *(
                self.api.execute(
                    "FareCalendar",
                    {
                        "origin": outbound["origin"],
                        "destination": outbound["destination"],
                        "month": month,
                        "cabin": search["cabin"],
                        # the days priced as the results are: direct only, up to 2 stops...
                        "maxConnections": search["maxConnections"],
                    },
                )
                for month in months
            )
        )
        days = [day for result in results for day in (result.data or {}).get("fareCalendar") or []]
        return calendar_window(days, centre, STRIP_SPAN)

    async def seat_map(self, request: Request) -> Response:
        """The seat map of one flight and cabin."""
        cabin = request.query_params.get("cabin", "ECONOMY")
        result = await self.api.execute(
            "SeatMap",
            {
                "flightId": request.path_params["flight_id"],
                "cabin": cabin if cabin in dict(CABINS) else "ECONOMY",
                "fareBrand": request.query_params.get("brand") or None,
            },
        )
        seat_map = (result.data or {}).get("seatMap")
        offer = request.query_params.get("offer", "")
        prices = [
            seat["price"]["currency"]
            for row in (seat_map or {}).get("rows", [])
            for seat in row["seats"]
            if seat["price"]
        ]
        closes = seat_map and datetime.fromisoformat(seat_map["flight"]["salesCloseAt"])
        context = {
            "seat_map": seat_map,
            "closed": bool(closes and closes <= self.now()),
            "currency": prices[0] if prices else None,
            "error": page_message(result),
            "with_aisles": with_aisles,
            # the offer it was opened from, for a way back (only our own offer pages), which
            # keeps its own way back to the results
            "back": offer_url(offer, results_url(request.query_params.get("back")))
            if offer
            else None,
        }
        return self._page(request, "seats.html", context, status_code=200 if seat_map else 404)

    async def offer(self, request: Request) -> Response:
        """One offer, re-priced now: itinerary, fare conditions and the price breakdown."""
        result = await self.api.execute("Offer", {"id": request.path_params["offer_id"]})
        offer = (result.data or {}).get("offer")
        # (htmx asking for it again to go back to it swaps only a success: the page that says
        # it has gone must be one, or the page before stays under the offer's address)
        restoring = request.headers.get("hx-history-restore-request") == "true"
        status = 200 if offer or restoring else 404
        back = results_url(request.query_params.get("back"))  # the results it was opened from
        minutes_left, others = None, []
        if offer:  # (on the portal's clock; the expiry itself is shown in UTC)
            left = datetime.fromisoformat(offer["expiresAt"]) - self.now()
            minutes_left = max(0, int(left.total_seconds()) // 60)
            others = [
                {**other, "url": offer_url(other["id"], back)} for other in offer["otherFareBrands"]
            ]
        return self._page(
            request,
            "offer.html",
            {
                "offer": offer,
                "error": page_message(result),
                "broken": result.error_code in BROKEN_LINKS,
                "back": back,
                "minutes_left": minutes_left,
                "others": others,
            },
            status_code=status,
        )

    def routes(self) -> list[BaseRoute]:
        """The storefront's URL map."""
        return [
            Route("/", self.home, name="home"),
            Route("/airports/suggest", self.airport_suggestions, name="airport_suggestions"),
            Route("/search", self.search, name="search"),
            Route("/offers/{offer_id:path}", self.offer, name="offer"),
            Route("/flights/{flight_id}/seats", self.seat_map, name="seat_map"),
        ]
