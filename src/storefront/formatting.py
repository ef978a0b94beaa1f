"""Jinja filters: local times, durations, money and places as travellers read them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from jinja2 import Environment

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def local_time(value: str) -> str:
    """`2026-12-24T09:05:00+00:00` -> `09:05` (the airport's own clock)."""
    return datetime.fromisoformat(value).strftime("%H:%M")


def local_date(value: str) -> str:
    """`2026-12-05T09:05:00+01:00` -> `Sat 5 Dec`."""
    moment = datetime.fromisoformat(value)
    return f"{moment:%a} {moment.day} {moment:%b}"


def iso_day(value: str) -> date | None:
    """The date written `2026-12-24` (as a date field sends it), or None for anything else
    (`20261224`, `2026-02-30`: what a link may say, and `date.fromisoformat` partly takes)."""
    try:
        return date.fromisoformat(value) if _DAY.fullmatch(value) else None
    except ValueError:
        return None


def full_date(value: str) -> str:
    """`2026-12-05` -> `Sat 5 Dec 2026` (empty for anything that is no such date)."""
    day = iso_day(value)
    return f"{day:%a} {day.day} {day:%b %Y}" if day else ""


def utc_offset(value: str) -> str:
    """`…+05:30` -> `UTC+05:30`."""
    offset = datetime.fromisoformat(value).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def day_shift(departure: str, arrival: str) -> str:
    """`+1` when the arrival's local date is the day after the departure's (empty when same)."""
    days = (datetime.fromisoformat(arrival).date() - datetime.fromisoformat(departure).date()).days
    return f"{days:+d}" if days else ""


def duration(minutes: int) -> str:
    """`545` -> `9h 05m`."""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours}h {rest:02d}m"


def connection(arrival: str, departure: str) -> str:
    """The wait between landing and the next flight: `2h 05m connection`, and `, leaving the
    next day` when the next flight leaves on a later local date than the landing's."""
    landed, leaves = datetime.fromisoformat(arrival), datetime.fromisoformat(departure)
    wait = duration(int((leaves - landed).total_seconds()) // 60)
    days = (leaves.date() - landed.date()).days
    later = {0: "", 1: ", leaving the next day"}.get(days, f", leaving {days} days later")
    return f"{wait} connection{later}"


_AMOUNT = re.compile(r"(-?)([0-9]+)(\.[0-9]+)?")
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "INR": "₹"}
"""Currencies written with a sign where room is short (a seat's price); others keep their code."""


def money(value: dict[str, str], short: bool = False) -> str:
    """`{"amount": "12480.15", "currency": "EUR"}` -> `EUR 12,480.15`; `short`, where room is
    short (on a seat): `€12` (a whole amount without its cents; the code for a currency
    without a sign in SYMBOLS). Anything else than an amount is shown as it is."""
    currency, amount = value["currency"], str(value["amount"])
    parts = _AMOUNT.fullmatch(amount)
    if parts is None:
        return f"{currency} {amount}"
    sign, whole, cents = parts.groups("")
    if short and not cents.strip(".0"):
        cents = ""
    written = f"{sign}{int(whole):,}{cents}"
    if short and currency in SYMBOLS:
        return f"{SYMBOLS[currency]}{written}"
    return f"{currency} {written}"


def route(legs: Iterable[Sequence[str]]) -> str:
    """A trip's flights as one line, naming a place once where a flight leaves from where the
    one before it landed: `London → New York → Los Angeles · Sydney → Singapore`."""
    runs: list[list[str]] = []
    for origin, destination in legs:
        if runs and runs[-1][-1] == origin:
            runs[-1].append(destination)
        else:
            runs.append([origin, destination])
    return " · ".join(" → ".join(run) for run in runs)


def place_name(airport: dict[str, Any]) -> str:
    """The city an airport serves as a traveller knows it: its metropolitan area's name, with its
    own city beside it where that is another ("Buenos Aires (Ezeiza)", "New York (Newark)")."""
    city, metro = airport["city"], airport.get("metroArea")
    if metro is None:
        return str(city)
    if _folded(metro["name"]) == _folded(city):  # ("São Paulo", filed as "Sao Paulo")
        return str(metro["name"])
    return f"{metro['name']} ({city})"


def _folded(name: str) -> str:
    """A name without its accents and case, to compare two spellings of it."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def install(env: Environment) -> None:
    """Register the filters on a Jinja environment."""
    env.filters.update(
        local_time=local_time,
        local_date=local_date,
        full_date=full_date,
        utc_offset=utc_offset,
        day_shift=day_shift,
        duration=duration,
        connection=connection,
        money=money,
        route=route,
        place_name=place_name,
    )
