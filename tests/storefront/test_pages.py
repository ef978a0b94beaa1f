"""Storefront pages over HTTP: they render, work without JavaScript, and explain form errors."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest
from asgi_lifespan import LifespanManager
from strawberry import relay

from data.clock import FrozenClock
from data.db import Database
from skyport.app import create_app
from skyport.assets import asset_url
from skyport.settings import Settings
from storefront.search import whole_itineraries
from tests.conftest import in_process_client

FORM_OPEN = re.compile(r'<details class="change-search"[^>]* open[ >]')
"""The results page's change-search form, open as the page comes."""


async def search_page(client: httpx.AsyncClient, seeded: date, **params: str) -> httpx.Response:
    """The results page of a search for the day after `seeded` (LHR to JFK unless given)."""
    day = (seeded + timedelta(days=1)).isoformat()
    query = {"origin": "LHR", "destination": "JFK", "depart": day, **params}
    return await client.get("/search", params=query)


async def test_home_has_the_search_form(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert '<form action="/search" method="get"' in response.text
    assert 'hx-boost="true"' in response.text


async def test_assets_fetched_by_setup_are_served(client: httpx.AsyncClient) -> None:
    for asset in (
        "/static/vendor/htmx.min.js",
        "/static/vendor/pico.min.css",
        "/static/vendor/auto-complete-element.js",
        "/static/skyport.css",
        "/static/skyport.js",
    ):
        response = await client.get(asset)
        assert response.status_code == 200, asset


async def test_airport_suggestions_are_options_worth_the_airports_code(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/airports/suggest", params={"q": "frankfurt"})
    assert response.status_code == 200
    assert '<li role="option" data-autocomplete-value="FRA">' in response.text
    assert "Frankfurt" in response.text
    assert "<html" not in response.text


async def test_airport_suggestions_keep_what_the_server_matched_despite_a_typo(
    client: httpx.AsyncClient,
) -> None:
    # the list shows the server's matches as they are (a browser's datalist used to filter them
    # again by what was typed, which hid these)
    response = await client.get("/airports/suggest", params={"q": "sydny"})
    assert 'data-autocomplete-value="SYD"' in response.text


async def test_a_suggestion_names_the_city_a_traveller_knows(client: httpx.AsyncClient) -> None:
    # given an airport filed under a suburb of the city it serves (Ezeiza, for Buenos Aires)
    response = await client.get("/airports/suggest", params={"q": "buenos aires"})
    # then its suggestion names the city first, and the suburb beside it
    assert 'data-autocomplete-value="EZE">Buenos Aires (Ezeiza) · ' in response.text
    # and an airport in the city of its name reads as before
    london = await client.get("/airports/suggest", params={"q": "LHR"})
    assert 'data-autocomplete-value="LHR">London · ' in london.text


async def test_airport_suggestions_say_when_nothing_matches(client: httpx.AsyncClient) -> None:
    nothing = await client.get("/airports/suggest", params={"q": "qxzqxz"})
    assert 'role="option"' not in nothing.text
    assert "No airport found for “qxzqxz”" in nothing.text
    assert 'data-no-result-found="true"' in nothing.text
    # and an empty field asks for nothing and lists nothing
    empty = await client.get("/airports/suggest", params={"q": "  "})
    assert empty.status_code == 200
    assert "<li" not in empty.text


async def test_search_with_an_unknown_airport_shows_the_form_again(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(
        "/search", params={"origin": "Qwxyzq", "destination": "JFK", "depart": "2030-01-01"}
    )
    assert response.status_code == 200
    assert "could not find an airport" in response.text
    assert 'value="Qwxyzq"' in response.text


async def test_search_with_a_garbled_date_shows_the_reason(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/search", params={"origin": "LHR", "destination": "JFK", "depart": "soon"}
    )
    assert "Depart must be a date" in response.text


@pytest.mark.parametrize(
    ("field", "value"), [("adults", "\u00b2"), ("children", "1.5"), ("infants", "-1")]
)
async def test_a_count_that_is_not_a_number_shows_the_form_again(
    client: httpx.AsyncClient, seeded: date, field: str, value: str
) -> None:
    response = await search_page(client, seeded, **{field: value})
    assert response.status_code == 200
    assert "must be a whole number" in response.text


async def test_an_odd_stops_choice_is_the_default_one(
    client: httpx.AsyncClient, seeded: date
) -> None:
    response = await search_page(client, seeded, max_stops="\u00b3")
    assert response.status_code == 200
    assert "fares found" in response.text


async def test_an_unknown_address_is_a_page_of_the_site_for_a_browser(
    client: httpx.AsyncClient,
) -> None:
    # a browser gets the site's page, with its menu and a way to search
    page = await client.get("/no-such-page", headers={"accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert 'href="/graphql"' in page.text
    # any other client gets a plain answer
    plain = await client.get("/no-such-page", headers={"accept": "application/json"})
    assert plain.status_code == 404
    assert plain.text == "Not Found"


async def test_going_back_to_a_gone_offer_shows_that_it_has_gone(
    client: httpx.AsyncClient,
) -> None:
    # htmx asks a page again to go back to it, and shows only a success: an offer it cannot
    # show (here: an id that names none) says so
    headers = {"hx-request": "true", "hx-history-restore-request": "true"}
    response = await client.get("/offers/T2ZmZXI6eA==", headers=headers)
    assert response.status_code == 200
    assert "This offer link does not work" in response.text


async def test_an_unknown_offer_page_is_a_friendly_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/offers/not-a-real-offer")
    assert response.status_code == 404
    assert "This offer link does not work" in response.text


async def test_results_show_fare_brands_and_a_calendar_strip(
    client: httpx.AsyncClient, seeded: date
) -> None:
    day = (seeded + timedelta(days=1)).isoformat()
    response = await client.get(
        "/search", params={"origin": "london", "destination": "JFK", "depart": day}
    )
    assert response.status_code == 200
    assert "Economy Light" in response.text
    assert "Economy Flex" in response.text
    assert 'aria-current="date"' in response.text
    assert "fares found" in response.text
    # the strip's prices are one adult's (fareCalendar), the offers the whole party's: it says so
    assert "lowest one-way fare for one adult" in response.text


async def test_the_strip_links_only_days_with_something_on_sale(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the results for today
    params = {"origin": "LHR", "destination": "JFK", "depart": seeded.isoformat()}
    page = (await client.get("/search", params=params)).text
    strip = page.split('<nav class="calendar-strip"')[1].split("</nav>")[0]
    shown = re.findall(r"<small>(\w{3} \d{1,2} \w{3})</small>", strip)
    # then the strip starts today: the days before it, past at London, are left out (they
    # showed as days with nothing on sale)
    assert shown[0] == _strip_day(seeded)
    assert not set(shown) & _days_before(seeded)
    # and every day it links has a price, or is the day searched
    for link in re.findall(r"<a href[^>]*>.*?</a>", strip, re.S):
        assert "EUR" in link or 'aria-current="date"' in link, link
    # and given the results of the schedule's last day, then the days after it are shown
    # without a price, lead nowhere, and say so in words to a screen reader, as the note under
    # the strip does to the eye
    said = await client.post("/graphql", json={"query": "{ lastScheduledDate }"})
    last = said.json()["data"]["lastScheduledDate"]
    page = (await client.get("/search", params={**params, "depart": last})).text
    strip = page.split('<nav class="calendar-strip"')[1].split("</nav>")[0]
    after = {_strip_day(date.fromisoformat(last) + timedelta(days=n)) for n in (1, 2, 3)}
    unsold = re.findall(r'<span class="unsold"><small>([^<]+)</small>', strip)
    assert set(unsold) == after
    words = re.findall(r'<span class="visually-hidden">([^<]+)</span>', strip)
    assert set(words) == {"nothing on sale"}
    assert "A dash marks a day with nothing on sale." in strip_note(page)


async def test_the_count_is_of_options_and_the_fares_they_come_in(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a search whose options all fit on the page (direct only)
    page = (await search_page(client, seeded, max_stops="0")).text
    options = page.count('<article class="offer"')
    fares = page.count('class="brand-choice"')
    assert 1 < options < fares
    # then the count says how many options there are to choose from, then how many fares
    assert (
        f"{options} options, {fares} fares found (each option in each of its fare brands)" in page
    )
    # and one with more than a page says how many options and fares, and which are below
    more = (await search_page(client, seeded, destination="SYD", max_stops="2")).text
    shown = more.count('<article class="offer"')
    counted = re.search(
        rf"(\d+) options, (\d+) fares found \(each option in each of its fare brands\): options"
        rf" 1–{shown} below, more after them;",
        more,
    )
    assert counted is not None
    assert shown < int(counted[1]) < int(counted[2])


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({}, " · 1 adult · change search"),
        ({"max_stops": "0"}, " · 1 adult · direct only · change search"),
        ({"max_stops": "2"}, " · 1 adult · up to 2 stops · change search"),
        ({"sort": "DURATION"}, " · 1 adult · fastest first · change search"),
        ({"max_stops": "2", "sort": "DEPARTURE"}, " · up to 2 stops · earliest first · change"),
    ],
)
async def test_the_summary_says_what_was_searched(
    client: httpx.AsyncClient, seeded: date, params: dict[str, str], said: str
) -> None:
    # the line that opens the form to change the search says how it was searched
    page = (await search_page(client, seeded, **params)).text
    summary = page.split('<details class="change-search"')[1].split("<summary>")[1]
    assert said in re.sub(r"<[^>]+>", "", summary.split("</summary>")[0])


async def test_a_broken_link_says_so_in_a_travellers_words(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given an offer link cut short when it was copied (the end of its id and the way back lost)
    results = (await search_page(client, seeded)).text
    offer_url = html.unescape(re.findall(r'href="(/offers/[^"?]+)', results)[0])
    cut = await client.get(offer_url[:40])
    # then the page says the link does not work, in words, not the API's ("offer id")
    assert cut.status_code == 404
    assert "<h1>This offer link does not work</h1>" in cut.text
    assert "This offer link is incomplete or has been changed" in cut.text
    assert "id is not valid" not in cut.text
    # and offers a new search (it cannot know the trip to search again)
    assert '<a href="/">Start a new search</a>' in cut.text
    # and a page of results whose link has gone bad says it is out of date, not "cursor"
    more = re.search(r'hx-get="([^"]+)"', results)
    assert more is not None
    bad = re.sub(r"after=[^&]*", "after=k2.nothing.x", html.unescape(more[1]))
    page = (await client.get(bad)).text
    assert "This page of results is out of date" in page
    assert "cursor" not in page
    # and so does a seat map link cut short, or naming a flight there is not
    for flight in ("RmxpZ2h0Oj", "RmxpZ2h0Ojk5OTk5OTk5OQ=="):
        seats = await client.get(f"/flights/{flight}/seats")
        assert seats.status_code == 404
        assert re.search(r"This link is incomplete|This flight is not in our schedule", seats.text)


def strip_note(page: str) -> str:
    """The note under the calendar strip, as one line of text."""
    note = page.split('<p id="calendar-note"')[1].split("</p>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", note.split(">", 1)[1]).split())


def _days_before(day: date) -> set[str]:
    """How the strip names the week before `day`."""
    return {_strip_day(day - timedelta(days=n)) for n in range(1, 8)}


def _strip_day(day: date) -> str:
    """How the strip names a day: `Sat 5 Dec`."""
    return f"{day:%a} {day.day} {day:%b}"


async def test_seat_map_page_for_an_unknown_flight_is_a_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/flights/bm90LWEtZmxpZ2h0/seats")
    assert response.status_code == 404
    assert "No seat map" in response.text


async def test_more_results_come_without_the_calendar_strip(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a results page with more results to load
    page = await search_page(client, seeded, destination="SYD", max_stops="2")
    more = re.search(r'hx-get="([^"]+)"', page.text.split("More results")[0].rsplit("<a", 1)[1])
    assert more is not None
    # when htmx loads them, then only the results come, without a strip (nor its pricing)
    response = await client.get(html.unescape(more[1]), headers={"hx-request": "true"})
    assert response.status_code == 200
    assert "brand-choice" in response.text
    assert "calendar-strip" not in response.text
    # and without JavaScript the next page says it is one, with a way back to the first
    whole = await client.get(html.unescape(more[1]))
    assert "These are the ones after the first page" in whole.text
    first = re.search(r'<a href="([^"]+)">back to the first</a>', whole.text)
    assert first is not None
    assert "after=" not in first[1]


async def test_more_results_change_the_address_to_show_as_many_again(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a results page with more results to load
    page = await search_page(client, seeded, destination="SYD", max_stops="2")
    first = page.text.count('<article class="offer"')
    more = re.search(r'hx-get="([^"]+)"', page.text.split("More results")[0].rsplit("<a", 1)[1])
    assert more is not None
    # when htmx loads them, then the address becomes the search with as many shown, without the
    # page's cursor
    response = await client.get(html.unescape(more[1]), headers={"hx-request": "true"})
    shown = first + response.text.count('<article class="offer"')
    address = response.headers["hx-replace-url"]
    assert address.startswith("/search?")
    assert address.endswith(f"&shown={shown}")
    assert "after=" not in address
    # and each fare's way back from its offer leads to that address, at its own option
    backs = [unquote(html.unescape(back)) for back in re.findall(r'\?back=([^"]+)"', response.text)]
    assert backs
    assert all(back.startswith(f"{address}#option-") for back in backs)
    assert f"{address}#option-{first + 1}" in backs
    # when that address is reloaded (or shared), then it shows them all again, numbered from 1
    again = (await client.get(address)).text
    assert again.count('<article class="offer"') == shown
    assert re.search(r'<h2 id="itinerary-1" class="visually-hidden">Option 1: ', again)
    assert "These are the ones after the first page" not in again
    # and a fare of a first page leads back to the first page, at its option
    assert "?back=" + quote("/search?", safe="/") in page.text
    assert "shown%3D" not in page.text.split("More results")[0]


async def test_the_strip_runs_on_into_the_next_month(settings: Settings, seeded: date) -> None:
    # given a portal whose clock reads ten days before the end of last month (so that day is
    # bookable, and before the schedule ends), and a departure on that month's last day
    last = seeded.replace(day=1) - timedelta(days=1)
    clock = FrozenClock(datetime.combine(last - timedelta(days=10), time(5), UTC))
    application = create_app(settings, clock=clock)
    params = {"origin": "LHR", "destination": "JFK", "depart": last.isoformat()}
    async with LifespanManager(application), in_process_client(application) as http:
        response = await http.get("/search", params=params)
    # then the strip shows the three days on each side, the next month's first three too
    strip = response.text.split('class="calendar-strip"')[1].split("</nav>")[0]
    shown = re.findall(r"<small>(\w{3} \d{1,2} \w{3})</small>", strip)
    expected = [last + timedelta(days=shift) for shift in range(-3, 4)]
    assert shown == [_strip_day(day) for day in expected]


async def test_a_return_trip_strip_day_keeps_the_trip_length(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the results of a return trip back the same day (the test schedule is four days long)
    out = back = seeded + timedelta(days=1)
    params = {"origin": "LHR", "destination": "JFK", "depart": out.isoformat()}
    response = await client.get("/search", params={**params, "return": back.isoformat()})
    # then each day of the strip leaves that day and returns a night later
    strip = html.unescape(response.text.split('class="calendar-strip"')[1].split("</nav>")[0])
    urls = re.findall(r'href="([^"]+)"', strip)
    trips = [re.search(r"depart=([\d-]+)&return=([\d-]+)", url) for url in urls]
    assert len(urls) >= 4  # (the days before today are not offered)
    for trip in trips:
        assert trip is not None
        leave, come_back = (date.fromisoformat(value) for value in trip.groups())
        assert come_back - leave == back - out
    # and a day after the return date is a trip, not an error
    later = (out + timedelta(days=1)).isoformat()
    last = await client.get(next(url for url in urls if f"depart={later}" in url))
    assert 'role="alert"' not in last.text
    assert "fares found" in last.text


async def test_results_say_which_airport_a_name_was_taken_for(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a search typed as names that plainly name airports (a city's start, a whole city)
    response = await search_page(client, seeded, origin="lond", destination="New York")
    # then the page names the airports it searched, and says what it took each name for
    assert response.status_code == 200
    assert re.search(
        r'<h1 class="route-title">London → New York <small[^>]*>LHR → JFK</small></h1>',
        response.text,
    )
    assert "Searching LHR for “lond” and JFK for “New York”" in response.text
    # while a search by codes needs no such note
    plain = await search_page(client, seeded)
    assert "Searching" not in plain.text


async def test_the_date_fields_follow_the_portals_clock(settings: Settings, seeded: date) -> None:
    # given a portal whose clock reads 05:00 UTC on 10 March 2031
    clock = FrozenClock(datetime(2031, 3, 10, 5, 0, tzinfo=UTC))
    application = create_app(settings, clock=clock)
    async with LifespanManager(application), in_process_client(application) as http:
        home = (await http.get("/")).text
    # then the earliest date offered is the 9th (still today west of UTC-5, where the API
    # still sells it), and the form suggests a week from the clock's today
    assert 'min="2031-03-09"' in home
    assert 'value="2031-03-17"' in home


async def test_an_offer_page_says_a_free_change_is_free(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the results of a search, with Economy Classic (a fee per change) and Economy Flex
    # (changes free) offers
    results = (await search_page(client, seeded)).text
    links = dict(re.findall(r'href="(/offers/[^"]+)"[^>]*>\s*<span>(Economy \w+)</span>', results))
    by_brand = {brand: html.unescape(href) for href, brand in links.items()}
    # when the traveller opens one of each
    classic = (await client.get(by_brand["Economy Classic"])).text
    flex = (await client.get(by_brand["Economy Flex"])).text
    # then the Classic fare names its fee, and the Flex fare says changes cost nothing
    assert "Changeable for EUR 70.00" in classic
    assert "Changeable free of charge" in flex
    assert "EUR 0.00" not in flex


async def test_a_seat_map_opened_from_an_offer_shows_seat_prices_and_the_way_back(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given an Economy Light offer (seat selection at a charge) and the seat map it links to
    results = (await search_page(client, seeded)).text
    links = dict(re.findall(r'href="(/offers/[^"]+)"[^>]*>\s*<span>(Economy \w+)</span>', results))
    offer_url = html.unescape({brand: href for href, brand in links.items()}["Economy Light"])
    offer_page = (await client.get(offer_url)).text
    seats_url = html.unescape(re.findall(r'href="(/flights/[^"]+/seats[^"]*)"', offer_page)[0])
    # when the traveller opens it
    seats = (await client.get(seats_url)).text
    # then the prices of seats are printed on the map (not only in tooltips), with the fare's
    # currency (its sign: a seat is small), and a link leads back to the offer
    assert re.search(r'<small class="seat-price">€\d+(\.\d\d)?</small>', seats)
    assert "available, at the price on it" in seats
    back = re.findall(r'<a href="([^"]+)">← Back to the offer</a>', seats)
    assert [html.unescape(url) for url in back] == [offer_url]


async def test_amounts_read_in_thousands(client: httpx.AsyncClient, seeded: date) -> None:
    # given nine adults' fares from London to New York: thousands of euros each
    results = (await search_page(client, seeded, adults="9")).text
    # then every total reads with its thousands apart (not "EUR 5130.00"), and so does the
    # offer's price breakdown
    totals = re.findall(r'class="price">([^<]+)<', results)
    assert totals
    assert all(re.fullmatch(r"EUR \d{1,3}(,\d{3})+\.\d\d", total) for total in totals), totals
    offer_url = html.unescape(re.findall(r'href="(/offers/[^"]+)"', results)[0])
    offer = (await client.get(offer_url)).text
    assert re.search(r"Total for 9 passengers</th><td><strong>EUR \d,\d{3}\.\d\d<", offer)


async def test_a_day_after_the_schedule_says_so_and_leads_back(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # when a traveller searches a day after the schedule's last flight
    later = seeded + timedelta(days=20)
    params = {"origin": "LHR", "destination": "JFK", "depart": later.isoformat()}
    response = await client.get("/search", params=params)
    # then the page says nothing is on sale yet, rather than "no flights match"
    assert response.status_code == 200
    assert "No flights are on sale after" in response.text
    assert "fares found" not in response.text
    # and the strip shows the last days on sale, priced, to move to
    strip = response.text.split('class="calendar-strip"')[1].split("</nav>")[0]
    assert "EUR" in strip
    assert later.isoformat() not in strip
    # right below the message (the form stays closed above them: the way on is a day)
    alert = response.text.index('role="alert"')
    assert alert < response.text.index('class="calendar-strip"')
    assert not FORM_OPEN.search(response.text.split('class="calendar-strip"')[0])
    # and the strip is scrolled to the last day on sale (the day asked for may be on it, unsold),
    # the day the message names as people write it
    said = await client.post("/graphql", json={"query": "{ lastScheduledDate }"})
    last = date.fromisoformat(said.json()["data"]["lastScheduledDate"])
    assert f"No flights are on sale after {last:%a} {last.day} {last:%b %Y} yet" in response.text
    assert re.search(rf'href="[^"]*depart={last}[^"]*"[^>]* data-centre>', strip)


async def test_a_return_date_after_the_schedule_is_marked_without_a_strip(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # a strip moves both dates together: for a return after the schedule, none of its days helps
    params = {"depart": seeded.isoformat(), "return": (seeded + timedelta(days=20)).isoformat()}
    page = (await search_page(client, seeded, **params)).text
    assert "are on sale after" in page
    assert '<nav class="calendar-strip"' not in page
    assert re.search(r'name="return" value="[^"]*"[^>]*aria-invalid="true"', page)
    # and so is a return trip leaving after it: each day of a strip would keep the trip's
    # length, its return after the schedule still; the form is open to change both
    later = {"depart": (seeded + timedelta(days=20)).isoformat()}
    page = (await search_page(client, seeded, **later, **{"return": params["return"]})).text
    assert "are on sale after" in page
    assert '<nav class="calendar-strip"' not in page
    assert FORM_OPEN.search(page)


async def test_after_the_schedule_a_strip_with_nothing_on_sale_is_not_shown(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a trip that no direct flight flies, after the schedule's end, direct only
    later = (seeded + timedelta(days=20)).isoformat()
    params = {"origin": "LHR", "destination": "AKL", "depart": later, "max_stops": "0"}
    page = (await client.get("/search", params=params)).text
    # then the page says the schedule ends, with the form open to change the search (a strip of
    # days none of which can be chosen would be a dead end)
    assert "are on sale after" in page
    assert '<nav class="calendar-strip"' not in page
    assert FORM_OPEN.search(page)


async def test_an_offer_leads_back_to_its_results_even_once_gone(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given an offer opened from a page of results
    response = await search_page(client, seeded)
    results = response.text
    links = re.findall(r'href="(/offers/[^"]+)"[^>]*>\s*<span>Economy Light</span>', results)
    offer_url = html.unescape(links[0])
    offer_page = (await client.get(offer_url)).text
    # then it links back to those results, and says until when (day and time) it is valid
    back = [
        html.unescape(u) for u in re.findall(r'<a href="([^"]+)">← Back to the results', offer_page)
    ]
    assert len(back) == 1
    assert back[0].startswith("/search?")
    assert (await client.get(back[0])).text.count('class="brand-choice"') > 0
    assert re.search(
        r"Offer valid for \d+ more minutes?, until <time datetime=\"[^\"]+\" data-your-time>"
        r"\w{3} \d{1,2} \w{3}, \d\d:\d\d UTC</time>",
        offer_page,
    )
    # when the offer is gone (here: an id no longer valid), then "search again" keeps the trip
    gone = offer_url.replace("/offers/", "/offers/x", 1)
    page = await client.get(gone)
    assert page.status_code == 404
    again = re.findall(r'<a href="([^"]+)">Search again for the same trip</a>', page.text)
    assert [html.unescape(url) for url in again] == back


async def test_a_back_link_never_leads_off_the_site(client: httpx.AsyncClient) -> None:
    # given an offer page address whose way back names another site
    for back in ("https://evil.example/search?x=1", "//evil.example/search?", "/search?\\\\evil"):
        page = await client.get("/offers/not-a-real-offer", params={"back": back})
        # then the page offers a plain new search, not that link
        assert "evil.example" not in page.text
        assert '<a href="/">Start a new search</a>' in page.text


async def test_departure_times_narrow_the_results(client: httpx.AsyncClient, seeded: date) -> None:
    # given a day's London - New York itineraries, some leaving in the morning
    every = re.findall(
        r'<div class="slice">\s*<strong>(\d\d:\d\d)</strong> LHR',
        (await search_page(client, seeded)).text,
    )
    assert any(t < "12:00" for t in every)
    # when the traveller asks for flights leaving between noon and 18:00
    page = await search_page(client, seeded, leave_after="12:00", leave_before="18:00")
    # then only those are shown, and the form keeps the times
    narrowed = re.findall(r'<div class="slice">\s*<strong>(\d\d:\d\d)</strong> LHR', page.text)
    assert narrowed
    assert all("12:00" <= t <= "18:00" for t in narrowed)
    assert 'name="leave_after" value="12:00"' in page.text


async def test_a_garbled_departure_time_shows_the_reason(
    client: httpx.AsyncClient, seeded: date
) -> None:
    page = await search_page(client, seeded, leave_after="25:70")
    assert "Leaving after must be a time like 07:30." in page.text
    assert 'role="alert"' in page.text
    # and a window that ends before it starts says so in the form's words
    page = await search_page(client, seeded, leave_after="18:00", leave_before="09:00")
    assert "must not be later than" in page.text
    assert "departAfter" not in page.text


async def test_results_can_be_narrowed_to_airlines(client: httpx.AsyncClient, seeded: date) -> None:
    # given the results of a London - Sydney search, with a choice of the airlines they fly
    results = (await search_page(client, seeded, destination="SYD")).text
    choices = re.findall(r'name="airline" value="([A-Z0-9]{2})"', results)
    assert len(choices) > 1
    # when the traveller keeps two of them (the form re-sends the search with them)
    form = results.split('class="airline-filter"')[1].split("</form>")[0]
    kept = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert kept["destination"] == "SYD"
    page = await client.get("/search", params={**kept, "airline": choices[:2]})
    # then every flight shown is one of theirs, the choices stay ticked, and a link shows all
    assert "fares found" in page.text
    # (each flight reads "XA 109 Empire Atlantic")
    shown = set(re.findall(r"· ((?:[A-Z0-9]{2} \d+ [^,<]+(?:, )?)+)</span>", page.text))
    flights = {number.split()[0] for line in shown for number in line.split(", ")}
    assert flights
    assert flights <= set(choices[:2])
    for code in choices[:2]:
        assert f'value="{code}" checked' in page.text
    assert "Show every airline" in page.text


def _prices(page: httpx.Response) -> list[float]:
    """The totals shown on a results page (`EUR 1,129.90`), in units."""
    found = re.findall(r'class="price">EUR ([0-9.,]+)<', page.text)
    return [float(amount.replace(",", "")) for amount in found]


async def test_results_can_be_capped_at_a_price(client: httpx.AsyncClient, seeded: date) -> None:
    # given a day's London - New York fares, some dearer than others
    every = _prices(await search_page(client, seeded))
    cap = int((min(every) + max(every)) / 2)
    assert min(every) <= cap < max(every)
    # when the traveller asks for nothing above the middle of that range (for the whole party)
    page = await search_page(client, seeded, max_price=str(cap))
    # then only fares at or under it show, the count says fewer, and the form keeps the cap
    capped = _prices(page)
    assert capped
    assert max(capped) <= cap
    assert 'name="max_price" value="' + str(cap) + '"' in page.text
    assert f"up to EUR {cap:,} · change search" in page.text
    assert "Max price, all passengers (EUR)" in page.text
    total = int(re.search(r"(\d+) fares? found", page.text)[1])  # type: ignore[index]
    assert total < int(
        re.search(r"(\d+) fares? found", (await search_page(client, seeded)).text)[1]
    )  # type: ignore[index]
    # and a cap nothing is under says so, with the way back to any price
    nothing = await search_page(client, seeded, max_price="1")
    assert "No flights match this search" in nothing.text
    assert "any price</a>" in nothing.text
    # and a cap above anything a trip costs (beyond the API's 32-bit Int) caps nothing
    huge = await search_page(client, seeded, max_price="999999999")
    assert _prices(huge) == every
    assert "max_price" not in re.search(r'<a href="([^"]*)">any price</a>', nothing.text)[1]  # type: ignore[index]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("abc", "Max price must be a whole number of EUR, like 450."),
        ("12.50", "Max price must be a whole number of EUR, like 450."),
        ("-5", "Max price must be a whole number of EUR, like 450."),
        ("0", "Max price must be more than 0 EUR (leave it empty for any price)."),
    ],
)
async def test_a_max_price_that_is_not_a_whole_amount_shows_the_reason(
    client: httpx.AsyncClient, seeded: date, typed: str, said: str
) -> None:
    page = await search_page(client, seeded, max_price=typed)
    assert said in page.text
    assert re.search(r'name="max_price" value="[^"]*"[^>]*aria-invalid="true"', page.text)
    assert "fares found" not in page.text


@pytest.mark.parametrize("typed", ["international", "new", "san", "sf", "dub"])
async def test_a_word_many_cities_share_is_asked_about(
    client: httpx.AsyncClient, seeded: date, typed: str
) -> None:
    # a word that plainly names airports of several cities ("New York" and "New Delhi") picks
    # none of them: the form asks which was meant
    text = html.unescape((await search_page(client, seeded, destination=typed)).text)
    assert f"Which airport did you mean by “{typed}” (to)?" in text
    assert "fares found" not in text


@pytest.mark.parametrize(
    "typed",
    [
        *("london", "New York", "heathrow", "JFK", "buenos aires", "tyo", "ohare", "fort worth"),
        *("tokyo haneda", "jfk new york", "haneda", "DUB", "London, UK"),
    ],
)
async def test_a_name_of_one_city_is_searched_whichever_airport(
    client: httpx.AsyncClient, seeded: date, typed: str
) -> None:
    text = (await search_page(client, seeded, origin=typed, destination="CDG")).text
    assert "Which airport did you mean" not in text
    assert "fares found" in text


@pytest.mark.parametrize(("typed", "meant"), [("Atlantis", "ATL"), ("sydny", "SYD"), ("me", "MEX")])
async def test_a_loose_match_for_an_airport_is_asked_about_not_searched(
    client: httpx.AsyncClient, seeded: date, typed: str, meant: str
) -> None:
    # given a name that no airport plainly has (a made-up place, a typo, a letter)
    response = await search_page(client, seeded, destination=typed)
    text = html.unescape(response.text)
    # then nothing is searched: the form asks which airport was meant, with the likely ones
    assert f"Which airport did you mean by “{typed}” (to)?" in text
    assert "fares found" not in text
    choices = re.findall(r'<ul class="choices">(.*?)</ul>', response.text, re.S)
    assert choices
    links = re.findall(r'href="([^"]+)"', choices[0])
    # and choosing one searches it, the rest of the search as it was
    chosen = html.unescape(next(link for link in links if f"destination={meant}" in link))
    assert "origin=LHR" in chosen
    found = await client.get(chosen)
    assert re.search(
        rf'<h1 class="route-title">London → [^<]+<small[^>]*>LHR → {meant}</small>', found.text
    )
    assert "fares found" in found.text


async def test_a_storefront_whose_api_tier_is_down_says_so(
    settings: Settings, seeded: date
) -> None:
    # given a storefront split from its API tier, which does not answer (nothing listens there)
    split = settings.model_copy(update={"api_url": "http://127.0.0.1:1/graphql"})
    application = create_app(split)
    async with LifespanManager(application), in_process_client(application) as http:
        # when a traveller searches, or opens an offer
        results = await search_page(http, seeded)
        offer = await http.get("/offers/T2ZmZXI6MQ")
    # then each page renders and explains that Skyport is not answering (no 500, no "no such
    # airport")
    for page in (results, offer):
        assert page.status_code < 500
        assert "not answering right now" in html.unescape(page.text)
    assert "could not find an airport" not in html.unescape(results.text)


async def test_the_day_strip_prices_days_as_the_results_are_searched(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a direct-only search on a route with no direct flight
    page = (await search_page(client, seeded, destination="SYD", max_stops="0")).text
    strip = page.split('class="calendar-strip"')[1].split("</nav>")[0]
    # then no day of the strip shows a price either (it used to price one-stop trips), and the
    # note says what the day prices are
    assert "No flights match this search" in page
    assert "fares found" not in page
    assert "EUR" not in strip
    assert "lowest one-way fare for one adult, direct;" in page


async def test_an_offer_page_says_how_many_minutes_it_is_valid_for(
    settings: Settings, seeded: date
) -> None:
    # given a portal on a frozen clock, and the first fare of a search
    clock = FrozenClock(datetime.now(UTC).replace(microsecond=0))
    application = create_app(settings, clock=clock)
    async with LifespanManager(application), in_process_client(application) as http:
        results = (await search_page(http, seeded, destination="CDG")).text
        link = html.unescape(re.findall(r'href="(/offers/[^"]+)"', results)[0])
        # when the traveller opens it at once, and again five minutes later
        first = (await http.get(link)).text
        clock.advance(timedelta(minutes=5))
        later = (await http.get(link)).text
    # then the page counts down the 20 minutes a quote is valid
    assert "Offer valid for 20 more minutes" in first
    assert "Offer valid for 15 more minutes" in later


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"destination": "Atlantis Spaceport"}, "destination"),
        ({"adults": "two"}, "adults"),
        ({"depart": "2020-01-01"}, "depart"),
        ({"leave_after": "18:00", "leave_before": "06:00"}, "leave_after"),
    ],
    ids=["airport", "count", "past-date-from-the-api", "time-window"],
)
async def test_a_form_error_marks_the_field_at_fault(
    client: httpx.AsyncClient, seeded: date, params: dict[str, str], field: str
) -> None:
    # when a search is sent with one field a search cannot use
    page = (await search_page(client, seeded, **params)).text
    # then the message is there, and that field (alone) is marked invalid and described by it
    assert 'id="form-error"' in page
    marked = re.findall(r'name="(\w+)"[^>]*aria-invalid="true" aria-describedby="form-error"', page)
    assert marked == [field]


async def test_a_seat_map_says_when_seat_selection_has_closed(
    settings: Settings, seeded: date, db: Database
) -> None:
    # given a flight, and a portal whose clock is half an hour after its sales closed
    flight_id, departs = await db.pool.fetchrow(
        "SELECT id, departure_at FROM flight WHERE departure_at > now() + interval '1 day'"
        " ORDER BY id LIMIT 1"
    )
    url = f"/flights/{relay.to_base64('Flight', flight_id)}/seats?cabin=ECONOMY"
    for now, closed in (
        (departs - timedelta(hours=2), False),
        (departs - timedelta(minutes=30), True),
    ):
        application = create_app(settings, clock=FrozenClock(now))
        async with LifespanManager(application), in_process_client(application) as http:
            page = (await http.get(url)).text
        # then the map says so (every seat taken), and only then
        assert ("Seat selection for this flight has closed" in page) is closed


async def test_an_offer_page_offers_the_other_fares_of_its_flights(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given an Economy Light offer opened from the results of a return trip for two
    out = seeded + timedelta(days=1)
    back = (out + timedelta(days=2)).isoformat()
    params = {"depart": out.isoformat(), "adults": "2", "return": back}
    results = (await search_page(client, seeded, **params)).text
    links = dict(re.findall(r'href="(/offers/[^"]+)"[^>]*>\s*<span>(Economy \w+)</span>', results))
    light = html.unescape({brand: href for href, brand in links.items()}["Economy Light"])
    page = (await client.get(light)).text
    # then the page offers the same flights' Classic and Flex fares, priced for the same party
    section = page.split('id="other-fares"')[1].split("</section>")[0]
    others = dict(re.findall(r'href="([^"]+)">\s*<span>(Economy \w+)</span>', section))
    assert sorted(others.values()) == ["Economy Classic", "Economy Flex"]
    main = page.split("<main", 1)[1]  # (the title names the fare too)
    flights = re.findall(r"([A-Z0-9]{2} \d+) · ", main.split("Economy Light")[0])
    assert len(flights) >= 2  # (out and back)
    # and following one opens that fare, on the same flights, with the way back kept
    classic = (
        await client.get(html.unescape(next(u for u, b in others.items() if "Classic" in b)))
    ).text
    assert "<header><strong>Economy Classic</strong></header>" in classic
    assert "<title>Skyport · Economy Classic, London → New York</title>" in classic
    classic_main = classic.split("<main", 1)[1]
    assert re.findall(r"([A-Z0-9]{2} \d+) · ", classic_main.split("Economy Classic")[0]) == flights
    assert "Total for 2 passengers" in classic
    assert "← Back to the results" in classic


async def test_every_offer_of_a_narrowed_search_has_its_other_fares(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the results of a return trip sorted by duration, leaving in the evening (offers
    # that a search sorted by price, with no times, would not all find again)
    out = seeded + timedelta(days=1)
    params = {
        "depart": out.isoformat(),
        "return": (out + timedelta(days=2)).isoformat(),
        "sort": "DURATION",
        "leave_after": "15:00",
    }
    results = (await search_page(client, seeded, **params)).text
    lights = re.findall(r'href="(/offers/[^"]+)"[^>]*>\s*<span>Economy Light</span>', results)
    assert len(lights) >= 3
    # then each of them offers the same flights' other fares
    for link in lights[:6]:
        page = (await client.get(html.unescape(link))).text
        assert 'id="other-fares"' in page, link


def _trip(seeded: date, *flights: tuple[str, str, int]) -> list[tuple[str, str]]:
    """Query parameters of a multi-city trip: (origin, destination, days after `seeded`)."""
    return [
        (name, value)
        for origin, destination, days in flights
        for name, value in (
            ("origin", origin),
            ("destination", destination),
            ("depart", (seeded + timedelta(days=days)).isoformat()),
        )
    ]


async def test_a_multi_city_trip_is_searched_flight_by_flight(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # when a traveller searches London - New York, New York - Los Angeles, Los Angeles - London
    trip = _trip(seeded, ("LHR", "JFK", 0), ("JFK", "LAX", 1), ("LAX", "LHR", 3))
    page = await client.get("/search", params=trip)
    # then the heading names each place once, as the flights chain, and each itinerary flies
    # the three in turn
    assert re.search(
        r'<h1 class="route-title multi-city">London → New York → Los Angeles → London '
        r"<small[^>]*>LHR → JFK → LAX → LHR</small>",
        page.text,
    )
    assert "fares found" in page.text
    itineraries = page.text.split('<article class="offer"')[1:]
    assert itineraries
    for itinerary in itineraries:
        legs = re.findall(r"</strong> ([A-Z]{3})\s+→ <strong>", itinerary)
        assert legs == ["LHR", "JFK", "LAX"], legs
    # and the summary lists each flight's date; no day strip (the days move together or not at all)
    days = [seeded + timedelta(days=d) for d in (0, 1, 3)]
    dates = ", ".join(
        f'<time datetime="{day}">{day:%a} {day.day} {day:%b %Y}</time>' for day in days
    )
    assert f"<summary>{dates} · 1 adult" in page.text
    assert '<nav class="calendar-strip"' not in page.text
    # and the form to change it shows a row per flight
    assert page.text.count('<fieldset class="flight-row">') == 3


async def test_flights_are_added_and_removed_without_scripts(
    client: httpx.AsyncClient, seeded: date
) -> None:
    day = (seeded + timedelta(days=1)).isoformat()
    # given a return trip typed in, when "Multi-city: add a flight" sends the form home
    form = {"origin": "LHR", "destination": "JFK", "depart": day, "return": day, "adults": "2"}
    page = (await client.get("/", params={**form, "add": "flight"})).text
    # then it comes back with a second flight leaving from where the first lands, its "To"
    # focused, everything else kept, and no return date (the way back is a flight of its own)
    assert page.count('<fieldset class="flight-row">') == 2
    assert re.search(r'id="origin-1" name="origin" value="JFK"', page)
    assert re.search(r'id="destination-1" name="destination" value=""[^>]*autofocus', page)
    assert 'name="adults" value="2"' in page
    assert 'name="return"' not in page
    # and a trip has four flights at most
    four = _trip(seeded, ("LHR", "JFK", 1), ("JFK", "LAX", 2), ("LAX", "SFO", 3), ("SFO", "LHR", 4))
    page = (await client.get("/", params=[*four, ("add", "flight")])).text
    assert page.count('<fieldset class="flight-row">') == 4
    assert "Add a flight" not in page
    # when the third is removed, the others stay as they were
    page = (await client.get("/", params=[*four, ("remove", "2")])).text
    assert page.count('<fieldset class="flight-row">') == 3
    origins = re.findall(r'name="origin" value="([A-Z]{3})"', page)
    assert origins == ["LHR", "JFK", "SFO"]


async def test_a_mistake_in_a_later_flight_is_shown_on_that_flight(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # an airport nobody has heard of in the second flight's "To"
    trip = _trip(seeded, ("LHR", "JFK", 1), ("JFK", "Qwxyzq", 4))
    page = html.unescape((await client.get("/search", params=trip)).text)
    assert "We could not find an airport matching “Qwxyzq” (to, flight 2)." in page
    marked = re.findall(r'id="([\w-]+)" name="\w+"[^>]*aria-invalid="true"', page)
    assert marked == ["destination-1"]
    # a loose match there offers choices that change that flight alone
    trip = _trip(seeded, ("LHR", "JFK", 1), ("JFK", "sydny", 4))
    page = (await client.get("/search", params=trip)).text
    assert "Which airport did you mean by “sydny” (to, flight 2)?" in html.unescape(page)
    link = html.unescape(re.findall(r'<ul class="choices">.*?href="([^"]+)"', page, re.S)[0])
    assert "destination=JFK&" in link
    assert link.count("destination=") == 2
    # a second flight leaving before the first lands is refused by the API, and marked there
    trip = _trip(seeded, ("LHR", "JFK", 3), ("JFK", "LAX", 1))
    page = (await client.get("/search", params=trip)).text
    # (in the form's words: its flights, not the API's slices)
    assert "Flight 2 must leave on or after the day flight 1 leaves" in page
    marked = re.findall(r'name="(\w+)" value="[^"]*"[^>]*aria-invalid="true"', page)
    assert marked == ["depart"]
    assert re.search(r'name="depart" value="[^"]*" min="[^"]*" max="[^"]*" required aria-inv', page)
    assert page.index("aria-invalid") > page.index("Flight 2</legend>")
    # and a return date beside more flights is asked about
    trip = _trip(seeded, ("LHR", "JFK", 1), ("JFK", "LAX", 4))
    page = (await client.get("/search", params=[*trip, ("return", seeded.isoformat())])).text
    assert "A multi-city trip has no return date" in page


async def test_choosing_the_first_flights_airport_keeps_the_other_flights(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a multi-city trip whose first "To" is a loose match
    trip = _trip(seeded, ("LHR", "sydny", 1), ("SYD", "AKL", 3))
    page = (await client.get("/search", params=trip)).text
    link = html.unescape(re.findall(r'<ul class="choices">.*?href="([^"]+)"', page, re.S)[0])
    # then a choice changes that flight's airport alone
    assert "destination=SYD&" in link
    assert "origin=LHR&" in link
    assert "origin=SYD&" in link
    assert "destination=AKL" in link


async def test_a_multi_city_trip_after_the_schedule_gets_no_strip(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # a strip's days would move the first flight alone, or collapse the trip into a return
    trip = _trip(seeded, ("LHR", "JFK", 20), ("JFK", "LAX", 22))
    page = (await client.get("/search", params=trip)).text
    assert "are on sale after" in page
    assert '<nav class="calendar-strip"' not in page


async def test_the_home_page_ignores_what_it_does_not_know(client: httpx.AsyncClient) -> None:
    # a link with tracking parameters shows the usual form, a week ahead
    page = (await client.get("/", params={"utm_source": "mail"})).text
    assert re.search(r'name="depart" value="\d{4}-\d\d-\d\d"', page)
    # and a flight number to remove that is no number is ignored, not a 500
    odd = await client.get("/", params={"origin": "LHR", "remove": "²"})
    assert odd.status_code == 200


async def test_adding_a_flight_to_a_return_trip_keeps_its_dates(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # the return date typed becomes the new flight's date (the way back, or on, starts then)
    back = (seeded + timedelta(days=3)).isoformat()
    form = {"origin": "LHR", "destination": "JFK", "depart": seeded.isoformat(), "return": back}
    page = (await client.get("/", params={**form, "add": "flight"})).text
    assert re.search(rf'name="depart" value="{back}"[^>]*required', page)
    # and removing a flight leaves the focus on "Add a flight"
    trip = _trip(seeded, ("LHR", "JFK", 0), ("JFK", "LAX", 1), ("LAX", "SFO", 2))
    page = (await client.get("/", params=[*trip, ("remove", "2")])).text
    assert re.search(r'name="add" value="flight"[^>]*autofocus', page)


async def test_assets_are_named_by_their_content_and_kept_by_browsers(
    client: httpx.AsyncClient,
) -> None:
    # given the home page, which names its script by a digest of the file served
    page = (await client.get("/")).text
    url = re.search(r'src="(/static/skyport\.js\?v=[0-9a-f]+)"', page)
    assert url is not None
    served = await client.get(url[1])
    digest = hashlib.blake2b(served.content, digest_size=6).hexdigest()
    assert url[1].endswith(f"?v={digest}")
    # then a browser may keep it for a year (a changed file gets another URL)
    assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    # while the same file asked for without a version is not kept forever, nor under a version
    # it is not (a replica not yet deployed, asked for the new one, must not pin the old)
    plain = await client.get("/static/skyport.js")
    assert "immutable" not in plain.headers.get("cache-control", "")
    other = await client.get("/static/skyport.js", params={"v": "0123456789ab"})
    assert other.headers["cache-control"] == "no-cache"


def test_an_asset_is_named_by_its_content_as_it_is_now(tmp_path: Path) -> None:
    url = asset_url(tmp_path, "https://cdn.example/static")
    # a file the process cannot read keeps its plain URL
    assert url("skyport.js") == "https://cdn.example/static/skyport.js"
    # and a file changed in place gets a new one
    (tmp_path / "skyport.js").write_text("one")
    first = url("skyport.js")
    (tmp_path / "skyport.js").write_text("two, longer")
    assert url("skyport.js") != first


def _per_passenger(page: str) -> list[tuple[str, str]]:
    """The offer page's "Each passenger pays" rows: (who, what each pays), as text."""
    if "per-passenger" not in page:
        return []
    table = page.split('class="price-table per-passenger"')[1].split("</table>")[0]
    rows = re.findall(r"<th scope=\"row\">(.*?)<br>.*?</th><td>(.*?)</td>", table, re.S)
    return [(html.unescape(who).strip(), html.unescape(each).strip()) for who, each in rows]


async def test_an_offer_page_says_what_each_passenger_pays(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given the first fare of a search for two adults, a child and an infant
    results = (await search_page(client, seeded, adults="2", children="1", infants="1")).text
    link = html.unescape(re.findall(r'href="(/offers/[^"]+)"', results)[0])
    page = (await client.get(link)).text
    # then its page says who travels and what one of each pays, a child less than an adult
    # and an infant on a lap less still
    rows = _per_passenger(page)
    assert [who for who, _ in rows] == ["2 adults, each", "1 child", "1 infant on a lap"]
    adult, child, infant = (float(each.split()[-1].replace(",", "")) for _, each in rows)
    assert adult > child > infant > 0
    # and the party's total is those amounts added up
    total = re.search(r"Total for 4 passengers</th><td><strong>([^<]+)</strong>", page)
    assert total is not None
    assert float(total[1].split()[-1].replace(",", "")) == pytest.approx(2 * adult + child + infant)


async def test_one_adult_s_offer_page_has_no_per_passenger_table(
    client: httpx.AsyncClient, seeded: date
) -> None:
    results = (await search_page(client, seeded)).text
    link = html.unescape(re.findall(r'href="(/offers/[^"]+)"', results)[0])
    page = (await client.get(link)).text
    assert "Total for 1 passenger" in page
    assert _per_passenger(page) == []


def _edge(flight: int, brand: str, cursor: str) -> dict[str, Any]:
    segment = {"flight": {"flightNumber": f"XA {flight}", "departureAt": "2026-12-10T10:00:00Z"}}
    return {"cursor": cursor, "node": {"fareBrand": brand, "slices": [{"segments": [segment]}]}}


def test_a_page_of_fares_ends_where_an_itinerary_does() -> None:
    # given a page whose last fares are two of an itinerary's three brands, with more after it
    edges = [_edge(1, "LIGHT", "c1"), _edge(1, "CLASSIC", "c2"), _edge(2, "LIGHT", "c3")]
    edges += [_edge(3, "LIGHT", "c4"), _edge(3, "CLASSIC", "c5")]
    kept, info = whole_itineraries(edges, {"hasNextPage": True, "endCursor": "c5"})
    # then that itinerary waits for the next page, which goes on from the fare before it
    assert [edge["cursor"] for edge in kept] == ["c1", "c2", "c3"]
    assert info == {"hasNextPage": True, "endCursor": "c3"}
    # and the last page, or a page of one itinerary, shows as it is
    assert whole_itineraries(edges, {"hasNextPage": False})[0] == edges
    alone = edges[:2]
    assert whole_itineraries(alone, {"hasNextPage": True, "endCursor": "c2"})[0] == alone


def _options(page: str) -> list[str]:
    """Each option of a results page as the flights it shows (its number and fares left out)."""
    articles = re.findall(r'<article class="offer"[^>]*>(.*?)<div class="brands">', page, re.S)
    flights = [re.sub(r"Option \d+: |<[^>]+>", " ", article) for article in articles]
    return [" ".join(shown.split()) for shown in flights]


async def test_no_itinerary_is_shown_twice_when_a_cap_leaves_some_fewer_fares(
    client: httpx.AsyncClient, seeded: date
) -> None:
    # given a search whose price cap (above 70% of its first page's fares) leaves many
    # itineraries only some of their fares, over more than a page, read page by page with
    # "More results" to its end
    search = {"destination": "SYD", "max_stops": "2"}
    every = (await search_page(client, seeded, **search)).text
    prices = sorted(float(p.replace(",", "")) for p in re.findall(r"EUR ([\d,.]+)</span>", every))
    cap = str(int(prices[len(prices) * 7 // 10]))
    page = (await search_page(client, seeded, **search, max_price=cap)).text
    assert "More results" in page
    options, fares = _options(page), page.count('class="brand-choice"')
    while "More results" in page:
        more = re.search(r'hx-get="([^"]+)"', page.split("More results")[0].rsplit("<a", 1)[1])
        assert more is not None
        page = (await client.get(html.unescape(more[1]), headers={"hx-request": "true"})).text
        options += _options(page)
        fares += page.count('class="brand-choice"')
    # then some options offer fewer fares than others (the cap at work), and no option's
    # flights are listed twice
    assert len(options) < fares < 3 * len(options)
    assert len(set(options)) == len(options)
