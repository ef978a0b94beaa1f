"""Render an email from Jinja templates: `<kind>.txt` (setting `subject`) and `<kind>.html`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from data.money import exponent
from jobs.storage import asset_url


def money(minor: int, currency: str) -> str:
    """`12345, "EUR"` -> `EUR 123.45`, `123456789, "EUR"` -> `EUR 1,234,567.89` (minor units to
    a display amount, grouped by thousands)."""
    places = exponent(currency)
    return f"{currency.upper()} {Decimal(minor).scaleb(-places):,.{places}f}"


def local_time(moment: datetime) -> str:
    """An aware datetime as printed on an itinerary: `Mon 12 Jan 2026 18:30 (UTC+01:00)`."""
    offset = moment.strftime("%z")
    return f"{moment:%a %d %b %Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def duration(minutes: int) -> str:
    """`425` -> `7h 05m`."""
    return f"{minutes // 60}h {minutes % 60:02d}m"


@dataclass(frozen=True)
class RenderedEmail:
    """Subject and bodies of one email."""

    subject: str
    text: str
    html: str


class EmailRenderer:
    """Jinja environment for `templates/email`, with filters for money, times and durations."""

    def __init__(self, templates_dir: Path, *, base_url: str, static_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        static = static_url if "://" in static_url else f"{self.base_url}{static_url}"
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates_dir),
            autoescape=jinja2.select_autoescape(["html"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(money=money, local_time=local_time, duration=duration)
        self.env.globals.update(
            base_url=self.base_url, asset_url=lambda path: asset_url(static, path)
        )

    def render(self, kind: str, context: Mapping[str, Any]) -> RenderedEmail:
        """Render `<kind>.txt` and `<kind>.html`; the text template sets the subject."""
        text = self.env.get_template(f"{kind}.txt").make_module(dict(context))
        html = self.env.get_template(f"{kind}.html").render(context)
        subject = " ".join(str(getattr(text, "subject", "")).split())
        if not subject:
            raise ValueError(f"template {kind}.txt sets no subject")
        return RenderedEmail(subject=subject, text=str(text).strip() + "\n", html=html)
