"""The search form read from a link: what it cannot use is refused with the reason, never
read differently or dropped, and its dates read as people write them."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import httpx

from tests.storefront.test_pages import search_page

INVALID = r'name="{}" value="[^"]*"[^>]*aria-invalid="true" aria-describedby="form-error"'


def _summary(page: str) -> str:
    """The line that sums the search up above its results (the form folded under it)."""
    found = re.search(r"<summary>(.*?)</summary>", page, re.S)
    assert found is not None
    return found[1]


def _shown(day: date) -> str:
    """A date as a page shows it, readable and machine-readable."""
    return f'<time datetime="{day.isoformat()}">{day:%a %d %b %Y}</time>'


async def test_a_date_written_otherwise_than_a_date_field_sends_it_is_refused(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # when an old or crafted link gives the date as 20261210
    compact = f"{seeded + timedelta(days=1):%Y%m%d}"
    page = (await search_page(client, seeded, depart=compact)).text
    # then it is not searched: the form says how to write it, on that field
    assert "Depart must be a date like 2026-12-24." in page
    assert re.search(INVALID.format("depart"), page)
    assert "fares found" not in page
    # and the summary does not show what the link said as if it were a date
    assert compact not in _summary(page)


async def test_dates_read_as_people_write_them(client: httpx.AsyncClient, seeded: date) -> None:
    # given the results of a return trip
    out, back = seeded + timedelta(days=1), seeded + timedelta(days=2)
    page = (await search_page(client, seeded, depart=out.isoformat(), **{"return": str(back)})).text
    # then the summary names both days as people read them (and as machines do)
    assert _summary(page).startswith(f"{_shown(out)} – {_shown(back)} · 1 adult")
    # and so does the page of an offer, for each way
    link = re.search(r'href="(/offers/[^"]+)"', page)
    assert link is not None
    offer = (await client.get(html.unescape(link[1]))).text
    assert f"· {_shown(out)} ·" in offer
    assert f"· {_shown(back)} ·" in offer
