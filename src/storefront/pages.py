"""Storefront pages: the home page with its search form, and airport suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from jinja2_fragments.starlette import Jinja2Blocks
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from storefront.api import ApiClient

CABINS = (
    ("ECONOMY", "Economy"),
    ("PREMIUM_ECONOMY", "Premium economy"),
    ("BUSINESS", "Business"),
    ("FIRST", "First"),
)


@dataclass
class Storefront:
    """The storefront's routes, bound to an API client and the templates."""

    api: ApiClient
    templates: Jinja2Blocks

    async def home(self, request: Request) -> Response:
        """The search form."""
        tomorrow = date.today() + timedelta(days=1)
        return self.templates.TemplateResponse(
            request,
            "home.html",
            {"cabins": CABINS, "default_date": tomorrow.isoformat(), "min_date": date.today()},
        )

    async def airport_suggestions(self, request: Request) -> Response:
        """`<option>`s for an airport field's datalist (an htmx fragment)."""
        text = request.query_params.get("q", "").strip()
        airports: list[dict[str, str]] = []
        if text:
            result = await self.api.execute("AirportSuggestions", {"search": text[:100]})
            airports = (result.data or {}).get("airports", [])
        return self.templates.TemplateResponse(
            request, "home.html", {"airports": airports}, block_name="airport_options"
        )

    def routes(self) -> list[BaseRoute]:
        """The storefront's URL map."""
        return [
            Route("/", self.home, name="home"),
            Route("/airports/suggest", self.airport_suggestions, name="airport_suggestions"),
        ]
