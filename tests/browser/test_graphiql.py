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


async def test_on_a_phone_the_answer_is_below_the_query_not_squeezed_off(
    page: Page, live_url: str
) -> None:
    # given GraphiQL on a phone's screen
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(live_url + "/graphql")
    run = page.locator(".graphiql-execute-button")
    await expect(run).to_be_visible(timeout=15_000)
    # when the example query runs
    await run.click()
    result = page.locator(".result-window")
    await expect(result).to_contain_text('"iataCode": "LHR"', timeout=10_000)
    # then the answer sits below the query, as wide as the screen allows (not a sliver beside it)
    answer = await result.bounding_box()
    query = await page.locator(".graphiql-query-editor").bounding_box()
    assert answer is not None
    assert query is not None
    assert answer["y"] >= query["y"] + query["height"]
    assert answer["width"] > 250
    assert answer["x"] + answer["width"] <= 390
