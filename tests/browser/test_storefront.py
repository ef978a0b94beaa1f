"""The storefront in a real browser: autocomplete, searching, and what a form error looks like."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, Page, expect


async def test_airport_field_suggests_airports_as_you_type(page: Page, live_url: str) -> None:
    # given the home page
    await page.goto(live_url + "/")
    await expect(page.get_by_role("heading", name="Where to next?")).to_be_visible()
    origin = page.get_by_role("combobox", name="From", exact=True)
    # when a traveller types part of a city into "From", misspelt
    await origin.press_sequentially("sydny", delay=30)
    # then a list of suggestions opens under the field with Sydney in it, though "sydny" is in
    # no airport's name, and its size is announced
    suggestions = page.get_by_role("listbox", name="From: airports")
    sydney = suggestions.get_by_role("option", name=re.compile(r"^Sydney · .*\(SYD, AU\)$"))
    await expect(sydney).to_be_visible()
    await expect(origin).to_have_attribute("aria-expanded", "true")
    await expect(page.locator("#origin-options-feedback")).to_have_text(
        re.compile(r"^\d+ results?\.")
    )
    # when they choose it with the keyboard
    await origin.press("ArrowDown")
    await expect(sydney).to_have_attribute("aria-selected", "true")
    await origin.press("Enter")
    # then the field holds its code, the list is gone, and the form was not sent
    await expect(origin).to_have_value("SYD")
    await expect(suggestions).to_be_hidden()
    assert page.url.rstrip("/") == live_url
    # and in "To", a click on a suggestion chooses it too
    destination = page.get_by_role("combobox", name="To", exact=True)
    await destination.press_sequentially("heathrow", delay=30)
    # (one suggestion is announced as one result)
    feedback = page.locator("#destination-options-feedback")
    await expect(feedback).to_have_text("1 result.")
    await page.get_by_role("option", name=re.compile(r"\(LHR, GB\)$")).click()
    await expect(destination).to_have_value("LHR")


async def test_airport_field_says_when_no_airport_matches(page: Page, live_url: str) -> None:
    await page.goto(live_url + "/")
    origin = page.get_by_role("combobox", name="From", exact=True)
    await origin.press_sequentially("qxzqxz", delay=30)
    suggestions = page.get_by_role("listbox", name="From: airports")
    await expect(suggestions).to_contain_text("No airport found for “qxzqxz”")
    await expect(suggestions.get_by_role("option")).to_have_count(0)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
async def test_the_search_form_is_laid_out_in_readable_rows(
    page: Page, live_url: str, width: int, height: int
) -> None:
    # given the home page on a desktop and on a phone
    await page.set_viewport_size({"width": width, "height": height})
    await page.goto(live_url + "/")
    # then the search form is one landmark, its airport fields are wide enough to read what is
    # typed, the passenger fields sit below them, and the button is a button, not a banner
    await expect(page.get_by_role("search")).to_have_count(1)
    origin = await page.get_by_label("From", exact=True).bounding_box()
    adults = await page.get_by_label("Adults").bounding_box()
    button = await page.get_by_role("button", name="Search flights").bounding_box()
    assert origin is not None
    assert adults is not None
    assert button is not None
    assert origin["width"] >= min(300, width * 0.8)
    assert adults["y"] > origin["y"] + origin["height"]
    assert button["height"] < 80
    # and nothing sticks out sideways (the page does not scroll left and right)
    assert await page.evaluate("document.documentElement.scrollWidth") <= width


async def test_unknown_airport_re_renders_the_form_with_the_reason(
    page: Page, live_url: str
) -> None:
    await page.goto(live_url + "/")
    await page.get_by_label("From", exact=True).fill("Atlantis Spaceport")
    await page.get_by_label("To", exact=True).fill("JFK")
    await page.get_by_role("button", name="Search flights").click()
    alert = page.get_by_role("alert")
    await expect(alert).to_contain_text("could not find an airport")
    # and what the traveller typed is still there
    await expect(page.get_by_label("From", exact=True)).to_have_value("Atlantis Spaceport")


async def test_search_to_offer_to_seat_map(page: Page, live_url: str, seeded: date) -> None:
    # given a traveller searching London to New York on a seeded day
    day = (seeded + timedelta(days=2)).isoformat()
    # (console errors, among them whatever the pages could not load, the icon too; and uncaught
    # script errors)
    failed: list[str] = []
    page.on("console", lambda m: m.type == "error" and failed.append(f"{m.text} {m.location}"))
    page.on("pageerror", lambda error: failed.append(str(error)))
    await page.goto(live_url + "/")
    await page.get_by_label("From", exact=True).fill("LHR")
    await page.get_by_label("To", exact=True).fill("JFK")
    await page.get_by_label("Depart").fill(day)
    await page.get_by_role("button", name="Search flights").click()
    # then itineraries appear with a price per fare brand, and nearby days' lowest prices
    first_fare = page.locator(".brand-choice").first
    await expect(first_fare).to_contain_text("EUR")
    await expect(page.locator(".calendar-strip [aria-current=date]")).to_be_visible()
    # when they open the cheapest fare, then the offer shows its price breakdown
    await first_fare.click()
    await expect(page.get_by_text("Taxes and charges")).to_be_visible()
    # and says how long it is valid, and that it holds no seats
    await expect(page.get_by_text("no seats are held")).to_be_visible()
    # and its seat map shows free and taken seats
    await page.get_by_role("link", name="seat map").first.click()
    await expect(page.get_by_role("table", name=re.compile("^Seats by row"))).to_be_visible()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^[A-Z0-9]{2} \d+ · London → New York$")
    )
    assert await page.locator(".seat.free").count() > 0
    # and nothing the pages asked for along the way was missing (not even the icon), and no
    # script failed
    await page.wait_for_load_state("networkidle")
    assert failed == []


async def test_more_results_load_below_the_first_ones(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a search with more itineraries than the first page shows
    day = (seeded + timedelta(days=1)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=SYD&depart={day}&max_stops=2")
    itineraries = page.locator("article.offer")
    first_page = await itineraries.count()
    assert first_page > 0
    # when the traveller asks for more (from the keyboard)
    await page.get_by_role("button", name="More results").focus()
    await page.keyboard.press("Enter")
    # then more itineraries appear on the same page, below the first ones
    await expect(itineraries.nth(first_page)).to_be_visible()
    # (once: no second strip, no second count of offers)
    assert await page.locator(".calendar-strip").count() == 1
    assert await page.get_by_text("fares found").count() == 1
    # and the keyboard focus is on the first new one, named for a screen reader by its place
    # in the list, not thrown back to the top of the page
    await expect(itineraries.nth(first_page)).to_be_focused()
    await expect(itineraries.nth(first_page)).to_have_accessible_name(
        re.compile(rf"^Option {first_page + 1}: ")
    )


async def test_more_results_that_fail_say_so_in_place(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a results page whose "More results" link has gone bad (here: a cursor of no search)
    day = (seeded + timedelta(days=1)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=SYD&depart={day}&max_stops=2")
    more = page.get_by_role("button", name="More results")
    await more.evaluate(
        "link => link.setAttribute('hx-get', link.getAttribute('hx-get')"
        ".replace(/after=[^&]*/, 'after=k2.nothing.x'))"
    )
    await page.evaluate("htmx.process(document.body)")
    # when the traveller asks for more
    await more.click()
    # then the reason shows where the button was, with a way back to the first page, and the
    # page keeps one header, one search form and one footer (no page inside the page)
    await expect(page.get_by_role("alert")).to_contain_text("This page of results is out of date")
    await expect(page.get_by_role("link", name="Search again")).to_be_visible()
    assert await page.locator("header").count() == 1
    assert await page.locator("form.search-form").count() == 1
    assert await page.locator("footer").count() == 1


async def test_an_offer_gone_since_the_results_shows_why_when_clicked(
    page: Page, live_url: str, seeded: date
) -> None:
    # given results on screen, one of whose fares has since become invalid (here: its id
    # altered, as an expired one would be refused)
    day = (seeded + timedelta(days=1)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={day}")
    fare = page.locator(".brand-choice").first
    await fare.evaluate(
        "link => { link.setAttribute('href', '/offers/T2ZmZXI6MQ?back=/'); htmx.process(link) }"
    )
    # when the traveller clicks it, then the page says the offer cannot be shown (a 404 page is
    # shown, not swallowed by htmx)
    await fare.click()
    await expect(page.get_by_role("heading", name="This offer link does not work")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/offers/T2ZmZXI6MQ"))


async def test_going_back_to_the_form_shows_what_was_typed(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a traveller filling in the search form
    day = (seeded + timedelta(days=3)).isoformat()
    await page.goto(live_url + "/")
    await page.get_by_label("From", exact=True).fill("LHR")
    await page.get_by_label("To", exact=True).fill("JFK")
    await page.get_by_label("Depart").fill(day)
    await page.get_by_label("Cabin").select_option(label="Business")
    # then the return date cannot be set before the departure chosen
    await expect(page.get_by_label("Return (optional)")).to_have_attribute("min", day)
    # when they search, then go back from the results
    await page.get_by_role("button", name="Search flights").click()
    await expect(page.locator("article.offer").first).to_be_visible()
    await page.go_back()
    # then the form still holds what they typed and chose
    await expect(page.get_by_label("From", exact=True)).to_have_value("LHR")
    await expect(page.get_by_label("To", exact=True)).to_have_value("JFK")
    await expect(page.get_by_label("Depart")).to_have_value(day)
    await expect(page.get_by_label("Cabin")).to_have_value("BUSINESS")


async def test_an_offers_expiry_is_shown_in_the_travellers_own_time(
    browser: Browser, live_url: str, seeded: date
) -> None:
    # given a traveller whose browser is set to Tokyo time (no airport of the trip is there)
    context = await browser.new_context(timezone_id="Asia/Tokyo", locale="en-GB")
    page = await context.new_page()
    try:
        day = (seeded + timedelta(days=2)).isoformat()
        await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={day}")
        # when they open a fare (through htmx, as a click does)
        await page.locator(".brand-choice").first.click()
        expiry = page.locator("p", has_text="Offer valid for").locator("time")
        # then the offer's expiry reads in their own time, not in UTC
        await expect(expiry).to_contain_text("your time")
        utc = datetime.fromisoformat(str(await expiry.get_attribute("datetime")))
        tokyo = utc.astimezone(timezone(timedelta(hours=9)))
        await expect(expiry).to_contain_text(f"{tokyo:%H:%M}")
        await expect(expiry).not_to_contain_text("UTC")
    finally:
        await context.close()


async def test_a_multi_city_trip_from_the_home_page(
    page: Page, live_url: str, seeded: date
) -> None:
    failed: list[str] = []
    page.on("pageerror", lambda error: failed.append(str(error)))
    # given a traveller who has typed a return trip
    await page.goto(live_url + "/")
    await page.get_by_role("combobox", name="From", exact=True).fill("LHR")
    await page.get_by_role("combobox", name="To", exact=True).fill("JFK")
    await page.get_by_label("Depart", exact=True).fill(seeded.isoformat())
    await page.get_by_label("Return (optional)").fill((seeded + timedelta(days=3)).isoformat())
    # when they add a flight, then a second flight leaves from New York, its "To" has the focus,
    # and the return date is gone (the way back is a flight of its own)
    await page.get_by_role("button", name="Multi-city: add a flight").click()
    second = page.get_by_role("group", name="Flight 2")
    await expect(second).to_be_visible()
    await expect(second.get_by_role("combobox", name="From (flight 2)")).to_have_value("JFK")
    await expect(second.get_by_role("combobox", name="To (flight 2)")).to_be_focused()
    await expect(page.get_by_label("Return (optional)")).to_have_count(0)
    await page.keyboard.type("LAX")
    await second.get_by_label("Depart (flight 2)").fill((seeded + timedelta(days=1)).isoformat())
    # and a third flight added and removed again leaves the two as they were
    await page.get_by_role("button", name="Add a flight", exact=True).click()
    await page.get_by_role("button", name="Remove flight 3").click()
    await expect(page.get_by_role("group", name="Flight 3")).to_have_count(0)
    await expect(page.get_by_role("combobox", name="To (flight 2)")).to_have_value("LAX")
    # when they search, each itinerary flies London - New York, then New York - Los Angeles
    await page.get_by_role("button", name="Search flights").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(
        "London → New York → Los Angeles"
    )
    first = page.locator("article.offer").first
    await expect(first.locator(".slice")).to_have_count(2)
    await expect(first.locator(".slice").nth(1)).to_contain_text("JFK")
    await expect(first.locator(".slice").nth(1)).to_contain_text("LAX")
    assert failed == []


async def test_going_back_to_an_offer_shows_it_as_it_is_now(
    page: Page, live_url: str, seeded: date
) -> None:
    # given an offer opened from the results, then its seat map
    day = (seeded + timedelta(days=2)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={day}")
    await page.locator(".brand-choice").first.click()
    await expect(page.get_by_text("no seats are held")).to_be_visible()
    offer_url = page.url
    await page.get_by_role("link", name="seat map").first.click()
    await expect(page.get_by_role("table", name=re.compile("^Seats by row"))).to_be_visible()
    # when the traveller goes back
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    await page.go_back()
    # then the offer is asked for again (its minutes, seats and price are those of now), not
    # restored from the browser's copy of the page
    await expect(page.get_by_text("no seats are held")).to_be_visible()
    assert page.url == offer_url
    assert offer_url in asked


async def test_fares_fit_their_cards_on_a_phone(page: Page, live_url: str, seeded: date) -> None:
    # given nine travellers' fares (long amounts) on a phone, in the results and on an offer page
    await page.set_viewport_size({"width": 390, "height": 844})
    day = (seeded + timedelta(days=2)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={day}&adults=9")
    overflowing = """() => [...document.querySelectorAll('.brand-choice')]
        .filter(card => card.scrollWidth > card.clientWidth).length"""
    # then every amount fits inside its card
    assert await page.locator(".brand-choice").count() > 0
    assert await page.evaluate(overflowing) == 0
    await page.locator(".brand-choice").first.click()
    await expect(page.get_by_role("heading", name="Other fares for these flights")).to_be_visible()
    assert await page.evaluate(overflowing) == 0


async def test_enter_in_any_field_searches(page: Page, live_url: str, seeded: date) -> None:
    # given a filled-in form (which has "Multi-city: add a flight" buttons before its last one)
    await page.goto(live_url + "/")
    await page.get_by_role("combobox", name="From", exact=True).fill("LHR")
    await page.get_by_role("combobox", name="To", exact=True).fill("JFK")
    await page.get_by_label("Depart", exact=True).fill((seeded + timedelta(days=1)).isoformat())
    # when the traveller presses Enter in the number of adults
    await page.get_by_label("Adults").press("Enter")
    # then the search runs (no flight is added)
    await expect(page.locator(".brand-choice").first).to_be_visible()
    assert "/search?" in page.url
    assert "add=" not in page.url


async def test_a_suggestion_list_closes_when_the_field_is_left(page: Page, live_url: str) -> None:
    destination = page.get_by_role("combobox", name="To", exact=True)
    suggestions = page.get_by_role("listbox", name="To: airports")

    async def suggest() -> None:  # suggestions for "sydn" open under "To" on a fresh form
        await page.goto(live_url + "/")
        await destination.press_sequentially("sydn", delay=30)
        await expect(suggestions.get_by_role("option").first).to_be_visible()

    # when the traveller tabs on, then the list closes and says so
    await suggest()
    await destination.press("Tab")
    await expect(suggestions).to_be_hidden()
    await expect(destination).to_have_attribute("aria-expanded", "false")
    await expect(destination).to_have_value("sydn")
    # Tab on a highlighted suggestion chooses it and moves on (the ARIA combobox pattern)
    await suggest()
    await destination.press("ArrowDown")
    await expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    await destination.press("Tab")
    await expect(destination).to_have_value("SYD")
    await expect(page.get_by_label("Depart", exact=True)).to_be_focused()
    await expect(suggestions).to_be_hidden()
    # and a suggestion chosen with the mouse leaves the focus in its field
    await suggest()
    await suggestions.get_by_role("option").first.click()
    await expect(destination).to_have_value("SYD")
    await expect(destination).to_be_focused()
    await expect(suggestions).to_be_hidden()


async def test_a_date_past_the_last_on_sale_cannot_be_sent(page: Page, live_url: str) -> None:
    # given the home page, whose date fields end on the last day flights are sold for
    await page.goto(live_url + "/")
    depart = page.get_by_label("Depart", exact=True)
    last = date.fromisoformat(str(await depart.get_attribute("max")))
    assert last > date.today() + timedelta(days=360)
    await expect(page.get_by_label("Return (optional)")).to_have_attribute("max", str(last))
    # when a traveller types the day after it
    await page.get_by_role("combobox", name="From", exact=True).fill("LHR")
    await page.get_by_role("combobox", name="To", exact=True).fill("JFK")
    await depart.fill((last + timedelta(days=1)).isoformat())
    await page.get_by_role("button", name="Search flights").click()
    # then the browser keeps the form, the date marked as out of range
    assert await depart.evaluate("field => field.validity.rangeOverflow")
    assert page.url.rstrip("/") == live_url


async def test_a_refused_search_does_not_open_suggestions_over_the_form(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a form whose "To" is a guess at an airport ("sydny"), its list closed with Escape
    await page.goto(live_url + "/")
    await page.get_by_role("combobox", name="From", exact=True).fill("LHR")
    destination = page.get_by_role("combobox", name="To", exact=True)
    await destination.press_sequentially("sydny", delay=30)
    suggestions = page.get_by_role("listbox", name="To: airports")
    await expect(suggestions.get_by_role("option").first).to_be_visible()
    await destination.press("Escape")
    await expect(suggestions).to_be_hidden()
    # when Enter sends it, and the page comes back asking which airport was meant
    await destination.press("Enter")
    await expect(page.get_by_text("Which airport did you mean by")).to_be_visible()
    # then the field keeps the focus, but no list opens over the form until the traveller types
    await expect(destination).to_be_focused()
    await page.wait_for_timeout(500)  # (the suggestions the focus asked for have arrived)
    await expect(suggestions).to_be_hidden()
    await destination.press_sequentially("e", delay=30)
    await expect(suggestions.get_by_role("option").first).to_be_visible()
    # and the other airport field, clicked into, suggests as ever
    origin = page.get_by_role("combobox", name="From", exact=True)
    await origin.click()
    await expect(
        page.get_by_role("listbox", name="From: airports").get_by_role("option").first
    ).to_be_visible()


async def test_a_results_page_does_not_scroll_sideways_on_a_phone(
    page: Page, live_url: str, seeded: date
) -> None:
    # given the results of the schedule's last day on a phone: the days after it, off the
    # screen to the right of the day strip, have nothing on sale
    said = await page.request.post(live_url + "/graphql", data={"query": "{ lastScheduledDate }"})
    last = (await said.json())["data"]["lastScheduledDate"]
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={last}")
    await expect(page.locator(".calendar-strip .unsold").last).to_be_attached()
    strip = await page.locator(".calendar-strip").bounding_box()
    unsold = await page.locator(".calendar-strip .unsold").last.bounding_box()
    assert strip is not None
    assert unsold is not None
    assert unsold["x"] > strip["x"] + strip["width"]
    # then only the strip scrolls sideways, not the page under the traveller's thumb
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390


async def test_going_back_to_results_shows_the_search_they_are_of(
    page: Page, live_url: str, seeded: date
) -> None:
    # given London - New York results, cheapest first, whose search a traveller changes: another
    # destination, another day, the fastest first
    day, other_day = (seeded + timedelta(days=1)).isoformat(), (seeded + timedelta(days=2))
    await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={day}")
    change = page.locator("details.change-search")
    await change.locator(":scope > summary").click()
    await page.get_by_role("combobox", name="To", exact=True).fill("LAX")
    await page.get_by_role("combobox", name="To", exact=True).press("Escape")
    await page.get_by_label("Depart", exact=True).fill(other_day.isoformat())
    await page.get_by_label("Sort").select_option(label="Fastest")
    await page.get_by_role("button", name="Search flights").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Los Angeles")
    # when they go back
    await page.go_back()
    # then the London - New York results come with their own search: closed, as it was sent
    await expect(page.get_by_role("heading", level=1)).to_contain_text("London → New York")
    assert not await change.evaluate("details => details.open")
    # (a closed form's fields are out of the accessibility tree)
    await expect(change.locator("[name=destination]")).to_have_value("JFK")
    await expect(change.locator("[name=depart]")).to_have_value(day)
    await expect(change.locator("[name=sort]")).to_have_value("PRICE")
    # and so after a day of the strip was chosen with the sort changed but not sent
    await change.locator(":scope > summary").click()
    await page.get_by_label("Sort").select_option(label="Earliest")
    await page.locator(".calendar-strip a:not(.current)").first.click()
    await expect(page).not_to_have_url(re.compile(f"depart={day}"))
    await page.go_back()
    await expect(page).to_have_url(re.compile(f"depart={day}"))
    await expect(change.locator("[name=sort]")).to_have_value("PRICE")
    assert not await change.evaluate("details => details.open")


async def test_a_seat_map_reads_on_a_phone(page: Page, live_url: str, seeded: date) -> None:
    # given a phone, and the seat map of an Economy Light fare (seats chosen at a charge)
    await page.set_viewport_size({"width": 390, "height": 844})
    day = (seeded + timedelta(days=2)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={day}")
    await page.locator(".brand-choice", has_text="Economy Light").first.click()
    await page.get_by_role("link", name="seat map").first.click()
    seat_map = page.get_by_role("table", name=re.compile("^Seats by row, from the front"))
    await expect(seat_map).to_be_visible()
    seats = seat_map.locator(".seat")
    # then every seat is drawn the same height, priced, at no charge or taken alike
    heights = await seats.evaluate_all("seats => seats.map(seat => seat.offsetHeight)")
    assert len(heights) > 20
    assert len(set(heights)) == 1
    assert await seat_map.locator(".seat.taken").count() > 0
    assert await seat_map.locator(".seat-price").count() > 0
    # and the front of the aircraft is marked above the first row
    front = await page.get_by_text("▲ Front").bounding_box()
    first_row = await seat_map.locator("tr").first.bounding_box()
    assert front is not None
    assert first_row is not None
    assert front["y"] + front["height"] <= first_row["y"]
    # and each aisle is a gap one sees: more than 12 px between the seats on either side
    gaps = await seat_map.locator("td.aisle").evaluate_all(
        """cells => cells.map(cell => cell.nextElementSibling.firstElementChild
            .getBoundingClientRect().left - cell.previousElementSibling.firstElementChild
            .getBoundingClientRect().right)"""
    )
    assert gaps
    assert min(gaps) >= 12
    # and the map fits the screen (no sideways scrolling)
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(".overflow-auto")
    assert not await box.evaluate("box => box.scrollWidth > box.clientWidth")
    # and what a seat's marks mean is in sight, not in a tooltip: the legend, and "Exit" by the
    # number of an exit row
    legend = page.get_by_role("list", name="What the seat map shows")
    await expect(legend).to_be_visible()
    for words in ("at the price on it", "taken", "window seats are by the walls"):
        await expect(legend).to_contain_text(words)
    if await seat_map.locator(".seat.extra").count():
        await expect(legend).to_contain_text("extra legroom")
    exits = seat_map.locator("th .exit-mark")
    assert await exits.count() > 0
    await expect(exits.first).to_be_visible()
    await expect(legend).to_contain_text("an exit row")
    # and a screen reader still hears each seat in words
    await expect(seat_map).to_contain_text(re.compile(r"\d+[A-K] · (window|aisle|middle)"))


async def test_the_day_strips_amounts_fit_their_days_on_a_phone(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a phone, and business fares to Sydney: thousands of euros a day
    await page.set_viewport_size({"width": 390, "height": 844})
    day = (seeded + timedelta(days=1)).isoformat()
    await page.goto(
        f"{live_url}/search?origin=LHR&destination=SYD&depart={day}&max_stops=2&cabin=BUSINESS"
    )
    days = page.locator(".calendar-strip > *")
    await expect(days.first).to_be_visible()
    await expect(page.locator(".calendar-strip")).to_contain_text(re.compile(r"EUR \d,\d{3}\."))
    # then each day's amount is inside its box, not running into the next day's
    overflowing = await days.evaluate_all(
        "days => days.filter(day => day.scrollWidth > day.clientWidth).length"
    )
    assert overflowing == 0


async def test_an_itinerarys_fares_sit_side_by_side_on_a_phone(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a phone, and nine adults' fares from London to New York (long amounts)
    await page.set_viewport_size({"width": 390, "height": 844})
    day = (seeded + timedelta(days=2)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={day}&adults=9")
    option = page.locator("article.offer").first
    fares = option.locator(".brand-choice")
    assert await fares.count() == 3
    # then the fares of an itinerary sit in one row, so an option takes a third of the screen
    # at most, not a screen of its own
    tops = await fares.evaluate_all("fares => fares.map(f => f.getBoundingClientRect().top)")
    assert len(set(tops)) == 1
    box = await option.bounding_box()
    assert box is not None
    assert box["height"] < 844 / 3
    # and the page does not scroll sideways
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390


async def test_an_offers_seat_map_links_are_tap_targets(
    page: Page, live_url: str, seeded: date
) -> None:
    # given an offer of two flights, on a phone
    await page.set_viewport_size({"width": 390, "height": 844})
    day = (seeded + timedelta(days=1)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=SYD&depart={day}")
    await page.locator(".brand-choice").first.click()
    links = page.get_by_role("link", name="seat map")
    await expect(links.first).to_be_visible()
    assert await links.count() > 1
    # then each seat map link is a target a thumb can tap (44 px tall at least), named for its
    # flight
    for link in await links.all():
        box = await link.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        assert box["width"] >= 44
        await expect(link).to_have_accessible_name(re.compile(r"^Seat map of [A-Z0-9]{2} \d+, "))


async def test_a_multi_city_heading_is_short_on_a_phone(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a phone, and a trip London - New York - Los Angeles - London
    await page.set_viewport_size({"width": 390, "height": 844})
    legs = [("LHR", "JFK", 0), ("JFK", "LAX", 1), ("LAX", "LHR", 3)]
    query = "&".join(
        f"origin={o}&destination={d}&depart={seeded + timedelta(days=n)}" for o, d, n in legs
    )
    await page.goto(f"{live_url}/search?{query}")
    heading = page.get_by_role("heading", level=1)
    # then its heading names each city once, without the codes (each itinerary has them), in
    # a few lines at the top of the screen
    await expect(heading).to_have_text(
        "London → New York → Los Angeles → London LHR → JFK → LAX → LHR"
    )
    await expect(heading.locator("small")).to_be_hidden()
    box = await heading.bounding_box()
    assert box is not None
    assert box["height"] < 844 / 8


async def test_more_results_stay_shown_after_a_reload_and_an_offer(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a traveller who has loaded more results than the first page shows
    day = (seeded + timedelta(days=1)).isoformat()
    await page.goto(f"{live_url}/search?origin=LHR&destination=SYD&depart={day}&max_stops=2")
    options = page.locator("article.offer")
    first_page = await options.count()
    await page.get_by_role("button", name="More results").click()
    await expect(options.nth(first_page)).to_be_visible()
    shown = await options.count()
    # then the address says so, and a reload (or the link, shared) shows as many again
    await expect(page).to_have_url(re.compile(rf"&shown={shown}$"))
    await page.reload()
    await expect(options).to_have_count(shown)
    await expect(options.first).to_have_accessible_name(re.compile(r"^Option 1: "))
    # when they open a fare of the second page, then go back to the results by the offer's link
    later = options.nth(first_page + 1)
    name = await later.get_attribute("aria-labelledby")
    await later.locator(".brand-choice").first.click()
    await page.get_by_role("link", name="← Back to the results").click()
    # then every result shown is there again, that option in view
    await expect(options).to_have_count(shown)
    await expect(page.locator(f"article[aria-labelledby='{name}']")).to_be_in_viewport()


async def test_a_search_address_leaves_out_the_fields_left_empty(
    page: Page, live_url: str, seeded: date
) -> None:
    # given a traveller filling in only where, when and a cabin
    day = (seeded + timedelta(days=1)).isoformat()
    await page.goto(live_url + "/")
    await page.get_by_role("combobox", name="From", exact=True).fill("LHR")
    await page.get_by_role("combobox", name="To", exact=True).fill("JFK")
    await page.get_by_label("Depart", exact=True).fill(day)
    await page.get_by_label("Cabin").select_option(label="Business")
    # when they search
    await page.get_by_role("button", name="Search flights").click()
    await expect(page.locator(".brand-choice").first).to_be_visible()
    # then the address has what they chose, and none of the fields left empty
    assert "cabin=BUSINESS" in page.url
    for empty in ("return=", "max_stops=", "leave_after=", "leave_before=", "max_price="):
        assert empty not in page.url
    # and going back, the form is whole: its fields there and enabled, as typed
    await page.go_back()
    await expect(page.get_by_label("Return (optional)")).to_be_enabled()
    await expect(page.get_by_label("Cabin")).to_have_value("BUSINESS")
    # and the results' form to change the search, sent again, says as little
    await page.go_forward()
    await page.locator("details.change-search > summary").click()
    await page.get_by_label("Sort").select_option(label="Fastest")
    await page.get_by_role("button", name="Search flights").click()
    await expect(page).to_have_url(re.compile("sort=DURATION"))
    assert "return=" not in page.url
    assert "max_price=" not in page.url


async def test_an_offers_expiry_is_written_the_sites_way_however_it_is_reached(
    browser: Browser, live_url: str, seeded: date
) -> None:
    # given a traveller in New York whose browser speaks German
    context = await browser.new_context(timezone_id="America/New_York", locale="de-DE")
    page = await context.new_page()
    expiry = page.locator("p", has_text="Offer valid for").locator("time")

    async def said() -> None:  # the expiry in New York time, as the site writes times
        utc = datetime.fromisoformat(str(await expiry.get_attribute("datetime")))
        there = utc.astimezone(ZoneInfo("America/New_York"))
        written = f"{there:%a} {there.day} {there:%b}, {there:%H:%M} your time"
        await expect(expiry).to_have_text(written)

    try:
        day = (seeded + timedelta(days=2)).isoformat()
        await page.goto(f"{live_url}/search?origin=LHR&destination=JFK&depart={day}")
        # when they open a fare (htmx swaps the offer in), then its expiry reads in their own
        # time, the site's way ("Wed 2 Dec, 06:31 your time"), not the browser's ("Mi., 2. Dez.")
        await page.locator(".brand-choice").first.click()
        await said()
        # and so when the offer's page is loaded whole, and when they come back to it
        await page.reload()
        await said()
        await page.get_by_role("link", name="seat map").first.click()
        await expect(page.get_by_role("table", name=re.compile("^Seats by row"))).to_be_visible()
        await page.go_back()
        await said()
    finally:
        await context.close()
