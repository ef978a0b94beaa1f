"""The search form read from a link: what it cannot use is refused with the reason, never
read differently or dropped, and its dates read as people write them."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from asgi_lifespan import LifespanManager
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import QueryParams

from data.clock import FrozenClock
from skyport.app import create_app
from skyport.settings import Settings
from storefront.airports import plainly_one_place
from storefront.formatting import place_name
from storefront.pages import MAX_PAGES_SHOWN, MAX_SHOWN, STRIP_SPAN
from storefront.search import PAGE_SIZE, SearchForm
from tests.conftest import in_process_client
from tests.storefront.test_pages import _trip, search_page, strip_note

INVALID = r'name="{}" value="[^"]*"[^>]*aria-invalid="true" aria-describedby="form-error"'


def _summary(page: str) -> str:
    """The line that sums the search up above its results (the form folded under it)."""
    found = re.search(r"<summary>(.*?)</summary>", page, re.S)
    assert found is not None
    return found[1]


def _shown(day: date) -> str:
    """A date as a page shows it, readable and machine-readable."""
    return f'<time datetime="{day.isoformat()}">{day:%a} {day.day} {day:%b %Y}</time>'


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


async def test_a_fifth_flight_is_refused_not_dropped(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # when a link asks for a trip of five flights (the form offers four at most)
    five = _trip(
        seeded,
        ("LHR", "JFK", 0),
        ("JFK", "LAX", 1),
        ("LAX", "SFO", 1),
        ("SFO", "JFK", 2),
        ("JFK", "LHR", 3),
    )
    page = (await client.get("/search", params=five)).text
    # then nothing is searched (not the first four instead), the page says why, and the form
    # shows all five, each with a way to remove it
    assert "A trip has at most 4 flights: remove one to search." in page
    assert "fares found" not in page
    assert page.count('<fieldset class="flight-row">') == 5
    assert 'aria-label="Remove flight 5"' in page


@pytest.mark.parametrize("path", ["/search", "/"])
async def test_a_link_of_many_flights_shows_one_too_many_at_most(
    client: httpx.AsyncClient, seeded: date, path: str
) -> None:
    # when a link gives fifty flights (to the results, or to the form's "Add a flight")
    fifty = [*_trip(seeded, *[("LHR", "JFK", 0)] * 50), ("add", "1")]
    page = (await client.get(path, params=fifty)).text
    # then the form shows five of them, the one too many to remove, and says so on a search
    assert page.count('<fieldset class="flight-row">') == 5
    assert path == "/" or "A trip has at most 4 flights: remove one to search." in page


async def test_numbers_are_read_as_numbers(client: httpx.AsyncClient, seeded: date) -> None:
    # when a link writes the counts with leading zeros
    page = (await search_page(client, seeded, adults="01", children="002")).text
    # then they are searched and shown as the numbers they are
    assert "fares found" in page
    assert "· 1 adult, 2 children ·" in _summary(page)
    assert 'name="adults" value="1"' in page
    # and so is a price cap
    capped = (await search_page(client, seeded, max_price="0000000000000000450")).text
    assert "up to EUR 450 · change search" in capped


@pytest.mark.parametrize("typed", ["10", "100", "1" + "0" * 40])
async def test_a_party_too_large_is_told_the_limit(
    client: httpx.AsyncClient, seeded: date, typed: str
) -> None:
    # when a link asks for more adults than a booking takes, however many digits
    page = html.unescape((await search_page(client, seeded, adults=typed)).text)
    # then the form says how many can travel, on the adults field, not that it is no number
    assert "At most 9 seated passengers (adults and children) per booking." in page
    assert "whole number" not in page
    assert re.search(INVALID.format("adults"), page)
    assert "fares found" not in page


async def test_a_max_price_of_too_many_digits_says_so(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the fares of a day: a cap of 15 digits (more than any trip costs) caps nothing
    every = await search_page(client, seeded)
    fares = re.search(r"(\d+) fares found", every.text)
    assert fares is not None
    fifteen = (await search_page(client, seeded, max_price="9" * 15)).text
    assert f"{fares[1]} fares found" in fifteen
    # when the traveller types a 16-digit one
    page = (await search_page(client, seeded, max_price="1" + "0" * 15)).text
    # then the form says it is too large, not that it is no whole number
    assert "Max price is too large: 15 digits at most" in page
    assert "whole number" not in page
    assert re.search(INVALID.format("max_price"), page)
    assert "fares found" not in page


async def test_the_date_fields_end_on_the_last_day_on_sale_anywhere(settings: Settings) -> None:
    # given a portal whose clock reads 02:00 UTC on 10 March 2031: 10 March in London and
    # in the east, still the 9th in New York
    clock = FrozenClock(datetime(2031, 3, 10, 2, 0, tzinfo=UTC))
    application = create_app(settings, clock=clock)
    async with LifespanManager(application), in_process_client(application) as http:
        home = (await http.get("/")).text
    # then the date fields offer nothing past the last day on sale anywhere (365 days after
    # today where it is latest) nor before today where it is earliest
    assert re.search(r'name="depart" value="[^"]*" min="2031-03-09" max="2032-03-09"', home)
    assert re.search(r'name="return" value="" min="[^"]*" max="2032-03-09"', home)


async def test_a_date_too_far_ahead_names_the_last_one_on_sale(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the last day on sale (the schedule's end comes before the 365 days' limit)
    said = await client.post("/graphql", json={"query": "{ lastScheduledDate }"})
    last = date.fromisoformat(said.json()["data"]["lastScheduledDate"])
    far = (date.today() + timedelta(days=400)).isoformat()
    # when a traveller asks for a day more than a year ahead, going or coming back
    leaving = html.unescape((await search_page(client, seeded, depart=far)).text)
    returning = html.unescape((await search_page(client, seeded, **{"return": far})).text)
    # then the page names the last day on sale as people write it, on the field at fault
    shown = f"{last:%a} {last.day} {last:%b %Y}"
    assert (
        f"No flights are on sale after {shown} yet: choose that date or an earlier one." in leaving
    )
    assert re.search(INVALID.format("depart"), leaving)
    assert "choose that date or an earlier one for the return." in returning
    assert re.search(INVALID.format("return"), returning)
    # and a one-way trip's strip shows the last days on sale, scrolled to the last
    strip = leaving.split('class="calendar-strip"')[1].split("</nav>")[0]
    assert re.search(rf'href="[^"]*depart={last}[^"]*"[^>]* data-centre>', strip)


async def test_a_past_date_names_the_first_one_on_sale(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # when a link asks for a day already gone in London
    gone = (date.today() - timedelta(days=2)).isoformat()
    page = html.unescape((await search_page(client, seeded, depart=gone)).text)
    # then the page names today there, as people write dates
    today = datetime.now(ZoneInfo("Europe/London")).date()
    shown = f"{today:%a} {today.day} {today:%b %Y}"
    assert f"That date has passed where the flight leaves: choose {shown} or later." in page
    assert re.search(INVALID.format("depart"), page)


@pytest.mark.parametrize(
    ("flights", "said", "field"),
    [
        ((("LHR", "CDG", 1), ("CDG", "CDG", 2)), "both CDG on flight 2.", "destination"),
        ((("LHR", "JFK", 1), ("JFK", "LAX", 400)), "an earlier one for flight 2.", "depart"),
    ],
    ids=["same-airport-from-the-api", "too-far-ahead"],
)
async def test_a_mistake_in_a_later_flight_names_that_flight(
    client: httpx.AsyncClient,
    seeded: date,
    flights: tuple[tuple[str, str, int], ...],
    said: str,
    field: str,
) -> None:
    # when the second flight of a trip is to where it leaves from, or a year and more ahead
    page = html.unescape((await client.get("/search", params=_trip(seeded, *flights))).text)
    # then the message says which flight, and the field at fault is marked on that flight
    assert said in page
    assert re.findall(INVALID.format(r"(\w+)"), page) == [field]
    assert page.index("aria-invalid") > page.index("Flight 2</legend>")


async def test_a_return_trip_strip_links_no_day_coming_back_after_the_schedule(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the schedule's last day, as the API names it
    said = await client.post("/graphql", json={"query": "{ lastScheduledDate }"})
    last = date.fromisoformat(said.json()["data"]["lastScheduledDate"])
    # and the results of a return trip back on it, leaving the day before
    out = last - timedelta(days=1)
    params = {"depart": out.isoformat(), "return": last.isoformat()}
    page = (await search_page(client, seeded, **params)).text
    strip = html.unescape(page.split('class="calendar-strip"')[1].split("</nav>")[0])
    # then no day of its strip leads to a trip coming back after the schedule's last day
    returns = re.findall(r'href="[^"]*&return=([\d-]+)', strip)
    assert returns
    assert max(returns) == last.isoformat()
    # and each day after the searched one shows as a day with nothing on sale, not a link
    assert strip.count('<span class="unsold">') >= STRIP_SPAN
    # which says why, in words (to a screen reader) and in the note under the strip
    assert "coming back that many days later is not on sale yet" in strip
    assert "or whose return, as many days later as yours, is not on sale yet" in strip_note(page)


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


NEW_YORK = {"code": "NYC", "name": "New York"}
JFK = {"iataCode": "JFK", "city": "New York", "countryCode": "US", "metroArea": NEW_YORK}
EWR = {"iataCode": "EWR", "city": "Newark", "countryCode": "US", "metroArea": NEW_YORK}
LGA = {"iataCode": "LGA", "city": "New York", "countryCode": "US", "metroArea": NEW_YORK}
DEL = {"iataCode": "DEL", "city": "New Delhi", "countryCode": "IN", "metroArea": None}
SYD = {"iataCode": "SYD", "city": "Sydney", "countryCode": "AU", "metroArea": None}
BDA = {"iataCode": "BDA", "city": "Hamilton", "countryCode": "BM", "metroArea": None}
HLZ = {"iataCode": "HLZ", "city": "Hamilton", "countryCode": "NZ", "metroArea": None}


def _plainly(*airports: dict[str, object]) -> list[dict[str, object]]:
    return [{"airport": airport, "plainlyNamed": True} for airport in airports]


@pytest.mark.parametrize(
    ("matches", "plainly"),
    [
        (_plainly(JFK, EWR, LGA), True),  # "nyc": one metropolitan area, whatever the cities
        (_plainly(JFK, EWR, LGA, DEL), False),  # "new": New York or New Delhi
        ([*_plainly(JFK), {"airport": DEL, "plainlyNamed": False}], True),  # and a guess
        ([{"airport": SYD, "plainlyNamed": False}], False),  # "sydny": a guess, asked about
        (_plainly(BDA, HLZ), False),  # "hamilton": Bermuda or New Zealand
    ],
)
def test_one_place_named_plainly_is_searched(
    matches: list[dict[str, object]], plainly: bool
) -> None:
    # given the airports the API matched for what was typed, each plainly named or a guess
    assert plainly_one_place(matches) is plainly


def test_a_metropolitan_area_is_named_once_however_its_city_is_spelt() -> None:
    # given São Paulo's airport, filed under "Sao Paulo", and Ezeiza's, filed under its suburb
    sao_paulo = {"city": "Sao Paulo", "metroArea": {"code": "SAO", "name": "São Paulo"}}
    ezeiza = {"city": "Ezeiza", "metroArea": {"code": "BUE", "name": "Buenos Aires"}}
    # then each is named as a traveller knows it, the city once
    assert place_name(sao_paulo) == "São Paulo"
    assert place_name(ezeiza) == "Buenos Aires (Ezeiza)"


async def test_a_crafted_link_cannot_make_a_page_long(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the page of a search as the form sends it
    usual = len((await search_page(client, seeded)).text)
    # when a link carries a parameter of 60,000 characters, 60 airlines of 100 characters each
    # (which the form does not take), or an airport typed 9,000 times
    padded = await search_page(client, seeded, utm_source="x" * 60_000)
    junk = [("airline", "✈" * 100)] * 60
    airlines = await client.get(
        "/search",
        params=[
            ("origin", "LHR"),
            ("destination", "JFK"),
            ("depart", str(seeded + timedelta(days=1))),
            *junk,
        ],
    )
    repeated = await search_page(client, seeded, origin="london " * 9_000)
    # then the pages are of about the usual size: no link repeats what the form did not take,
    # no note the whole text
    assert "fares found" in padded.text
    assert "utm_source" not in padded.text
    for page in (padded, airlines):
        assert len(page.text) < usual * 1.1
    assert len(repeated.text) < usual * 1.5
    assert "london london" in repeated.text  # (what was typed, cut short)
    # and a page said to come after a great many itineraries (with a page's cursor) numbers its
    # own from a sane place; a search said to have shown a great many (no cursor: an address
    # once "More results" has loaded some) shows a few pages again at most
    more = re.search(r'hx-get="([^"]+)"', (await search_page(client, seeded)).text)
    assert more is not None
    far_on = await client.get(re.sub(r"shown=\d+", "shown=" + "9" * 4_000, html.unescape(more[1])))
    assert f"Option {MAX_SHOWN + 1}: " in far_on.text
    many = await search_page(client, seeded, shown="9" * 4_000)
    assert "Option 1: " in many.text
    assert many.text.count('<article class="offer"') <= MAX_PAGES_SHOWN * PAGE_SIZE


async def test_the_note_names_each_airport_guessed_once(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a multi-city trip whose second flight leaves from where the first lands, by name
    out, back = str(seeded + timedelta(days=1)), str(seeded + timedelta(days=4))
    params = [
        *[("origin", "london"), ("destination", "new york"), ("depart", out)],
        *[("origin", "new york"), ("destination", "london"), ("depart", back)],
    ]
    page = html.unescape((await client.get("/search", params=params)).text)
    # then the note names each airport once
    note = re.search(r"Searching (.*?): change the search", page)
    assert note is not None
    assert note[1] == "LHR for “london” and JFK for “new york”"


async def test_pages_name_a_metropolitan_area_as_travellers_know_it(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # when a traveller searches from Buenos Aires, whose airport is filed under Ezeiza
    page = await search_page(client, seeded, origin="buenos aires", destination="JFK")
    text = html.unescape(page.text)
    # then the heading names the city, the suburb beside it
    assert re.search(r'<h1 class="route-title">Buenos Aires \(Ezeiza\) → New York <small', text)
    # and so does an offer's page
    link = re.search(r'href="(/offers/[^"]+)"', page.text)
    assert link is not None
    offer = html.unescape((await client.get(html.unescape(link[1]))).text)
    assert "<h1>Buenos Aires (Ezeiza) → New York</h1>" in offer


TEXTS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=120
)
FORMS = st.builds(
    lambda flights, airlines, **values: SearchForm.from_query(
        QueryParams(
            [
                *(
                    (name, value)
                    for flight in flights
                    for name, value in zip(("origin", "destination", "depart"), flight, strict=True)
                ),
                *((name, value) for name, value in values.items() if value is not None),
                *(("airline", code) for code in airlines),
            ]
        )
    ),
    flights=st.lists(st.tuples(TEXTS, TEXTS, TEXTS), max_size=6),
    airlines=st.lists(st.sampled_from(["XA", "XF", "xq", "✈✈", "X"]), max_size=4),
    **{
        name: st.none() | TEXTS | st.sampled_from(["0", "01", "1", "ECONOMY", "PRICE"])
        for name in (
            *("return", "adults", "children", "infants", "cabin", "sort", "max_stops"),
            *("leave_after", "leave_before", "max_price"),
        )
    },
)


@settings(max_examples=200, deadline=None)
@given(form=FORMS)
def test_a_link_reads_back_as_the_form_it_was_made_from(form: SearchForm) -> None:
    # whatever a URL said, the links made from its form say the same form again
    assert SearchForm.from_query(QueryParams(form.to_query())) == form


def test_a_text_cut_short_reads_back_the_same() -> None:
    # given an airport typed longer than a field is read, a space where it is cut
    form = SearchForm.from_query(QueryParams([("origin", "x" * 99 + " london")]))
    # then it is cut before the space, and a link made from it says the same
    assert form.origin == "x" * 99
    assert SearchForm.from_query(QueryParams(form.to_query())) == form


async def test_a_flight_left_without_an_airport_shows_in_the_heading(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # when a multi-city trip's second flight has no origin yet
    params = _trip(seeded, ("LHR", "JFK", 1), ("", "LAX", 2))
    page = html.unescape((await client.get("/search", params=params)).text)
    # then the heading marks the missing airport, and the form asks for it
    assert "LHR → JFK · ? → LAX" in page
    assert "Choose the airport you fly from on flight 2." in page
