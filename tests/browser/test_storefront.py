"""The storefront in a real browser: autocomplete, searching, and what a form error looks like."""

from __future__ import annotations

from playwright.async_api import Page, expect


async def test_airport_field_suggests_airports_as_you_type(page: Page, live_url: str) -> None:
    # given the home page
    await page.goto(live_url + "/")
    await expect(page.get_by_role("heading", name="Where to next?")).to_be_visible()
    # when a traveller types part of a city into "From"
    await page.get_by_label("From", exact=True).press_sequentially("londo", delay=30)
    # then htmx fills the field's suggestions with London airports
    options = page.locator("#origin-options option")
    await expect(options.first).to_have_attribute("value", "LHR")


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
