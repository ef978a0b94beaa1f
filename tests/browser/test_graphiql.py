"""GraphiQL loads from our own static files (no CDN) and runs a query."""

from __future__ import annotations

from playwright.async_api import Page, expect


async def test_graphiql_runs_the_example_query(page: Page, live_url: str) -> None:
    # given a developer opening the API explorer from the storefront's footer
    await page.goto(live_url + "/")
    await page.get_by_role("link", name="the GraphQL API explorer").click()
    # when the editor has loaded and they run the example query
    run = page.locator(".graphiql-execute-button")
    await expect(run).to_be_visible(timeout=15_000)
    await run.click()
    # then the answer lists London Heathrow in its time zone
    result = page.locator(".result-window")
    await expect(result).to_contain_text('"iataCode": "LHR"', timeout=10_000)
    await expect(result).to_contain_text("Europe/London")
